// What the console's sign-in needs from the cloud, the way AWS's sign-in service checks
// an IAM user: the account (id or alias), the user's login profile (password hash), the
// user's MFA devices (TOTP, ±1 step, a code used once refused) — and, once they pass, a
// console session: temporary credentials of the user sealed like STS's (kind console),
// carrying aws:MultiFactorAuthPresent/Age when MFA was checked.
//
// The console layer (src/console) drives the pages; it never reads the store itself.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/caller.hpp"
#include "cloud/iam/password_policy.hpp"
#include "cloud/cloud.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace jg::cloud {

// The user a password opened.
struct ConsoleUser {
    std::string account;
    std::string user_name;
    std::string arn;
    std::string user_id;
    bool password_reset_required = false;
    bool has_mfa = false;      // an enabled MFA device: virtual (TOTP) or a passkey
    bool has_totp = false;     // an enabled virtual MFA device
    bool has_passkey = false;  // a passkey (FIDO device, console_passkey.hpp)
};

// AWS's console answer to any wrong account, user or password (it never says which).
inline constexpr std::string_view k_signin_refused =
    "Your authentication information is incorrect. Please try again.";

// Checks `password` for `user` of the account `account_or_alias` (12 digits or an alias)
// the way the API's login profile does (iam::sign_in): a hash made at an older, cheaper
// cost is replaced by one at today's cost once the password matched. Errors: "AccessDenied" with k_signin_refused for an unknown account or user, a user
// without a login profile, or a wrong password.
Result<ConsoleUser> check_console_password(Cloud& cloud, std::string_view account_or_alias,
                                           std::string_view user, std::string_view password);

// Checks `code` against the user's enabled MFA devices at the cloud's time (±1 step) and
// records the accepted step, so the same code is refused afterwards. Returns the time of
// the check. Errors: AccessDenied (no device, wrong or reused code).
Result<Time> check_console_mfa(Cloud& cloud, const ConsoleUser& user, std::string_view code);

// A console session of `user` lasting `duration`: temporary credentials the cloud
// accepts on every call (Cloud::call), with MFA facts when `mfa_time` is set.
struct ConsoleCredentials {
    Credentials credentials;  // access key id + session token
    std::string secret_access_key;
    Time expiration{};
};
ConsoleCredentials issue_console_session(Cloud& cloud, const ConsoleUser& user, std::optional<Time> mfa_time,
                                         std::chrono::seconds duration);

// The account id behind a 12-digit id or an alias; "" when no account has it.
Result<std::string> console_account_id(Cloud& cloud, std::string_view account_or_alias);

// The account's password policy as the sign-in pages show it (AWS's console shows the
// rules to a user who may not call GetAccountPasswordPolicy); nullopt when the account
// has none, and AWS's default rules apply.
Result<std::optional<iam::PasswordPolicy>> console_password_policy(Cloud& cloud, std::string_view account);

}  // namespace jg::cloud
