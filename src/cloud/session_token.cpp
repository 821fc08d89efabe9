#include "cloud/session_token.hpp"

#include <openssl/evp.h>

#include <memory>

#include "core/encoding.hpp"
#include "core/hash.hpp"
#include "core/json.hpp"

namespace jg::cloud {

namespace {

constexpr std::size_t k_nonce = 12;
constexpr std::size_t k_tag = 16;
constexpr char k_version = '\x01';

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

Unexpected invalid_token() {
    return fail("InvalidClientTokenId", "The security token included in the request is invalid.");
}

const uint8_t* bytes(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

// The claims as compact JSON; absent facts are left out.
std::string claims_json(const Caller& c) {
    Node n = Node::make_object();
    auto put = [&](const char* key, const std::string& v) {
        if (!v.empty()) n.add(key, Node::make_string(v));
    };
    n.add("k", Node::make_number(std::to_string(static_cast<int>(c.kind))));
    put("ak", c.access_key_id);
    put("a", c.account);
    put("arn", c.arn);
    put("uid", c.user_id);
    if (c.is_root) n.add("root", Node::make_bool(true));
    put("u", c.user_name);
    put("rn", c.role_name);
    put("rid", c.role_id);
    put("rarn", c.role_arn);
    put("s", c.session_name);
    put("si", c.source_identity);
    put("sp", c.session_policy);
    if (c.mfa_present) n.add("mfa", Node::make_bool(*c.mfa_present));
    if (c.mfa_auth_time) n.add("mfat", Node::make_number(std::to_string(c.mfa_auth_time->time_since_epoch().count())));
    if (c.expiration) n.add("exp", Node::make_number(std::to_string(c.expiration->time_since_epoch().count())));
    return to_json(n);
}

std::optional<Caller> parse_claims(std::string_view text) {
    auto parsed = parse_json(text);
    if (!parsed || !parsed->is_object()) return std::nullopt;
    Caller c;
    auto str = [&](const char* key) -> std::string {
        const Node* v = parsed->find(key);
        return v && v->is_string() ? v->text : std::string{};
    };
    auto millis = [&](const char* key) -> std::optional<Time> {
        const Node* v = parsed->find(key);
        if (!v || !v->is_number()) return std::nullopt;
        return Time(std::chrono::milliseconds(std::stoll(v->text)));
    };
    const Node* kind = parsed->find("k");
    if (!kind || !kind->is_number()) return std::nullopt;
    const int k = std::stoi(kind->text);
    if (k < 0 || k > static_cast<int>(CredentialKind::console)) return std::nullopt;
    c.kind = static_cast<CredentialKind>(k);
    c.access_key_id = str("ak");
    c.account = str("a");
    c.arn = str("arn");
    c.user_id = str("uid");
    c.is_root = parsed->find("root") != nullptr;
    c.user_name = str("u");
    c.role_name = str("rn");
    c.role_id = str("rid");
    c.role_arn = str("rarn");
    c.session_name = str("s");
    c.source_identity = str("si");
    c.session_policy = str("sp");
    if (const Node* m = parsed->find("mfa")) c.mfa_present = m->text == "true";
    c.mfa_auth_time = millis("mfat");
    c.expiration = millis("exp");
    return c;
}

}  // namespace

std::string seal_session(std::string_view server_key, const Caller& session, Random& random) {
    std::string plain = claims_json(session);
    std::string nonce = random.bytes(k_nonce);
    std::string out(1 + k_nonce + plain.size() + k_tag, '\0');
    out[0] = k_version;
    out.replace(1, k_nonce, nonce);
    CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    int len = 0;
    auto* cipher_out = reinterpret_cast<uint8_t*>(out.data() + 1 + k_nonce);
    // The version byte is authenticated too, so that a token cannot change format.
    bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(server_key), bytes(nonce)) == 1 &&
              EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(out.substr(0, 1)), 1) == 1 &&
              EVP_EncryptUpdate(ctx.get(), cipher_out, &len, bytes(plain), static_cast<int>(plain.size())) == 1 &&
              EVP_EncryptFinal_ex(ctx.get(), cipher_out + len, &len) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, k_tag,
                                  out.data() + 1 + k_nonce + plain.size()) == 1;
    if (!ok) std::abort();  // OpenSSL failing on a fixed cipher is not an expected condition
    return base64_encode(out);
}

Result<Caller> open_session(std::string_view server_key, std::string_view token,
                            std::string_view access_key_id) {
    auto raw = base64_decode(token);
    if (!raw || raw->size() < 1 + k_nonce + k_tag || (*raw)[0] != k_version) return invalid_token();
    std::string_view all(*raw);
    std::string_view nonce = all.substr(1, k_nonce);
    std::string_view cipher = all.substr(1 + k_nonce, all.size() - 1 - k_nonce - k_tag);
    std::string tag(all.substr(all.size() - k_tag));
    std::string plain(cipher.size(), '\0');
    CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    int len = 0;
    auto* plain_out = reinterpret_cast<uint8_t*>(plain.data());
    bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(server_key), bytes(nonce)) == 1 &&
              EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(all), 1) == 1 &&
              EVP_DecryptUpdate(ctx.get(), plain_out, &len, bytes(cipher), static_cast<int>(cipher.size())) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, k_tag, tag.data()) == 1 &&
              EVP_DecryptFinal_ex(ctx.get(), plain_out + len, &len) == 1;
    if (!ok) return invalid_token();
    auto caller = parse_claims(plain);
    if (!caller || caller->access_key_id != access_key_id) return invalid_token();
    return *caller;
}

std::string derive_session_secret(std::string_view server_key, std::string_view access_key_id) {
    std::string mac = hmac_sha256(server_key, std::string("session-secret/") + std::string(access_key_id));
    return base64_encode(mac.substr(0, 30));  // 30 bytes -> 40 characters
}

}  // namespace jg::cloud
