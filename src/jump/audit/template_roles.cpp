#include "jump/audit/template_roles.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cfn/plan.hpp"
#include "cfn/template.hpp"

namespace jg::jump::audit {
namespace {

// The single element of a one-element list, else the node itself.
const Node& unwrap(const Node& n) { return n.is_array() && n.items.size() == 1 ? unwrap(n.items[0]) : n; }

}  // namespace

bool same_policy(const Node& a_in, const Node& b_in) {
    const Node& a = unwrap(a_in);
    const Node& b = unwrap(b_in);
    if (a.is_scalar() || b.is_scalar()) return a.is_scalar() && b.is_scalar() && a.text == b.text;
    if (a.is_array() != b.is_array()) return false;
    if (a.is_array()) {
        if (a.items.size() != b.items.size()) return false;
        for (size_t i = 0; i < a.items.size(); ++i)
            if (!same_policy(a.items[i], b.items[i])) return false;
        return true;
    }
    if (a.members.size() != b.members.size()) return false;
    for (const auto& [key, value] : a.members) {
        const Node* other = b.find(key);
        if (!other || !same_policy(value, *other)) return false;
    }
    return true;
}

Result<std::map<std::string, TemplateRole>> template_roles(const TemplateBundle& bundle, const Config& config,
                                                           const std::string& account) {
    const TemplateFile& file = bundle.file(k_roles_template);
    auto t = cfn::load_template(file.body, bundle.dir + "/" + file.name);
    if (!t) return Unexpected(t.error().front());
    cfn::PlanInput input;
    input.stack.account_id = account;
    input.stack.region = config.region;
    for (const auto& [k, v] : template_parameters(bundle, config, k_roles_template)) input.parameters[k] = v;
    auto plan = cfn::plan_template(*t, input);
    if (!plan) return Unexpected(plan.error().front());
    std::map<std::string, TemplateRole> out;
    for (const auto& r : plan->resources) {
        if (r.type != "AWS::IAM::Role") continue;
        const Node* name = r.properties.find("RoleName");
        const Node* trust = r.properties.find("AssumeRolePolicyDocument");
        if (!name || !name->is_string() || !trust) continue;
        TemplateRole role{*trust, {}};
        if (const Node* policies = r.properties.find("Policies"); policies && policies->is_array())
            for (const Node& p : policies->items) {
                const Node* pname = p.find("PolicyName");
                const Node* doc = p.find("PolicyDocument");
                if (pname && doc) role.inline_policies[pname->text] = *doc;
            }
        out[name->text] = std::move(role);
    }
    return out;
}

}  // namespace jg::jump::audit
