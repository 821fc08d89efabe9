// The relying party's side of WebAuthn (W3C Web Authentication, level 2) for passkeys and
// security keys used as a second factor: checking a registration (navigator.credentials
// .create) and an assertion (navigator.credentials.get) the browser sends back.
//
// Registration: clientDataJSON (type "webauthn.create", the challenge issued, the
// expected origin), the attestation object (CBOR, libcbor: {fmt, attStmt, authData};
// "none" attestation only), authenticatorData (SHA-256 of the RP ID, UP set, UV when
// required, attested credential data present), and the credential's COSE key (EC2, P-256,
// ES256 = alg -7). Assertion: the same clientDataJSON checks with type "webauthn.get",
// authenticatorData's RP ID hash and flags, a signature counter that grew (an
// authenticator without a counter sends 0 each time), and the ECDSA signature over
// authenticatorData || SHA-256(clientDataJSON) with the registered key (OpenSSL).
//
// Every refusal is an "AccessDenied" error saying what failed, where and why; the
// verifier keeps no state: the caller issues challenges (single use, expiring) and
// stores the credential and its counter.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jg::webauthn {

// COSE algorithm ES256 (ECDSA with SHA-256 on P-256).
inline constexpr int k_es256 = -7;

// What the relying party expects of one ceremony.
struct Expectation {
    std::string challenge;  // the raw bytes issued for this attempt
    std::string origin;     // "https://console.example" / "http://localhost:8080"
    std::string rp_id;      // the RP ID: the origin's host (or a registrable suffix of it)
    bool require_user_verification = false;
};

// An EC2 P-256 public key: the raw 32-byte coordinates.
struct PublicKey {
    int alg = k_es256;
    std::string x, y;
};

struct Registration {
    std::string credential_id;  // raw bytes
    PublicKey key;
    std::uint32_t sign_count = 0;
    bool user_verified = false;
    std::string aaguid;  // 16 raw bytes (all zero with "none" attestation)
};

// Checks a registration. `client_data_json` and `attestation_object` are the raw bytes
// the browser returned (not base64).
Result<Registration> verify_registration(std::string_view client_data_json, std::string_view attestation_object,
                                         const Expectation& expected);

struct Assertion {
    std::uint32_t sign_count = 0;  // to store as the credential's new counter
    bool user_verified = false;
};

// Checks an assertion made with the credential of `key` whose stored counter is
// `stored_sign_count`.
Result<Assertion> verify_assertion(std::string_view client_data_json, std::string_view authenticator_data,
                                   std::string_view signature, const PublicKey& key, std::uint32_t stored_sign_count,
                                   const Expectation& expected);

// Base64url without padding (RFC 4648 §5), as WebAuthn carries binary in JSON.
std::string base64url_encode(std::string_view bytes);
// Accepts it with or without '=' padding; refuses any other character.
Result<std::string> base64url_decode(std::string_view text);

// The host of an origin ("http://localhost:8080" -> "localhost"), "" when it has none.
std::string origin_host(std::string_view origin);

}  // namespace jg::webauthn
