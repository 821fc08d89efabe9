// UpdateStack: the new template and parameters are checked like CreateStack's; a stack
// that is busy, ROLLBACK_COMPLETE or unchanged is refused as AWS refuses it; the engine
// then brings the resources up to date in the background (run_update.cpp).
#include <fmt/format.h>
#include <unistd.h>

#include "cloud/cloudformation/cloudformation.hpp"
#include "cloud/cloudformation/engine.hpp"
#include "cloud/cloudformation/exports.hpp"
#include "cloud/cloudformation/stack_input.hpp"
#include "cloud/cloudformation/update_request.hpp"
#include "cloud/input.hpp"
#include "core/ids.hpp"

namespace jg::cloud::cloudformation {

Result<UpdateRequest> read_update(CallContext& ctx, const Stack& s) {
    const Node& in = ctx.input();
    UpdateRequest u;
    // The template: new, or the previous one.
    auto text = read_template_text(ctx, true);
    if (!text) return Unexpected(text.error());
    u.template_body = text->empty() ? s.template_body : *text;
    auto tmpl = parse_template_text(u.template_body);
    if (!tmpl) return Unexpected(tmpl.error());

    // Parameters: given, previous (UsePreviousValue), or the template's default.
    auto given = read_parameters(in);
    if (!given) return Unexpected(given.error());
    std::map<std::string, std::string> values;
    for (const auto& g : *given) {
        if (!g.use_previous) {
            values[g.key] = g.value.value_or("");
            continue;
        }
        bool found = false;
        for (const auto& [k, v] : s.parameters)
            if (k == g.key) {
                values[k] = v;
                found = true;
            }
        if (!found) return fail("ValidationError", fmt::format("Invalid input for parameter key {}. Cannot specify usePreviousValue as true for a parameter key not in the previous template", g.key));
    }
    for (const auto& p : tmpl->parameters) {
        auto it = values.find(p.name);
        if (it != values.end()) u.parameters.emplace_back(p.name, it->second);
        else if (p.default_value) u.parameters.emplace_back(p.name, *p.default_value);
    }
    std::map<std::string, std::string> bound;
    for (const auto& [k, v] : u.parameters) bound[k] = v;
    for (const auto& [k, v] : values)
        if (!bound.count(k)) bound[k] = v;  // unknown keys: the plan reports them

    auto capabilities = read_capabilities(in);
    if (!capabilities) return Unexpected(capabilities.error());
    u.capabilities = *capabilities;
    auto plan = plan_for_call(ctx, *tmpl, cfn::StackInfo{s.account, s.region, s.name, s.id, s.notification_arns}, bound, &u.imports);
    if (!plan) return Unexpected(plan.error());
    if (auto ok = check_capabilities(plan->capabilities, u.capabilities); !ok) return Unexpected(ok.error());
    u.description = tmpl->description;
    for (const auto& p : tmpl->parameters)
        if (p.no_echo) u.no_echo.push_back(p.name);
    if (in.find("Tags")) {
        auto tags = read_tags(in);
        if (!tags) return Unexpected(tags.error());
        u.tags = *tags;
    } else {
        u.tags = s.tags;
    }
    auto role_arn = optional_string(in, "RoleARN");
    u.role_arn = role_arn.value_or(s.role_arn);
    auto credentials = operation_credentials(ctx, u.role_arn.empty() ? std::nullopt : std::optional<std::string>(u.role_arn));
    if (!credentials) return Unexpected(credentials.error());
    u.credentials = *credentials;
    return u;
}

Result<void> check_updatable(const Stack& s) {
    if (s.status == "ROLLBACK_COMPLETE" || s.status == "ROLLBACK_FAILED" || s.status == "CREATE_FAILED" ||
        s.status == "DELETE_FAILED" || s.status == "UPDATE_ROLLBACK_FAILED" || s.in_progress())
        return fail("ValidationError", fmt::format("Stack:{} is in {} state and can not be updated.", s.id, s.status));
    return {};
}

Result<void> start_update(CallContext& ctx, const Stack& found, const UpdateRequest& u,
                          const std::function<Result<void>(store::Tx&)>& also) {
    auto recorded = ctx.cloud().store().write([&](store::Tx& tx) -> Result<void> {
        auto current = find_stack(tx, found.account, found.region, found.id);
        if (!current) return Unexpected(current.error());
        if (!*current) return no_such_stack(found.name);
        Stack& s = **current;
        if (auto ok = check_updatable(s); !ok) return ok;
        for (const auto& name : u.imports) {
            auto e = find_export(tx, s.account, s.region, name);
            if (!e) return Unexpected(e.error());
            if (!*e) return fail("ValidationError", fmt::format("No export named {} found.", name));
            if (auto ok = add_import(tx, s.account, s.region, name, s.name); !ok) return ok;
        }
        Operation op;
        op.kind = "UPDATE";
        op.credentials = u.credentials;
        op.pid = getpid();
        op.previous_template = s.template_body;
        op.previous_parameters = s.parameters;
        op.previous_resources = s.resources;
        op.previous_outputs = s.outputs;
        op.previous_imports = s.imports;
        s.operation = std::move(op);
        s.template_body = u.template_body;
        s.parameters = u.parameters;
        s.no_echo = u.no_echo;
        s.description = u.description;
        s.capabilities = u.capabilities;
        s.tags = u.tags;
        s.role_arn = u.role_arn;
        s.imports = u.imports;
        s.status = "UPDATE_IN_PROGRESS";
        s.reason = "User Initiated";
        if (auto ok = save_stack(tx, s); !ok) return ok;
        if (also)
            if (auto ok = also(tx); !ok) return ok;
        return add_event(tx, s, stack_event(s, "UPDATE_IN_PROGRESS", "User Initiated"), ctx.now(), new_uuid(ctx.cloud().random()));
    });
    if (!recorded) return Unexpected(recorded.error());
    start_operation(ctx.cloud(), found.account, found.region, found.id);
    return {};
}

Result<Node> update_stack(CallContext& ctx) {
    const Node& in = ctx.input();
    auto name = required_string(in, "StackName");
    if (!name) return Unexpected(name.error());
    auto found = ctx.cloud().store().read([&](store::Reader& r) { return find_stack(r, ctx.account(), ctx.info().region, *name); });
    if (!found) return Unexpected(found.error());
    if (auto ok = authorize_stack(ctx, "UpdateStack", *found ? (*found)->id : stack_resource_arn(ctx, *name)); !ok)
        return Unexpected(ok.error());
    if (!*found || (*found)->status == "DELETE_COMPLETE") return no_such_stack(*name);
    const Stack& s = **found;
    if (auto ok = check_updatable(s); !ok) return Unexpected(ok.error());
    auto u = read_update(ctx, s);
    if (!u) return Unexpected(u.error());
    if (u->template_body == s.template_body && u->parameters == s.parameters && u->tags == s.tags)
        return fail("ValidationError", "No updates are to be performed.");
    if (auto ok = start_update(ctx, s, *u); !ok) return Unexpected(ok.error());
    Node out = Node::make_object();
    out.add("StackId", str(s.id));
    return out;
}

}  // namespace jg::cloud::cloudformation
