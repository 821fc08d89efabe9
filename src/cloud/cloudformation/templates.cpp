// GetTemplate, ValidateTemplate and GetTemplateSummary.
#include <fmt/format.h>

#include <algorithm>

#include "cfn/capabilities.hpp"
#include "cfn/check.hpp"
#include "cfn/registry.hpp"
#include "cloud/cloudformation/cloudformation.hpp"
#include "cloud/cloudformation/stack_input.hpp"
#include "cloud/cloudformation/stacksets/records.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cloud::cloudformation {

namespace {

// Capabilities and CapabilitiesReason, over every resource whatever the conditions (AWS
// does the same).
void add_capabilities(Node& out, const cfn::Template& t) {
    std::vector<const cfn::Resource*> all;
    std::vector<std::string> needing;
    for (const auto& r : t.resources) {
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
}

// The template GetTemplateSummary describes: TemplateBody, TemplateURL, a stack's or a
// stack set's (exactly one of them).
Result<std::string> summary_source(CallContext& ctx) {
    const Node& in = ctx.input();
    auto stack = optional_string(in, "StackName");
    auto set = optional_string(in, "StackSetName");
    int given = (in.find("TemplateBody") ? 1 : 0) + (in.find("TemplateURL") ? 1 : 0) + (stack ? 1 : 0) + (set ? 1 : 0);
    if (given != 1)
        return fail("ValidationError", "Specify exactly one of TemplateBody, TemplateURL, StackName or StackSetName.");
    if (stack) {
        auto found = ctx.cloud().store().read([&](store::Reader& r) { return find_stack(r, ctx.account(), ctx.info().region, *stack); });
        if (!found) return Unexpected(found.error());
        if (auto ok = authorize_stack(ctx, "GetTemplateSummary", *found ? (*found)->id : stack_resource_arn(ctx, *stack)); !ok)
            return Unexpected(ok.error());
        if (!*found || (*found)->template_body.empty()) return no_such_stack(*stack);
        return (*found)->template_body;
    }
    if (auto ok = authorize_stack(ctx, "GetTemplateSummary", "*"); !ok) return Unexpected(ok.error());
    if (set) {
        auto doc = ctx.cloud().store().read(
            [&](store::Reader& r) { return stacksets::load_set(r, stacksets::SetRef{ctx.account(), ctx.info().region, *set}); });
        if (!doc) return Unexpected(doc.error());
        return stacksets::text_of(*doc, "TemplateBody");
    }
    return read_template_text(ctx);
}

}  // namespace

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

    add_capabilities(out, *t);
    out.add("DeclaredTransforms", Node::make_array());
    return out;
}

Result<Node> get_template_summary(CallContext& ctx) {
    auto text = summary_source(ctx);
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
        n.add("ParameterType", str(p.type));
        n.add("NoEcho", boolean(p.no_echo));
        if (!p.description.empty()) n.add("Description", str(p.description));
        Node allowed = Node::make_array();
        for (const auto& v : p.allowed_values) allowed.push(str(v));
        Node constraints = Node::make_object();
        if (!allowed.items.empty()) constraints.add("AllowedValues", std::move(allowed));
        n.add("ParameterConstraints", std::move(constraints));
        params.push(std::move(n));
    }
    out.add("Parameters", std::move(params));
    if (!t->description.empty()) out.add("Description", str(t->description));
    add_capabilities(out, *t);
    Node types = Node::make_array();
    std::vector<std::string> seen;
    for (const auto& r : t->resources)
        if (std::find(seen.begin(), seen.end(), r.type) == seen.end()) {
            seen.push_back(r.type);
            types.push(str(r.type));
        }
    out.add("ResourceTypes", std::move(types));
    if (!t->format_version.empty()) out.add("Version", str(t->format_version));
    if (!t->metadata.is_null()) out.add("Metadata", str(to_json(t->metadata)));
    out.add("DeclaredTransforms", Node::make_array());
    return out;
}

}  // namespace jg::cloud::cloudformation
