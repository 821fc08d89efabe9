// A simulated WebAuthn authenticator for tests: a P-256 key made with OpenSSL, ECDSA
// signatures over authenticatorData || SHA-256(clientDataJSON), and CBOR encoded by hand
// (so the encoder is not the parser under test). Header-only; shared by the core
// verifier's tests and the console's.
#pragma once

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/hash.hpp"
#include "core/webauthn.hpp"

namespace jg::webauthn::testing {

// --- a minimal CBOR encoder (RFC 8949 §3) ---
inline std::string head(int major, std::uint64_t n) {
    std::string out;
    const auto m = static_cast<char>(major << 5);
    if (n < 24) {
        out += static_cast<char>(m | static_cast<char>(n));
    } else if (n < 256) {
        out += static_cast<char>(m | 24);
        out += static_cast<char>(n);
    } else {
        out += static_cast<char>(m | 25);
        out += static_cast<char>(n >> 8);
        out += static_cast<char>(n & 0xff);
    }
    return out;
}
inline std::string cbor_int(std::int64_t v) { return v >= 0 ? head(0, static_cast<std::uint64_t>(v)) : head(1, static_cast<std::uint64_t>(-1 - v)); }
inline std::string cbor_bytes(const std::string& b) { return head(2, b.size()) + b; }
inline std::string cbor_text(const std::string& t) { return head(3, t.size()) + t; }
inline std::string cbor_map(std::size_t pairs) { return head(5, pairs); }

struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

// A simulated authenticator holding one P-256 credential.
struct Authenticator {
    std::unique_ptr<EVP_PKEY, KeyFree> key{EVP_EC_gen("P-256")};
    std::string credential_id = std::string("cred-\x01\x02\x03-0123456789abcdef", 26);
    std::uint32_t counter = 0;

    std::string point() const {
        unsigned char buf[65];
        std::size_t len = 0;
        EXPECT_EQ(EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_PUB_KEY, buf, sizeof buf, &len), 1);
        EXPECT_EQ(len, 65u);
        return std::string(reinterpret_cast<const char*>(buf), len);
    }
    std::string cose_key(int alg = k_es256, int crv = 1) const {
        const std::string p = point();
        return cbor_map(5) + cbor_int(1) + cbor_int(2) + cbor_int(3) + cbor_int(alg) + cbor_int(-1) + cbor_int(crv) +
               cbor_int(-2) + cbor_bytes(p.substr(1, 32)) + cbor_int(-3) + cbor_bytes(p.substr(33, 32));
    }
    static std::string be32(std::uint32_t v) {
        return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
    }
    std::string auth_data(const std::string& rp_id, unsigned char flags, std::uint32_t count,
                          const std::string& attested = {}) const {
        return sha256(rp_id) + std::string(1, static_cast<char>(flags)) + be32(count) + attested;
    }
    std::string attested(int alg = k_es256) const {
        return std::string(16, '\0') + std::string{static_cast<char>(credential_id.size() >> 8),
                                                   static_cast<char>(credential_id.size() & 0xff)} +
               credential_id + cose_key(alg);
    }
    std::string sign(const std::string& data) const {
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), EVP_MD_CTX_free);
        EXPECT_EQ(EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, key.get()), 1);
        std::size_t len = 0;
        EXPECT_EQ(EVP_DigestSign(md.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()), data.size()), 1);
        std::string sig(len, '\0');
        EXPECT_EQ(EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                                 reinterpret_cast<const unsigned char*>(data.data()), data.size()),
                  1);
        sig.resize(len);
        return sig;
    }
};

inline std::string client_data(const std::string& type, const std::string& challenge, const std::string& origin,
                        bool cross_origin = false) {
    return R"({"type":")" + type + R"(","challenge":")" + base64url_encode(challenge) + R"(","origin":")" + origin +
           R"(","crossOrigin":)" + (cross_origin ? "true" : "false") + "}";
}

inline std::string attestation_object(const std::string& auth_data, const std::string& fmt = "none") {
    return cbor_map(3) + cbor_text("fmt") + cbor_text(fmt) + cbor_text("attStmt") + cbor_map(0) +
           cbor_text("authData") + cbor_bytes(auth_data);
}

inline constexpr unsigned char k_up = 0x01, k_uv = 0x04, k_at = 0x40;

}  // namespace jg::webauthn::testing
