#include "core/webauthn.hpp"

#include <cbor.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>

#include "core/hash.hpp"
#include "core/json.hpp"

namespace jg::webauthn {

namespace {

Unexpected refused(std::string what) { return fail("AccessDenied", "WebAuthn: " + std::move(what)); }

// authenticatorData flags (WebAuthn §6.1).
constexpr unsigned char k_flag_up = 0x01;
constexpr unsigned char k_flag_uv = 0x04;
constexpr unsigned char k_flag_at = 0x40;
constexpr unsigned char k_flag_ed = 0x80;
constexpr std::size_t k_auth_data_min = 37;  // rpIdHash(32) flags(1) signCount(4)

struct CborDeleter {
    void operator()(cbor_item_t* item) const { cbor_decref(&item); }
};
using Cbor = std::unique_ptr<cbor_item_t, CborDeleter>;

// One CBOR item from the front of `bytes`; `read` gets how many bytes it took.
Result<Cbor> load_cbor(std::string_view bytes, std::string_view what, std::size_t& read) {
    struct cbor_load_result result {};
    cbor_item_t* item = cbor_load(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), &result);
    if (!item || result.error.code != CBOR_ERR_NONE) {
        if (item) cbor_decref(&item);
        return refused(std::string(what) + " is not valid CBOR (error at byte " + std::to_string(result.error.position) + ")");
    }
    read = result.read;
    return Cbor(item);
}

std::optional<std::string> text_of(const cbor_item_t* item) {
    if (!cbor_isa_string(item) || !cbor_string_is_definite(item)) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(cbor_string_handle(item)), cbor_string_length(item));
}

std::optional<std::string> bytes_of(const cbor_item_t* item) {
    if (!cbor_isa_bytestring(item) || !cbor_bytestring_is_definite(item)) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(cbor_bytestring_handle(item)), cbor_bytestring_length(item));
}

