// plan and apply: the article's runbook as named steps, each comparing the file with the
// live state of the target and performing the differences in the runbook's order.
//
//   1. accounts        (local cloud only) the file's accounts, created when missing
//   2. identities      password policy, users + login profiles, memberships, offboarding
//                      (identities.hpp)
// The CloudFormation steps (execution roles, template bucket, administration role, groups,
// the role StackSet) come before identities once the local cloud serves CloudFormation.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "jump/apply/change.hpp"
#include "jump/apply/local_target.hpp"
#include "jump/apply/target.hpp"
#include "jump/config/config.hpp"

namespace jg::jump {

struct RunbookOptions {
    LocalTarget* local = nullptr;  // set when the target is the local cloud (accounts step)
    std::string secrets_dir;       // new users' first-password files
};

// What apply would change, in the order apply changes it. Reads only.
Result<std::vector<Change>> plan(const Target& target, const Config& config, const RunbookOptions& options);

struct ApplyReport {
    std::vector<Change> done;  // the changes performed, in order
};

// Performs the plan, reporting each step and change on `progress`. Stops at the first
// failure (its error says which step, account and action); what was done stays done and
// the next apply continues from there.
Result<ApplyReport> apply(const Target& target, const Config& config, const RunbookOptions& options, Random& random,
                          std::ostream& progress);

}  // namespace jg::jump
