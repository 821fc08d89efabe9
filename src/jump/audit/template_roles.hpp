// What the file's role template (iam-roles.yaml of its template set) makes of each jump
// role in one account: the trust policy and the inline policies, resolved by the
// CloudFormation planner with the parameters apply passes — the reference the drift check
// compares the live roles with.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/node.hpp"
#include "jump/config/config.hpp"
#include "jump/render/templates.hpp"

namespace jg::jump::audit {

struct TemplateRole {
    Node trust;
    std::map<std::string, Node> inline_policies;  // by name
};

// Role name -> what the template gives it, in `account`.
[[nodiscard]] Result<std::map<std::string, TemplateRole>> template_roles(const TemplateBundle& bundle,
                                                                         const Config& config,
                                                                         const std::string& account);

// Two policy documents mean the same: objects compared by key, scalars by text (CloudFormation
// may keep 'true' where IAM shows true), and a one-element list equal to its element.
bool same_policy(const Node& a, const Node& b);

}  // namespace jg::jump::audit
