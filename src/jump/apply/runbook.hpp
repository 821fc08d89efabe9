// plan and apply: the article's runbook as named steps, each comparing the file with the
// live state of the target and performing the differences in the runbook's order.
//
//   accounts          (local cloud only) the file's accounts, created when missing
//   template bucket   1: aws-iam-templates-ADMIN, the templates, the bucket policy
//   admin stacks      2-2, 2-3-1: administration role, global groups (+ MFA policy export)
//   execution roles   2-1: stack stackset-execution-role in each account the roles reach
//                     (after 2-2, unlike the article: the hardened execution role trusts
//                     the administration role's ARN, which IAM requires to exist)
//   project groups    2-3-2: iam-groups-NAME per project (imports the MFA policy)
//   role StackSet     2-4, 5-3: iam-roles and its instances (deleted with their account)
//   identities        2-5, 4: password policy, users + login profiles, memberships,
//                     offboarding (identities.hpp)
//   removed stacks    the groups stacks of projects the file no longer declares, and the
//                     execution-role stacks the template profile no longer creates
//                     (seed -> hardened: the admin account's); tagged stacks only
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "jump/apply/change.hpp"
#include "jump/api/connection.hpp"
#include "jump/api/connection.hpp"
#include "jump/config/config.hpp"

namespace jg::jump {

struct RunbookOptions {
    std::string secrets_dir;  // new users' first-password files
};

// What apply would change, in the order apply changes it. Reads only.
Result<std::vector<Change>> plan(Connection& target, const Config& config, const RunbookOptions& options);

struct ApplyReport {
    std::vector<Change> done;  // the changes performed, in order
};

// Performs the plan, reporting each step and change on `progress`. Stops at the first
// failure (its error says which step, account and action); what was done stays done and
// the next apply continues from there.
Result<ApplyReport> apply(Connection& target, const Config& config, const RunbookOptions& options, Random& random,
                          std::ostream& progress);

}  // namespace jg::jump
