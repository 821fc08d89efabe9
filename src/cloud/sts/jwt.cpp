#include "cloud/sts/jwt.hpp"

#include <fmt/format.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>

#include "core/encoding.hpp"
#include "core/json.hpp"

namespace jg::cloud::sts {

namespace {

template <class T, void (*F)(T*)>
struct Free {
    void operator()(T* p) const { F(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY, EVP_PKEY_free>>;
using Bn = std::unique_ptr<BIGNUM, Free<BIGNUM, BN_free>>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, Free<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Free<OSSL_PARAM, OSSL_PARAM_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Free<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Free<EVP_MD_CTX, EVP_MD_CTX_free>>;
using EcSig = std::unique_ptr<ECDSA_SIG, Free<ECDSA_SIG, ECDSA_SIG_free>>;

Unexpected invalid_token(std::string message) { return fail("InvalidIdentityToken", std::move(message)); }

std::string member_text(const Node& obj, std::string_view key) {
    const Node* n = obj.find(key);
    return n && n->is_string() ? n->text : std::string();
}

Bn bn_from(std::string_view bytes) {
    return Bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()), nullptr));
}

Result<Pkey> from_params(const char* type, OSSL_PARAM_BLD* bld, std::string_view what) {
    Params params(OSSL_PARAM_BLD_to_param(bld));
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return fail("InvalidInput", fmt::format("{}: OpenSSL refuses the key", what));
    return Pkey(raw);
}

// A public key from one JWK; `what` names it in errors.
Result<Pkey> key_from_jwk(const Node& jwk, std::string_view what) {
    std::string kty = member_text(jwk, "kty");
    if (kty == "RSA") {
        auto n = base64url_decode(member_text(jwk, "n"));
        auto e = base64url_decode(member_text(jwk, "e"));
        if (!n || !e || n->empty() || e->empty())
            return fail("InvalidInput", fmt::format("{}: an RSA key needs base64url members \"n\" and \"e\"", what));
        if (n->size() < 256)
            return fail("InvalidInput", fmt::format("{}: the RSA modulus has {} bits; at least 2048 are needed", what,
                                                    n->size() * 8));
        Bn bn_n = bn_from(*n), bn_e = bn_from(*e);
        ParamBld bld(OSSL_PARAM_BLD_new());
        if (!bn_n || !bn_e || !bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
            !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()))
            return fail("InvalidInput", fmt::format("{}: the RSA key cannot be built", what));
        return from_params("RSA", bld.get(), what);
    }
    if (kty == "EC") {
        if (member_text(jwk, "crv") != "P-256")
            return fail("InvalidInput", fmt::format("{}: only EC keys on curve \"P-256\" are supported", what));
        auto x = base64url_decode(member_text(jwk, "x"));
        auto y = base64url_decode(member_text(jwk, "y"));
        if (!x || !y || x->size() != 32 || y->size() != 32)
            return fail("InvalidInput", fmt::format("{}: a P-256 key needs 32-byte base64url members \"x\" and \"y\"", what));
        std::string point = "\x04" + *x + *y;
        ParamBld bld(OSSL_PARAM_BLD_new());
        if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
            !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()))
            return fail("InvalidInput", fmt::format("{}: the EC key cannot be built", what));
        return from_params("EC", bld.get(), what);
    }
    return fail("InvalidInput", fmt::format("{}: key type \"{}\" is not supported (RSA or EC)", what, kty));
}

Result<Node> parse_jwks(std::string_view jwks_json) {
    auto doc = parse_json(jwks_json, "JWKS");
    if (!doc) return fail("InvalidInput", "the JWKS is not JSON: " + doc.error().message);
    const Node* keys = doc->is_object() ? doc->find("keys") : nullptr;
    if (!keys || !keys->is_array() || keys->items.empty())
        return fail("InvalidInput", "the JWKS must be an object with a non-empty \"keys\" array");
    return std::move(*keys);
}

bool verify(EVP_PKEY* key, std::string_view data, std::string_view sig) {
    MdCtx md(EVP_MD_CTX_new());
    if (!md || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, key) <= 0) return false;
    return EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                            reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

