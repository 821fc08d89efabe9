// The runbook's stacks (execution roles, administration role, groups): reading one live
// stack, the change that makes it match its spec, starting that change, and waiting for
// CloudFormation's asynchronous work to end. Stacks jumpgate creates carry the tag
// ManagedBy=jumpgate; only tagged project-groups stacks are removed with their project.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "jump/apply/change.hpp"
#include "jump/apply/deployment.hpp"
#include "jump/api/connection.hpp"

namespace jg::jump {

struct LiveStack {
    std::string status;  // StackStatus
    std::string reason;  // StackStatusReason
    std::string body;    // GetTemplate's TemplateBody
    Parameters parameters;
    bool termination_protection = false;
    bool managed = false;  // tagged ManagedBy=jumpgate
};

// The stack named `name` in `account`; nullopt when it does not exist (or was deleted).
Result<std::optional<LiveStack>> read_stack(const Connection& target, const std::string& account,
                                            const std::string& name);

// The change that makes `live` match `spec`; nullopt when it already does.
std::optional<Change> plan_stack(const Deployment& d, const StackSpec& spec, const std::optional<LiveStack>& live);

// Starts one change of plan_stack (or a removal of a project-groups stack); returns once
// CloudFormation has accepted it. wait_stacks then follows it to its end.
Result<void> start_stack_change(const Connection& target, const Deployment& d, const Change& change);

// Waits until each stack's work ends; fails with the stack's reason (and the first failed
// resource's) when one ends in a failed or rolled-back state.
Result<void> wait_stacks(const Connection& target, const std::vector<Change>& changes, std::ostream& progress);

// The tagged stacks the file no longer asks for: project-groups stacks of the admin
// account whose project is gone, and execution-role stacks in `accounts` (the file's) where
// the template profile creates none (seed -> hardened: the admin account's). Their
// termination protection is lifted to delete them; untagged stacks are never touched.
Result<std::vector<Change>> plan_stack_removals(const Connection& target, const Deployment& d,
                                                const std::vector<std::string>& accounts);

}  // namespace jg::jump
