#include "core/password.hpp"

#include <charconv>

#include <openssl/evp.h>

#include "core/encoding.hpp"
#include "core/hash.hpp"
#include "core/strings.hpp"

namespace jg {

namespace {

constexpr std::size_t k_salt_bytes = 16;
constexpr std::size_t k_key_bytes = 32;
// Ceilings on what verify accepts, so a tampered hash cannot make us allocate gigabytes.
constexpr std::uint64_t k_max_n = std::uint64_t{1} << 20;
constexpr std::uint64_t k_max_memory = std::uint64_t{1} << 28;  // 256 MiB

std::uint64_t memory_needed(const ScryptParams& p) {
    return 128ull * p.r * p.n + 128ull * p.r * p.p + (1 << 20);
}

Result<std::string> derive(std::string_view password, std::string_view salt,
                           const ScryptParams& p, std::size_t key_bytes) {
    if (p.n < 2 || (p.n & (p.n - 1)) != 0 || p.n > k_max_n || p.r == 0 || p.p == 0 ||
        p.r > 64 || p.p > 16 || memory_needed(p) > k_max_memory)
        return fail("InvalidPasswordHash", "scrypt parameters out of range");
    std::string key(key_bytes, '\0');
    if (EVP_PBE_scrypt(password.data(), password.size(),
                       reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), p.n,
                       p.r, p.p, memory_needed(p),
                       reinterpret_cast<unsigned char*>(key.data()), key.size()) != 1)
        return fail("InternalFailure", "scrypt key derivation failed");
    return key;
}

template <class T>
bool parse_number(std::string_view s, T& out) {
    if (s.empty()) return false;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && end == s.data() + s.size();
}

}  // namespace

Result<std::string> hash_password(std::string_view password, Random& random,
                                  const ScryptParams& params) {
    const std::string salt = random.bytes(k_salt_bytes);
    auto key = derive(password, salt, params, k_key_bytes);
    if (!key) return Unexpected(key.error());
    return "scrypt$" + std::to_string(params.n) + "$" + std::to_string(params.r) + "$" +
           std::to_string(params.p) + "$" + base64_encode(salt) + "$" + base64_encode(*key);
}

Result<bool> needs_rehash(std::string_view stored, const ScryptParams& target) {
    const auto parts = split(stored, '$');
    ScryptParams p;
    if (parts.size() != 6 || parts[0] != "scrypt" || !parse_number(parts[1], p.n) ||
        !parse_number(parts[2], p.r) || !parse_number(parts[3], p.p))
        return fail("InvalidPasswordHash", "not a scrypt$N$r$p$salt$hash password hash");
    return p.n < target.n || p.r < target.r || p.p < target.p;
}

Result<bool> verify_password(std::string_view password, std::string_view stored) {
    const auto parts = split(stored, '$');
    ScryptParams p;
    if (parts.size() != 6 || parts[0] != "scrypt" || !parse_number(parts[1], p.n) ||
        !parse_number(parts[2], p.r) || !parse_number(parts[3], p.p))
        return fail("InvalidPasswordHash", "not a scrypt$N$r$p$salt$hash password hash");
    auto salt = base64_decode(parts[4]);
    auto expected = base64_decode(parts[5]);
    if (!salt || !expected || salt->empty() || expected->size() < 16 || expected->size() > 64)
        return fail("InvalidPasswordHash", "malformed salt or hash in password hash");
    auto key = derive(password, *salt, p, expected->size());
    if (!key) return Unexpected(key.error());
    return constant_time_equals(*key, *expected);
}

}  // namespace jg
