// The account password policy jumpgate sets in the admin account, the first passwords of
// new users (random, satisfying that policy) and the 0600 file that hands them over —
// the article's downloaded .csv. A password never goes to the log.
#pragma once

#include <string>

#include "core/error.hpp"
#include "core/node.hpp"
#include "core/random.hpp"

namespace jg::jump {

// UpdateAccountPasswordPolicy's input for the admin account: 14+ characters of all four
// classes, no reuse of the last 24, users may change their own (the article's first sign-in
// changes it). No forced expiry (NIST SP 800-63B advises against periodic changes).
Node password_policy_input();

// True when GetAccountPasswordPolicy's PasswordPolicy matches password_policy_input().
bool password_policy_matches(const Node& live_policy);

// 20 characters from upper, lower, digits and AWS's symbols, at least one of each.
std::string first_password(Random& random);

// The console sign-in URL of an account, as the article gives it.
std::string sign_in_url(const std::string& account);

// Writes DIR/USER.csv (mode 0600; DIR created 0700) with the article's CSV columns:
// "User name,Password,Console sign-in URL". Returns the file's path. An existing file is
// replaced (a new first password supersedes the old one).
Result<std::string> write_first_password(const std::string& dir, const std::string& user, const std::string& password,
                                         const std::string& url);

}  // namespace jg::jump
