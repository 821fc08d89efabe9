#include "core/hash.hpp"

#include <array>
#include <cstdlib>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/encoding.hpp"

namespace jg {

namespace {

// One-shot digest through OpenSSL's EVP interface. EVP_Digest only fails on allocation
// failure, which we treat like any other out-of-memory: abort.
std::string digest(const EVP_MD* md, std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1) std::abort();
    return std::string(reinterpret_cast<const char*>(out.data()), len);
}

std::string hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int len = 0;
    // HMAC() takes a non-null key pointer even for an empty key.
    static const unsigned char k_empty = 0;
    const void* key_ptr = key.empty() ? &k_empty : static_cast<const void*>(key.data());
    if (HMAC(md, key_ptr, static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(),
             &len) == nullptr)
        std::abort();
    return std::string(reinterpret_cast<const char*>(out.data()), len);
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

std::string sha256(std::string_view data) { return digest(EVP_sha256(), data); }
std::string sha1(std::string_view data) { return digest(EVP_sha1(), data); }
std::string md5(std::string_view data) { return digest(EVP_md5(), data); }
std::string hmac_sha256(std::string_view key, std::string_view data) {
    return hmac(EVP_sha256(), key, data);
}
std::string hmac_sha1(std::string_view key, std::string_view data) {
    return hmac(EVP_sha1(), key, data);
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
        if (ctx == nullptr || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) std::abort();
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
        EVP_DigestInit_ex(m_state->ctx, EVP_sha256(), nullptr) != 1)
        std::abort();
    return std::string(reinterpret_cast<const char*>(out.data()), len);
}

bool constant_time_equals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace jg
