#include "core/totp.hpp"

#include "core/hash.hpp"

namespace jg {

namespace {
constexpr std::uint32_t k_pow10[] = {1,      10,      100,      1000,      10000,
                                     100000, 1000000, 10000000, 100000000, 1000000000};
}  // namespace

std::string hotp(std::string_view key, std::uint64_t counter, int digits) {
    if (digits < 1) digits = 1;
    if (digits > 9) digits = 9;
    char msg[8];
    for (int i = 7; i >= 0; --i) {
        msg[i] = static_cast<char>(counter & 0xFF);
        counter >>= 8;
    }
    const std::string mac = hmac_sha1(key, std::string_view(msg, 8));
    // Dynamic truncation (RFC 4226 §5.3).
    const int offset = static_cast<unsigned char>(mac[19]) & 0x0F;
    const std::uint32_t bin = (std::uint32_t(static_cast<unsigned char>(mac[offset]) & 0x7F) << 24) |
                              (std::uint32_t(static_cast<unsigned char>(mac[offset + 1])) << 16) |
                              (std::uint32_t(static_cast<unsigned char>(mac[offset + 2])) << 8) |
                              std::uint32_t(static_cast<unsigned char>(mac[offset + 3]));
    std::string code = std::to_string(bin % k_pow10[digits]);
    return std::string(static_cast<size_t>(digits) - code.size(), '0') + code;
}

std::int64_t totp_step(Time t, const TotpParams& params) {
    const std::int64_t s = epoch_seconds(t);
    return s < 0 ? 0 : s / params.step_seconds;
}

std::string totp_code(std::string_view key, Time t, const TotpParams& params) {
    return hotp(key, static_cast<std::uint64_t>(totp_step(t, params)), params.digits);
}

std::optional<std::int64_t> totp_verify(std::string_view key, std::string_view code, Time t,
                                        const TotpParams& params) {
    if (code.size() != static_cast<size_t>(params.digits)) return std::nullopt;
    for (char c : code)
        if (c < '0' || c > '9') return std::nullopt;
    const std::int64_t now = totp_step(t, params);
    std::optional<std::int64_t> matched;
    // Every step in the window is computed so the time taken does not reveal which matched.
    for (std::int64_t step = now - params.window; step <= now + params.window; ++step) {
        if (step < 0) continue;
        const std::string expected = hotp(key, static_cast<std::uint64_t>(step), params.digits);
        if (constant_time_equals(expected, code) && !matched) matched = step;
    }
    return matched;
}

std::string new_totp_secret(Random& random) { return random.bytes(40); }

}  // namespace jg
