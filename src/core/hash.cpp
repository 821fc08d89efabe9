#include "core/hash.hpp"

#include <array>
#include <cstdlib>
#include <initializer_list>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "core/encoding.hpp"

namespace jg {

namespace {

// Digests fetched once: OpenSSL 3 otherwise looks the algorithm up by name on every
// EVP_Digest/HMAC call, which tripled the cost of SigV4's seven HMACs per request.
const EVP_MD* fetched(const char* name) {
    EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
    if (md == nullptr) std::abort();
    return md;
}
const EVP_MD* md_sha256() {
    static const EVP_MD* const md = fetched("SHA256");
    return md;
}
const EVP_MD* md_sha1() {
    static const EVP_MD* const md = fetched("SHA1");
    return md;
}
const EVP_MD* md_md5() {
    static const EVP_MD* const md = fetched("MD5");
    return md;
}

// A digest context per thread and algorithm, reused across calls.
EVP_MD_CTX* thread_ctx() {
    struct Holder {
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        ~Holder() { EVP_MD_CTX_free(ctx); }
    };
    thread_local Holder holder;
    if (holder.ctx == nullptr) std::abort();
    return holder.ctx;
}

// Digest of the concatenation of `parts`. Failures are allocation failures: abort.
std::string digest(const EVP_MD* md, std::initializer_list<std::string_view> parts) {
    EVP_MD_CTX* ctx = thread_ctx();
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int len = 0;
    if (EVP_DigestInit_ex(ctx, md, nullptr) != 1) std::abort();
    for (auto part : parts)
        if (EVP_DigestUpdate(ctx, part.data(), part.size()) != 1) std::abort();
    if (EVP_DigestFinal_ex(ctx, out.data(), &len) != 1) std::abort();
    return std::string(reinterpret_cast<const char*>(out.data()), len);
}

// HMAC (RFC 2104) over a fetched digest: H((K ^ opad) || H((K ^ ipad) || data)).
std::string hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
    const std::size_t block = static_cast<std::size_t>(EVP_MD_get_block_size(md));
    std::string k = key.size() > block ? digest(md, {key}) : std::string(key);
    k.resize(block, '\0');
    std::string ipad(block, '\0'), opad(block, '\0');
    for (std::size_t i = 0; i < block; ++i) {
        ipad[i] = static_cast<char>(k[i] ^ 0x36);
        opad[i] = static_cast<char>(k[i] ^ 0x5c);
    }
    return digest(md, {opad, digest(md, {ipad, data})});
}

// The reflected CRC-32 table for polynomial 0xEDB88320, built once at compile time.
constexpr std::array<std::uint32_t, 256> make_crc_table() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    return table;
}
constexpr auto k_crc_table = make_crc_table();

}  // namespace

std::string sha256(std::string_view data) { return digest(md_sha256(), {data}); }
std::string sha1(std::string_view data) { return digest(md_sha1(), {data}); }
std::string md5(std::string_view data) { return digest(md_md5(), {data}); }
std::string hmac_sha256(std::string_view key, std::string_view data) {
    return hmac(md_sha256(), key, data);
}
std::string hmac_sha1(std::string_view key, std::string_view data) {
    return hmac(md_sha1(), key, data);
}
std::string sha256_hex(std::string_view data) { return hex_encode(sha256(data)); }

std::uint32_t crc32_update(std::uint32_t crc, std::string_view data) {
    crc = ~crc;
    for (unsigned char byte : data) crc = k_crc_table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

std::uint32_t crc32(std::string_view data) { return crc32_update(0, data); }

std::string crc32_base64(std::string_view data) {
    const std::uint32_t c = crc32(data);
    const char bytes[4] = {static_cast<char>(c >> 24), static_cast<char>(c >> 16),
                           static_cast<char>(c >> 8), static_cast<char>(c)};
    return base64_encode(std::string_view(bytes, 4));
}

struct Sha256::State {
    EVP_MD_CTX* ctx = nullptr;
    State() : ctx(EVP_MD_CTX_new()) {
        if (ctx == nullptr || EVP_DigestInit_ex(ctx, md_sha256(), nullptr) != 1) std::abort();
    }
    ~State() { EVP_MD_CTX_free(ctx); }
    State(const State&) = delete;
    State& operator=(const State&) = delete;
};

Sha256::Sha256() : m_state(std::make_unique<State>()) {}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::string_view data) {
    if (EVP_DigestUpdate(m_state->ctx, data.data(), data.size()) != 1) std::abort();
}

std::string Sha256::finish() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(m_state->ctx, out.data(), &len) != 1 ||
        EVP_DigestInit_ex(m_state->ctx, md_sha256(), nullptr) != 1)
        std::abort();
    return std::string(reinterpret_cast<const char*>(out.data()), len);
}

bool constant_time_equals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace jg
