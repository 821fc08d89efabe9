// GetTemplate and ValidateTemplate.
#include <fmt/format.h>

#include <algorithm>

#include "cfn/capabilities.hpp"
#include "cfn/check.hpp"
#include "cfn/registry.hpp"
#include "cloud/cloudformation/cloudformation.hpp"
#include "cloud/cloudformation/stack_input.hpp"
#include "cloud/input.hpp"
#include "core/strings.hpp"

namespace jg::cloud::cloudformation {

Result<Node> get_template(CallContext& ctx) {
    const Node& in = ctx.input();
    auto name = optional_string(in, "StackName");
    if (optional_string(in, "ChangeSetName") && !name)
        return fail("ValidationError", "StackName must be specified if ChangeSetName is not specified as an ARN.");
    if (!name) return validation_error("stackName", std::nullopt, "Member must not be null");
    auto stage = optional_string(in, "TemplateStage").value_or("Original");
    if (stage != "Original" && stage != "Processed")
        return validation_error("templateStage", stage, "Member must satisfy enum value set: [Original, Processed]");
    auto found = ctx.cloud().store().read([&](store::Reader& r) { return find_stack(r, ctx.account(), ctx.info().region, *name); });
    if (!found) return Unexpected(found.error());
    if (auto ok = authorize_stack(ctx, "GetTemplate", *found ? (*found)->id : stack_resource_arn(ctx, *name)); !ok)
        return Unexpected(ok.error());
    if (!*found) return no_such_stack(*name);
    Node out = Node::make_object();
    out.add("TemplateBody", str((*found)->template_body));
    Node stages = Node::make_array();
    stages.push(str("Original"));
    stages.push(str("Processed"));
    out.add("StagesAvailable", std::move(stages));
    return out;
}

Result<Node> validate_template(CallContext& ctx) {
    if (auto ok = authorize_stack(ctx, "ValidateTemplate", "*"); !ok) return Unexpected(ok.error());
    auto text = read_template_text(ctx);
    if (!text) return Unexpected(text.error());
    auto t = parse_template_text(*text);
    if (!t) return Unexpected(t.error());
    if (auto errors = cfn::check_template(*t); !errors.empty()) return fail("ValidationError", errors.front().message);

    Node out = Node::make_object();
    Node params = Node::make_array();
    for (const auto& p : t->parameters) {
        Node n = Node::make_object();
        n.add("ParameterKey", str(p.name));
        if (p.default_value) n.add("DefaultValue", str(*p.default_value));
        n.add("NoEcho", boolean(p.no_echo));
        if (!p.description.empty()) n.add("Description", str(p.description));
        params.push(std::move(n));
    }
    out.add("Parameters", std::move(params));
    if (!t->description.empty()) out.add("Description", str(t->description));

    // Capabilities over every resource, whatever the conditions (AWS does the same).
    std::vector<const cfn::Resource*> all;
    std::vector<std::string> needing;
    for (const auto& r : t->resources) {
        all.push_back(&r);
        const cfn::TypeSpec* spec = cfn::find_type(r.type);
        if (spec && spec->needs_iam_capability && std::find(needing.begin(), needing.end(), r.type) == needing.end())
            needing.push_back(r.type);
    }
    auto caps = cfn::required_capabilities(all);
    Node capabilities = Node::make_array();
    for (const auto& c : caps) capabilities.push(str(c));
    out.add("Capabilities", std::move(capabilities));
    if (!caps.empty())
        out.add("CapabilitiesReason", str(fmt::format("The following resource(s) require capabilities: [{}]", jg::join(needing, ", "))));
    out.add("DeclaredTransforms", Node::make_array());
    return out;
}

}  // namespace jg::cloud::cloudformation
