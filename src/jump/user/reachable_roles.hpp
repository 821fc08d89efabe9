// Which member-account roles an IAM user of the admin account can switch to: the input
// of `jumpgate aws-config`. Two sources:
//  - the live IAM state of the admin account: the user's own and its groups' policies,
//    whose Allow statements for sts:AssumeRole name the candidate roles; each candidate is
//    then decided by the policy engine (src/policy) as an MFA-authenticated request, so
//    against the role's trust policy, so that Deny statements and conditions count;
//  - the declarative file (`users`, `projects`, `tiers`, `admin_account`, `templates`): the
//    article's naming, group-<tier> -> role-<tier> in every account, group-<tier>-<project>
//    -> role-<tier> in that project's accounts.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "jump/api/aws_api.hpp"

namespace jg::jump::user {

struct ReachableRole {
    std::string account;
    std::string role;              // role name, with its path if any
    std::vector<std::string> via;  // groups (or "user policy NAME") that grant it
};

struct IamSource {
    AwsApi& api;
    AwsCredentials admin;  // may read the admin account's IAM (its root, or an operator)
    std::string region;
    // Accounts a wildcard account in a Resource stands for ("arn:aws:iam::*:role/role-admin").
    std::vector<std::string> known_accounts;
    // The role's trust policy document, nullopt when the role does not exist there. When
    // this is not given (no access to the member accounts), every role is taken to trust
    // the user's account, as the Jump pattern's roles do.
    std::function<Result<std::optional<std::string>>(const std::string& account, const std::string& role)> role_trust;
};

// Sorted by account, then role. Resources whose role name holds a wildcard cannot be
// enumerated and are left out.
Result<std::vector<ReachableRole>> reachable_from_iam(const IamSource& source, const std::string& user);

// Errors carry the line of the offending key ("InvalidJumpFile").
Result<std::vector<ReachableRole>> reachable_from_file(const std::string& path, const std::string& user);

}  // namespace jg::jump::user
