// The article's 2-4 and 5-3: the role StackSet (iam-roles, SELF_MANAGED) and its stack
// instances, one per account the file's roles reach, in the file's region. Instances of
// accounts the file no longer names are deleted (with their stacks); a failed instance
// is retried. Each StackSet operation is followed to its end, account by account.
#pragma once

#include <ostream>
#include <vector>

#include "jump/apply/change.hpp"
#include "jump/apply/deployment.hpp"
#include "jump/api/connection.hpp"

namespace jg::jump {

// The stack-set change, then the stack-instance changes. `admin_exists` false (a fresh
// local cloud) plans everything without reading.
Result<std::vector<Change>> plan_stack_set(const Connection& target, const Deployment& d, bool admin_exists);

// Performs the changes of plan_stack_set: at most one operation per kind of change, all
// accounts together (MaxConcurrentPercentage 100, FailureTolerancePercentage 0, as the
// article runs them); prints each account's result as the operation reaches it.
Result<void> apply_stack_set_changes(const Connection& target, const Deployment& d, const std::vector<Change>& changes,
                                     std::ostream& progress);

}  // namespace jg::jump
