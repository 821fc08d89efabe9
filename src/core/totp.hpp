// One-time passwords of virtual MFA devices: HOTP (RFC 4226) and TOTP (RFC 6238) with
// AWS's parameters — HMAC-SHA1, 6 digits, 30-second steps from the Unix epoch — and the
// verification window of ±1 step that AWS allows for clock drift.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/random.hpp"

namespace jg {

struct TotpParams {
    int digits = 6;
    std::int64_t step_seconds = 30;
    int window = 1;  // steps accepted on either side of the current one
};

// HOTP value of `key` at `counter`, zero-padded to `digits` (1..9).
std::string hotp(std::string_view key, std::uint64_t counter, int digits = 6);

// The time step that contains `t` (floor of epoch seconds / step; never negative).
std::int64_t totp_step(Time t, const TotpParams& params = {});

// The code shown by an authenticator at time `t`.
std::string totp_code(std::string_view key, Time t, const TotpParams& params = {});

// Checks `code` against the steps around `t`. Returns the matched time step, so that
// the caller can refuse a code whose step is not after the last one accepted for the
// device (replay protection); nullopt when no step in the window matches or the code is
// not `digits` decimal digits. Comparison is constant-time.
std::optional<std::int64_t> totp_verify(std::string_view key, std::string_view code, Time t,
                                        const TotpParams& params = {});

// A new MFA secret: 40 random bytes, which Base32-encode to the 64 characters of AWS's
// Base32StringSeed.
std::string new_totp_secret(Random& random);

}  // namespace jg
