// The account password policy of IAM (Update/Get/DeleteAccountPasswordPolicy) and the
// check every new password goes through (CreateLoginProfile, UpdateLoginProfile,
// ChangePassword). Pure: no store, no clock; the handlers in login_profiles.cpp and
// password_policy_ops.cpp persist it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::iam {

// AWS's ranges (botocore iam 2010-05-08: minimumPasswordLengthType, maxPasswordAgeType,
// passwordReusePreventionType) and defaults (UpdateAccountPasswordPolicy: every member not
// given takes its default — the call replaces the whole policy).
inline constexpr std::int64_t k_min_password_length_floor = 6;
inline constexpr std::int64_t k_min_password_length_ceiling = 128;
inline constexpr std::int64_t k_max_password_age_ceiling = 1095;  // days
inline constexpr std::int64_t k_password_reuse_ceiling = 24;
inline constexpr std::size_t k_password_max_chars = 128;  // passwordType

struct PasswordPolicy {
    int minimum_password_length = 6;
    bool require_symbols = false;
    bool require_numbers = false;
    bool require_uppercase_characters = false;
    bool require_lowercase_characters = false;
    bool allow_users_to_change_password = false;
    std::optional<int> max_password_age;           // days; ExpirePasswords when set
    std::optional<int> password_reuse_prevention;  // how many previous passwords are refused
    std::optional<bool> hard_expiry;               // shown only when it was given

    bool expire_passwords() const { return max_password_age.has_value(); }
};

// The members of UpdateAccountPasswordPolicy as given (absent = default).
struct PasswordPolicyInput {
    std::optional<std::int64_t> minimum_password_length;
    std::optional<bool> require_symbols;
    std::optional<bool> require_numbers;
    std::optional<bool> require_uppercase_characters;
    std::optional<bool> require_lowercase_characters;
    std::optional<bool> allow_users_to_change_password;
    std::optional<std::int64_t> max_password_age;
    std::optional<std::int64_t> password_reuse_prevention;
    std::optional<bool> hard_expiry;
};

// The policy UpdateAccountPasswordPolicy stores. Every out-of-range member is reported in
// one ValidationError, worded as AWS words it:
// "3 validation errors detected: Value at 'minimumPasswordLength' failed to satisfy
// constraint: Member must have value less than or equal to 128; Value at ..."
Result<PasswordPolicy> make_password_policy(const PasswordPolicyInput& input);

// AWS's PasswordPolicy output shape (GetAccountPasswordPolicy), also the stored document.
Node password_policy_to_node(const PasswordPolicy& policy);
Result<PasswordPolicy> password_policy_from_node(const Node& node);

// The characters AWS counts as symbols: ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '
bool is_password_symbol(char32_t c);

// A password's length in characters. Passwords are UTF-8 here; AWS's passwordType allows
// U+0009, U+000A, U+000D and U+0020–U+00FF, 1 to 128 characters. nullopt when `password`
// is not valid UTF-8 or holds a character outside that set.
std::optional<std::size_t> password_chars(std::string_view password);

// The input rule of botocore's passwordType for member `member` ("password",
// "newPassword", ...): ValidationError otherwise. The value is never echoed back.
Result<void> check_password_input(std::string_view member, std::string_view password);

// Checks `password` against the account's policy, or — when the account has none — against
// AWS's default policy (at least 8 characters and three of: upper case, lower case,
// numbers, symbols). PasswordPolicyViolation with AWS's wording otherwise, e.g.
// "Password should have at least one uppercase letter" or "Password should meet 1 more of
// the following requirements: Password should have at least one symbol".
Result<void> check_password(const std::optional<PasswordPolicy>& policy, std::string_view password);

}  // namespace jg::cloud::iam