// JWS ES256 signatures are R || S (32 bytes each); OpenSSL verifies DER.
std::optional<std::string> es256_der(std::string_view raw) {
    if (raw.size() != 64) return std::nullopt;
    EcSig sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
    BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return std::nullopt;
    }
    int len = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (len <= 0) return std::nullopt;
    std::string der(static_cast<std::size_t>(len), '\0');
    auto* p = reinterpret_cast<unsigned char*>(der.data());
    i2d_ECDSA_SIG(sig.get(), &p);
    return der;
}

}  // namespace

Result<std::string> base64url_decode(std::string_view text) {
    std::string b64(text);
    for (char& c : b64) {
        if (c == '-') c = '+';
        else if (c == '_') c = '/';
        else if (c == '+' || c == '/' || c == '=') return fail("InvalidInput", "not base64url");
    }
    if (b64.size() % 4 == 1) return fail("InvalidInput", "not base64url");
    while (b64.size() % 4 != 0) b64 += '=';
    return base64_decode(b64);
}

Result<Jwt> parse_jwt(std::string_view token) {
    const std::string not_jwt =
        "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)";
    auto dot1 = token.find('.');
    auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
        return invalid_token(not_jwt);
    auto header = base64url_decode(token.substr(0, dot1));
    auto claims = base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
    auto sig = base64url_decode(token.substr(dot2 + 1));
    if (!header || !claims || !sig) return invalid_token(not_jwt);
    auto h = parse_json(*header, "JWT header");
    auto c = parse_json(*claims, "JWT claims");
    if (!h || !c || !h->is_object() || !c->is_object()) return invalid_token(not_jwt);
    return Jwt{std::move(*h), std::move(*c), std::string(token.substr(0, dot2)), std::move(*sig)};
}

Result<void> check_jwks(std::string_view jwks_json) {
    auto keys = parse_jwks(jwks_json);
    if (!keys) return Unexpected(keys.error());
    for (std::size_t i = 0; i < keys->items.size(); ++i) {
        const Node& jwk = keys->items[i];
        std::string kid = member_text(jwk, "kid");
        std::string what = kid.empty() ? fmt::format("key {}", i + 1) : fmt::format("key {} (kid \"{}\")", i + 1, kid);
        if (!jwk.is_object()) return fail("InvalidInput", what + ": not an object");
        if (auto key = key_from_jwk(jwk, what); !key) return Unexpected(key.error());
    }
    return {};
}

Result<void> verify_jwt(const Jwt& jwt, std::string_view jwks_json) {
    std::string alg = member_text(jwt.header, "alg");
    if (alg != "RS256" && alg != "ES256")
        return invalid_token(fmt::format("The token's signing algorithm \"{}\" is not supported (RS256, ES256).", alg));
    auto keys = parse_jwks(jwks_json);
    if (!keys) return invalid_token("The identity provider's key set is not usable: " + keys.error().message);
    std::string kid = member_text(jwt.header, "kid");
    const Node* chosen = nullptr;
    for (const Node& jwk : keys->items) {
        if (!jwk.is_object()) continue;
        if (kid.empty() ? keys->items.size() == 1 : member_text(jwk, "kid") == kid) chosen = &jwk;
    }
    const std::string no_key =
        "Couldn't retrieve verification key from your identity provider,  please reference "
        "AssumeRoleWithWebIdentity documentation for requirements";
    if (!chosen) return invalid_token(no_key);
    std::string kty = member_text(*chosen, "kty");
    if ((alg == "RS256") != (kty == "RSA")) return invalid_token(no_key);
    auto key = key_from_jwk(*chosen, "the key");
    if (!key) return invalid_token(no_key);
    std::string signature = jwt.signature;
    if (alg == "ES256") {
        auto der = es256_der(jwt.signature);
        if (!der) return invalid_token("The token's signature could not be verified.");
        signature = std::move(*der);
    }
    if (!verify(key->get(), jwt.signed_part, signature))
        return invalid_token("The token's signature could not be verified.");
    return {};
}

}  // namespace jg::cloud::sts
