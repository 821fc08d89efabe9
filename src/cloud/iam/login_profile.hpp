// A user's console password (the LoginProfile of IAM): the document the store keeps and
// the rules of setting a password — the account policy, reuse prevention, hashing with
// core/password. A password is never kept in clear: only its scrypt hash and the hashes
// of the previous ones (for PasswordReusePrevention).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/iam/keys.hpp"
#include "cloud/iam/password_policy.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/node.hpp"
#include "core/password.hpp"
#include "core/random.hpp"

namespace jg::cloud::iam {

// Stored under keys.hpp's k_login_profile, named by the user's entity_key.
struct LoginProfile {
    std::string user_name;
    Time create_date{};
    bool password_reset_required = false;
    std::string password_hash;                 // core/password's self-describing scrypt hash
    Time password_last_changed{};
    // Hashes of earlier passwords, most recent first; at most k_password_reuse_ceiling, so
    // that a policy tightened later still sees enough history.
    std::vector<std::string> previous_hashes;
};

// The stored document: AWS's LoginProfile members plus "PasswordHash",
// "PasswordLastChanged" and "PreviousPasswordHashes".
Node login_profile_to_node(const LoginProfile& profile);
Result<LoginProfile> login_profile_from_node(const Node& node);

// AWS's LoginProfile output shape: {UserName, CreateDate, PasswordResetRequired}.
Node login_profile_output(const LoginProfile& profile);

// Sets `password` as the profile's password at `now`: checks the account policy (or AWS's
// default one), refuses a password among the last PasswordReusePrevention ones (the
// current included), then hashes it and moves the old hash into the history. On error the
// profile is unchanged. Errors: PasswordPolicyViolation; InternalFailure from hashing.
//
// The cost of the hash: scrypt N = 2^12, r = 8 (4 MiB, ~10 ms here), below core's default
// on purpose. The same store must hold every account's root secret key in plaintext (SigV4
// is verified with it), so whoever reads the store already owns every account; the hash
// keeps console passwords out of the file, and a costlier one would protect nothing more
// while making onboarding 2,000 users take minutes (2^15: ~200 ms a user). Hashes keep
// their own parameters (scrypt$N$r$p$...), so older, costlier ones still verify.
inline constexpr ScryptParams k_login_profile_scrypt{1 << 12, 8, 1};

Result<void> set_password(LoginProfile& profile, std::string_view password,
                          const std::optional<PasswordPolicy>& policy, Time now, Random& random,
                          const ScryptParams& params = k_login_profile_scrypt);

// True when `password` is the profile's current password.
Result<bool> password_matches(const LoginProfile& profile, std::string_view password);

}  // namespace jg::cloud::iam
