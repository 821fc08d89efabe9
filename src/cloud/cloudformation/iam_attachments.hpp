// The managed and inline policies of an IAM role, group or user as CloudFormation's
// ManagedPolicyArns and Policies properties set them: attach/put on create, diff on
// update, strip everything before delete.
#pragma once

#include <string>

#include "cloud/cloudformation/provider_call.hpp"

namespace jg::cloud::cloudformation {

// kind: "Role", "Group" or "User" (the IAM action infix, and KIND + "Name" the member).
struct Principal {
    std::string kind;
    std::string name;
};

// Attaches ManagedPolicyArns and puts Policies ([{PolicyName, PolicyDocument}]).
Result<void> apply_policies(const ActAs& as, const Principal& p, const Node& props);
// Moves the attachments and inline policies from `before`'s to `after`'s.
Result<void> update_policies(const ActAs& as, const Principal& p, const Node& before, const Node& after);
// Detaches every managed policy and deletes every inline policy (what IAM requires
// before DeleteRole/DeleteGroup/DeleteUser). A principal already gone is no error.
Result<void> strip_policies(const ActAs& as, const Principal& p);

}  // namespace jg::cloud::cloudformation
