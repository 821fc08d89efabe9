// The Changes of a change set: the plan of the new template against the stack's current
// resources, as DescribeChangeSet lists them — Add for a new logical id, Remove for one
// that is gone, Modify with the changed properties, whether each requires recreation
// (Always / Never, Conditionally when its new value depends on a resource that is itself
// added or replaced) and the resulting Replacement True / False / Conditional.
#pragma once

#include <map>
#include <string>

#include "cfn/resolve.hpp"
#include "cfn/template.hpp"
#include "cloud/cloudformation/stack.hpp"

namespace jg::cloud::cloudformation {

struct ChangeInput {
    const std::vector<StackResource>* current = nullptr;  // the stack's resources; nullptr for CREATE
    const cfn::Template* tmpl = nullptr;
    std::map<std::string, std::string> parameters;
    cfn::StackInfo stack;
    cfn::ExportLookup exports;
};

// The Changes list ([{Type: Resource, ResourceChange: {...}}]); ValidationError when the
// template cannot be planned.
Result<Node> compute_changes(const ChangeInput& in);

}  // namespace jg::cloud::cloudformation
