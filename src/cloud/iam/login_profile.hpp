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
// The cost of the hash: OWASP's scrypt parameters, N = 2^17, r = 8, p = 1 (128 MiB and
// 0.3-0.5 s a hash on one core of the 2-core machine: 455 ms measured with the same
// OpenSSL at load 5). The store also holds every account's root secret key
// in plaintext (SigV4 is verified with it), but a console password is often reused
// elsewhere by its owner: the hash is what protects it once a copy of the store leaks, so
// it gets the cost a password database should have. Onboarding pays it once per user
// (2,000 users: ~10-15 minutes of CPU, so the apply bench's 2,000 users no longer meet its
// 60 s target; Argon2id at OWASP's m = 19 MiB, t = 2 would cost ~20 ms; 4 onboardings at a
// time is 512 MiB at most). Hashes keep their own parameters (scrypt$N$r$p$...): older,
// cheaper ones (N = 2^12 before) still verify, and are hashed again at this cost on the
// next successful sign-in (sign_in below) or password change.
inline constexpr ScryptParams k_login_profile_scrypt{1 << 17, 8, 1};

Result<void> set_password(LoginProfile& profile, std::string_view password,
                          const std::optional<PasswordPolicy>& policy, Time now, Random& random,
                          const ScryptParams& params = k_login_profile_scrypt);

// True when `password` is the profile's current password.
Result<bool> password_matches(const LoginProfile& profile, std::string_view password);

// A sign-in with `password`: true when it is the current password. A current hash made at
// a lower cost than `params` is then replaced by one at `params` (same password, new salt;
// the history is left alone) and `upgraded` set, so that the caller stores the profile.
Result<bool> sign_in(LoginProfile& profile, std::string_view password, Random& random, bool& upgraded,
                     const ScryptParams& params = k_login_profile_scrypt);

}  // namespace jg::cloud::iam
