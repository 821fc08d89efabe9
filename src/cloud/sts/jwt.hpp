// OpenID Connect ID tokens (JWS compact serialisation, RFC 7515/7519) and the JSON Web
// Key Sets that verify them (RFC 7517): RS256 (RSA PKCS#1 v1.5, SHA-256) and ES256
// (ECDSA P-256, SHA-256). Used by AssumeRoleWithWebIdentity.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::sts {

struct Jwt {
    Node header;              // {"alg", "kid"?, "typ"?}
    Node claims;              // {"iss", "sub", "aud", "exp", ...}
    std::string signed_part;  // BASE64URL(header) "." BASE64URL(claims)
    std::string signature;    // raw bytes
};

// Splits and decodes a token. Errors (code "InvalidIdentityToken"): not three
// base64url parts, header or claims not a JSON object.
Result<Jwt> parse_jwt(std::string_view token);

// Checks a JWKS document: a {"keys": [...]} object whose RSA and P-256 EC keys are
// usable. Errors name the key and what is wrong with it (code "InvalidInput").
Result<void> check_jwks(std::string_view jwks_json);

// Verifies the token's signature with the key of `jwks_json` its header names ("kid";
// without one, the only key of the set). Errors (code "InvalidIdentityToken"): alg other
// than RS256/ES256, no such key, a signature that does not verify.
Result<void> verify_jwt(const Jwt& jwt, std::string_view jwks_json);

// base64url without padding (RFC 4648 §5), strict.
Result<std::string> base64url_decode(std::string_view text);

}  // namespace jg::cloud::sts
