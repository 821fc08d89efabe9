// Password hashing for IAM login profiles: scrypt (OpenSSL) with a random salt, stored
// as a self-describing string `scrypt$N$r$p$SALT$HASH` (SALT and HASH in Base64) so that
// the cost can be raised later without breaking stored hashes. Passwords are never
// stored or logged in clear.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/random.hpp"

namespace jg {

// Defaults: OWASP's scrypt recommendation (Password Storage Cheat Sheet): N = 2^17,
// r = 8, p = 1 — 128 MiB and ~100-150 ms per hash on a current core.
struct ScryptParams {
    std::uint64_t n = 1 << 17;  // CPU/memory cost (power of two); 128 MiB with r = 8
    std::uint32_t r = 8;
    std::uint32_t p = 1;
};

// Hash of `password` under a fresh 16-byte salt from `random`.
Result<std::string> hash_password(std::string_view password, Random& random,
                                  const ScryptParams& params = {});

// True when `password` matches `stored` (constant-time comparison of the derived key);
// an error when `stored` is not a hash this code wrote ("InvalidPasswordHash").
Result<bool> verify_password(std::string_view password, std::string_view stored);

// True when `stored` was hashed at a lower cost than `target` (N, r or p smaller), so
// that it should be hashed again once the password is known (sign-in, change). An error
// when `stored` is not a hash this code wrote.
Result<bool> needs_rehash(std::string_view stored, const ScryptParams& target);

}  // namespace jg
