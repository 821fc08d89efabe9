// The two-code checks of EnableMFADevice and ResyncMFADevice on top of core/totp: the
// user types two consecutive codes of the authenticator, which proves the device holds
// the seed and tells us where its clock stands. Pure: the seed and the last accepted step
// come from the MFA device document (mfa_device.hpp), the handlers save the result.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace jg::cloud::iam {

// How far from `now` the pair may lie, in 30-second steps. AWS documents that codes
// submitted late still associate the device ("the MFA device successfully associates with
// the user but the MFA device becomes out of sync"), so Enable looks back further than
// the ±1 step of sign-in; Resync exists for clocks that drifted, so it looks further still.
inline constexpr int k_enable_window_steps = 10;   // ±5 minutes
inline constexpr int k_resync_window_steps = 20;   // ±10 minutes

// AWS's message for codes that do not match (InvalidAuthenticationCode, HTTP 403).
inline constexpr std::string_view k_invalid_code_message = "Authentication code for device is not valid.";

// Finds the time step s within `window_steps` of `now` such that `code1` is the device's
// code at s - 1 and `code2` its code at s, both after `last_accepted_step` (a code once
// accepted is never accepted again). Returns s, the new last accepted step; the match
// nearest to `now` wins. InvalidAuthenticationCode when no step fits; InternalFailure
// when the stored seed is not Base32.
Result<std::int64_t> verify_consecutive_codes(std::string_view base32_seed, std::int64_t last_accepted_step,
                                              std::string_view code1, std::string_view code2, Time now,
                                              int window_steps);

inline Result<std::int64_t> verify_enable_codes(std::string_view base32_seed, std::int64_t last_accepted_step,
                                                std::string_view code1, std::string_view code2, Time now) {
    return verify_consecutive_codes(base32_seed, last_accepted_step, code1, code2, now, k_enable_window_steps);
}

inline Result<std::int64_t> verify_resync_codes(std::string_view base32_seed, std::int64_t last_accepted_step,
                                                std::string_view code1, std::string_view code2, Time now) {
    return verify_consecutive_codes(base32_seed, last_accepted_step, code1, code2, now, k_resync_window_steps);
}

}  // namespace jg::cloud::iam