// An integer key or value: unsigned or negative, as a signed 64-bit number.
std::optional<std::int64_t> int_of(const cbor_item_t* item) {
    if (cbor_isa_uint(item)) {
        const std::uint64_t v = cbor_get_int(item);
        if (v > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
        return static_cast<std::int64_t>(v);
    }
    if (cbor_isa_negint(item)) {
        const std::uint64_t v = cbor_get_int(item);
        if (v > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
        return -1 - static_cast<std::int64_t>(v);
    }
    return std::nullopt;
}

std::uint32_t be32(std::string_view b, std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}

// clientDataJSON (§7.1 steps 5-12 / §7.2 steps 9-14): type, challenge, origin, no
// cross-origin use.
Result<void> check_client_data(std::string_view client_data_json, std::string_view type, const Expectation& e) {
    auto parsed = parse_json(client_data_json, "clientDataJSON");
    if (!parsed || !parsed->is_object()) return refused("clientDataJSON is not a JSON object");
    auto member = [&](std::string_view key) -> std::optional<std::string> {
        const Node* n = parsed->find(key);
        if (!n || !n->is_string()) return std::nullopt;
        return n->text;
    };
    auto got_type = member("type");
    if (!got_type) return refused("clientDataJSON has no \"type\"");
    if (*got_type != type)
        return refused("clientDataJSON type is \"" + *got_type + "\", expected \"" + std::string(type) + "\"");
    auto challenge = member("challenge");
    if (!challenge) return refused("clientDataJSON has no \"challenge\"");
    auto raw = base64url_decode(*challenge);
    if (!raw || e.challenge.empty() || !constant_time_equals(*raw, e.challenge))
        return refused("clientDataJSON challenge is not the one issued for this attempt (expired, used, or forged)");
    auto origin = member("origin");
    if (!origin) return refused("clientDataJSON has no \"origin\"");
    if (*origin != e.origin) return refused("clientDataJSON origin is \"" + *origin + "\", expected \"" + e.origin + "\"");
    if (const Node* cross = parsed->find("crossOrigin"); cross && cross->is_bool() && cross->text == "true")
        return refused("clientDataJSON says the ceremony ran in a cross-origin frame");
    return {};
}

// authenticatorData's fixed part (§7.1 steps 13-15 / §7.2 steps 15-17).
Result<unsigned char> check_auth_data_head(std::string_view auth_data, const Expectation& e) {
    if (auth_data.size() < k_auth_data_min)
        return refused("authenticatorData is " + std::to_string(auth_data.size()) + " bytes, shorter than 37");
    if (!constant_time_equals(auth_data.substr(0, 32), sha256(e.rp_id)))
        return refused("authenticatorData rpIdHash is not SHA-256 of the RP ID \"" + e.rp_id + "\"");
    const auto flags = static_cast<unsigned char>(auth_data[32]);
    if (!(flags & k_flag_up)) return refused("authenticatorData flags lack User Present (UP)");
    if (e.require_user_verification && !(flags & k_flag_uv))
        return refused("authenticatorData flags lack User Verified (UV), which is required");
    return flags;
}

// A COSE_Key (RFC 9053 §7.1.1) of type EC2 on P-256 for ES256.
Result<PublicKey> cose_ec2_key(const cbor_item_t* map) {
    if (!cbor_isa_map(map) || !cbor_map_is_definite(map)) return refused("credentialPublicKey is not a CBOR map");
    std::optional<std::int64_t> kty, alg, crv;
    std::optional<std::string> x, y;
    const struct cbor_pair* pairs = cbor_map_handle(map);
    for (std::size_t i = 0; i < cbor_map_size(map); ++i) {
        auto key = int_of(pairs[i].key);
        if (!key) return refused("credentialPublicKey has a key that is not an integer");
        switch (*key) {
            case 1: kty = int_of(pairs[i].value); break;
            case 3: alg = int_of(pairs[i].value); break;
            case -1: crv = int_of(pairs[i].value); break;
            case -2: x = bytes_of(pairs[i].value); break;
            case -3: y = bytes_of(pairs[i].value); break;
            default: break;
        }
    }
    if (kty != 2) return refused("credentialPublicKey kty is not EC2 (2)");
    if (alg != k_es256) return refused("credentialPublicKey alg is not ES256 (-7); only ES256 is supported");
    if (crv != 1) return refused("credentialPublicKey crv is not P-256 (1)");
    if (!x || !y || x->size() != 32 || y->size() != 32)
        return refused("credentialPublicKey x and y must be 32-byte strings");
    return PublicKey{k_es256, std::move(*x), std::move(*y)};
}

template <class T, void (*F)(T*)>
struct Free {
    void operator()(T* p) const { F(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY, EVP_PKEY_free>>;

// The key as OpenSSL's EVP_PKEY; refuses a point that is not on the curve.
Result<Pkey> evp_key(const PublicKey& key) {
    if (key.alg != k_es256 || key.x.size() != 32 || key.y.size() != 32)
        return refused("the stored public key is not an ES256 P-256 key");
    std::string point = "\x04" + key.x + key.y;
    std::unique_ptr<OSSL_PARAM_BLD, Free<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>> bld(OSSL_PARAM_BLD_new());
    char group[] = "prime256v1";
    if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()))
        return fail("InternalFailure", "OpenSSL: cannot build the EC key parameters");
    std::unique_ptr<OSSL_PARAM, Free<OSSL_PARAM, OSSL_PARAM_free>> params(OSSL_PARAM_BLD_to_param(bld.get()));
    std::unique_ptr<EVP_PKEY_CTX, Free<EVP_PKEY_CTX, EVP_PKEY_CTX_free>> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return refused("the public key is not a point of P-256");
    Pkey pkey(raw);
    std::unique_ptr<EVP_PKEY_CTX, Free<EVP_PKEY_CTX, EVP_PKEY_CTX_free>> check(
        EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) return refused("the public key is not a point of P-256");
    return pkey;
}

}  // namespace

Result<Registration> verify_registration(std::string_view client_data_json, std::string_view attestation_object,
                                         const Expectation& expected) {
    if (auto ok = check_client_data(client_data_json, "webauthn.create", expected); !ok) return Unexpected(ok.error());
    std::size_t read = 0;
    auto att = load_cbor(attestation_object, "attestationObject", read);
    if (!att) return Unexpected(att.error());
    if (read != attestation_object.size()) return refused("attestationObject has bytes after its CBOR map");
    if (!cbor_isa_map(att->get()) || !cbor_map_is_definite(att->get()))
        return refused("attestationObject is not a CBOR map");
    std::optional<std::string> fmt, auth_data;
    const cbor_item_t* stmt = nullptr;
    const struct cbor_pair* pairs = cbor_map_handle(att->get());
    for (std::size_t i = 0; i < cbor_map_size(att->get()); ++i) {
        auto key = text_of(pairs[i].key);
        if (!key) return refused("attestationObject has a key that is not a text string");
        if (*key == "fmt") fmt = text_of(pairs[i].value);
        else if (*key == "authData") auth_data = bytes_of(pairs[i].value);
        else if (*key == "attStmt") stmt = pairs[i].value;
    }
    if (!fmt) return refused("attestationObject has no text \"fmt\"");
    if (!auth_data) return refused("attestationObject has no byte string \"authData\"");
    if (!stmt || !cbor_isa_map(stmt)) return refused("attestationObject has no map \"attStmt\"");
    // "none": the authenticator's make is not attested; its statement must be empty.
    if (*fmt != "none")
        return refused("attestation format \"" + *fmt + "\" is not supported (request attestation \"none\")");
    if (cbor_map_size(stmt) != 0) return refused("attestation \"none\" carries a non-empty attStmt");

    auto flags = check_auth_data_head(*auth_data, expected);
    if (!flags) return Unexpected(flags.error());
    if (!(*flags & k_flag_at)) return refused("authenticatorData has no attested credential data (AT flag)");
    // aaguid(16) credentialIdLength(2) credentialId credentialPublicKey [extensions]
    const std::string& ad = *auth_data;
    std::size_t at = k_auth_data_min;
    if (ad.size() < at + 18) return refused("authenticatorData ends inside the attested credential data");
    Registration out;
    out.aaguid = ad.substr(at, 16);
    const std::size_t id_len = (static_cast<std::size_t>(static_cast<unsigned char>(ad[at + 16])) << 8) |
                               static_cast<unsigned char>(ad[at + 17]);
    at += 18;
    if (id_len == 0 || id_len > 1023) return refused("credentialIdLength " + std::to_string(id_len) + " is not 1..1023");
    if (ad.size() < at + id_len) return refused("authenticatorData ends inside the credential id");
    out.credential_id = ad.substr(at, id_len);
    at += id_len;
    auto cose = load_cbor(std::string_view(ad).substr(at), "credentialPublicKey", read);
    if (!cose) return Unexpected(cose.error());
    at += read;
    if (at != ad.size() && !(*flags & k_flag_ed))
        return refused("authenticatorData has bytes after the credential public key but no extensions flag (ED)");
    auto key = cose_ec2_key(cose->get());
    if (!key) return Unexpected(key.error());
    if (auto usable = evp_key(*key); !usable) return Unexpected(usable.error());
    out.key = std::move(*key);
    out.sign_count = be32(ad, 33);
    out.user_verified = (*flags & k_flag_uv) != 0;
    return out;
}

Result<Assertion> verify_assertion(std::string_view client_data_json, std::string_view authenticator_data,
                                   std::string_view signature, const PublicKey& key, std::uint32_t stored_sign_count,
                                   const Expectation& expected) {
    if (auto ok = check_client_data(client_data_json, "webauthn.get", expected); !ok) return Unexpected(ok.error());
    auto flags = check_auth_data_head(authenticator_data, expected);
    if (!flags) return Unexpected(flags.error());
    auto pkey = evp_key(key);
    if (!pkey) return Unexpected(pkey.error());
    // The signature covers authenticatorData || SHA-256(clientDataJSON), DER-encoded ECDSA.
    const std::string signed_bytes = std::string(authenticator_data) + sha256(client_data_json);
    std::unique_ptr<EVP_MD_CTX, Free<EVP_MD_CTX, EVP_MD_CTX_free>> md(EVP_MD_CTX_new());
    if (!md || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, pkey->get()) != 1)
        return fail("InternalFailure", "OpenSSL: cannot start the ECDSA verification");
    const int verified =
        EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                         reinterpret_cast<const unsigned char*>(signed_bytes.data()), signed_bytes.size());
    if (verified != 1) return refused("the assertion's signature does not verify with the registered public key");
    // §7.2 step 21: a counter that did not grow means a cloned authenticator (both zero:
    // the authenticator keeps no counter).
    const std::uint32_t count = be32(authenticator_data, 33);
    if ((count != 0 || stored_sign_count != 0) && count <= stored_sign_count)
        return refused("signature counter " + std::to_string(count) + " did not grow past the stored " +
                       std::to_string(stored_sign_count) + " (a cloned authenticator?)");
    return Assertion{count, (*flags & k_flag_uv) != 0};
}

std::string base64url_encode(std::string_view bytes) {
    static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                                (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        out += k_alphabet[(v >> 6) & 63];
        out += k_alphabet[v & 63];
    }
    if (bytes.size() - i == 1) {
        const std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
    } else if (bytes.size() - i == 2) {
        const std::uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        out += k_alphabet[(v >> 6) & 63];
    }
    return out;
}

Result<std::string> base64url_decode(std::string_view text) {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    if (text.size() % 4 == 1) return fail("InvalidEncoding", "base64url text has an impossible length");
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '-') v = 62;
        else if (c == '_') v = 63;
        else return fail("InvalidEncoding", std::string("base64url text holds '") + c + "'");
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    return out;
}

std::string origin_host(std::string_view origin) {
    const auto scheme = origin.find("://");
    if (scheme == std::string_view::npos) return {};
    std::string_view rest = origin.substr(scheme + 3);
    if (!rest.empty() && rest.front() == '[') {
        const auto close = rest.find(']');
        return close == std::string_view::npos ? std::string() : std::string(rest.substr(0, close + 1));
    }
    return std::string(rest.substr(0, rest.find_first_of(":/")));
}

}  // namespace jg::webauthn
