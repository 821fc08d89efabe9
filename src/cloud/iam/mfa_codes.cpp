#include "cloud/iam/mfa_codes.hpp"

#include <openssl/crypto.h>

#include "core/encoding.hpp"
#include "core/totp.hpp"

namespace jg::cloud::iam {

namespace {

bool same_code(const std::string& expected, std::string_view given) {
    return expected.size() == given.size() && CRYPTO_memcmp(expected.data(), given.data(), given.size()) == 0;
}

bool six_digits(std::string_view code) {
    if (code.size() != 6) return false;
    for (char c : code)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

Result<std::int64_t> verify_consecutive_codes(std::string_view base32_seed, std::int64_t last_accepted_step,
                                              std::string_view code1, std::string_view code2, Time now,
                                              int window_steps) {
    auto key = base32_decode(base32_seed);
    if (!key) return fail("InternalFailure", "stored MFA seed is not Base32");
    if (!six_digits(code1) || !six_digits(code2)) return fail("InvalidAuthenticationCode", std::string(k_invalid_code_message));

    const std::int64_t current = totp_step(now);
    // Nearest first: 0, -1, +1, -2, +2, ... so that the step closest to the clock wins.
    for (int distance = 0; distance <= window_steps; ++distance) {
        for (int sign : {-1, 1}) {
            if (distance == 0 && sign == 1) continue;
            const std::int64_t second = current + sign * distance;
            const std::int64_t first = second - 1;
            if (first <= last_accepted_step || first < 0) continue;
            // Both comparisons always run, so timing says nothing about which code failed.
            const bool ok1 = same_code(hotp(*key, static_cast<std::uint64_t>(first)), code1);
            const bool ok2 = same_code(hotp(*key, static_cast<std::uint64_t>(second)), code2);
            if (ok1 && ok2) return second;
        }
    }
    return fail("InvalidAuthenticationCode", std::string(k_invalid_code_message));
}

}  // namespace jg::cloud::iam
