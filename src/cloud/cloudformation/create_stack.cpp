// CreateStack: everything CloudFormation refuses synchronously (input, template,
// parameters, imports, capabilities, the name in use) is checked here; the stack is then
// recorded as CREATE_IN_PROGRESS and the engine creates its resources in the background.
#include <fmt/format.h>

#include "cloud/cloudformation/cloudformation.hpp"
#include "cloud/cloudformation/engine.hpp"
#include "cloud/cloudformation/exports.hpp"
#include "cloud/cloudformation/stack_input.hpp"
#include "cloud/input.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"

#include <unistd.h>

namespace jg::cloud::cloudformation {

namespace {

// The values of the stack's parameters for the record: given ones, else defaults.
std::vector<std::pair<std::string, std::string>> resolved_parameters(const cfn::Template& t,
                                                                      const std::map<std::string, std::string>& given) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& p : t.parameters) {
        auto it = given.find(p.name);
        if (it != given.end()) out.emplace_back(p.name, it->second);
        else if (p.default_value) out.emplace_back(p.name, *p.default_value);
    }
    return out;
}

}  // namespace

Result<Node> create_stack(CallContext& ctx) {
    const Node& in = ctx.input();
    const std::string& region = ctx.info().region;

    // 1. Who and what.
    auto name = read_new_stack_name(in);
    if (!name) return Unexpected(name.error());
    if (auto ok = authorize_stack(ctx, "CreateStack", stack_resource_arn(ctx, *name)); !ok) return Unexpected(ok.error());
    auto text = read_template_text(ctx);
    if (!text) return Unexpected(text.error());
    auto tmpl = parse_template_text(*text);
    if (!tmpl) return Unexpected(tmpl.error());
    auto given = read_parameters(in);
    if (!given) return Unexpected(given.error());
    std::map<std::string, std::string> parameters;
    for (const auto& g : *given) {
        if (g.use_previous)
            return fail("ValidationError", fmt::format("Invalid input for parameter key {}. UsePreviousValue cannot be used when creating a stack", g.key));
        parameters[g.key] = g.value.value_or("");
    }
    auto capabilities = read_capabilities(in);
    if (!capabilities) return Unexpected(capabilities.error());
    auto tags = read_tags(in);
    if (!tags) return Unexpected(tags.error());
    auto disable_rollback = optional_bool(in, "DisableRollback");
    if (!disable_rollback) return Unexpected(disable_rollback.error());
    auto on_failure = optional_string(in, "OnFailure");
    if (on_failure && *disable_rollback)
        return fail("ValidationError", "You cannot specify both DisableRollback and OnFailure.");
    if (on_failure && *on_failure != "DO_NOTHING" && *on_failure != "ROLLBACK" && *on_failure != "DELETE")
        return validation_error("onFailure", *on_failure, "Member must satisfy enum value set: [DELETE, ROLLBACK, DO_NOTHING]");
    auto protection = optional_bool(in, "EnableTerminationProtection");
    if (!protection) return Unexpected(protection.error());
    auto timeout = optional_int(in, "TimeoutInMinutes");
    if (!timeout) return Unexpected(timeout.error());
    if (*timeout && **timeout < 1)
        return validation_error("timeoutInMinutes", std::to_string(**timeout), "Member must have value greater than or equal to 1");

    // 2. The plan: template checks, parameter constraints, imports, capabilities.
    Stack s;
    s.account = ctx.account();
    s.region = region;
    s.name = *name;
    s.id = stack_arn(region, s.account, s.name, new_uuid(ctx.cloud().random()));
    if (const Node* arns = in.find("NotificationARNs"); arns && arns->is_array())
        for (const auto& a : arns->items) s.notification_arns.push_back(a.text);
    std::vector<std::string> imports;
    auto plan = plan_for_call(ctx, *tmpl, cfn::StackInfo{s.account, region, s.name, s.id, s.notification_arns},
                              parameters, &imports);
    if (!plan) return Unexpected(plan.error());
    if (auto ok = check_capabilities(plan->capabilities, *capabilities); !ok) return Unexpected(ok.error());

    // 3. Who the resources are created as.
    auto role_arn = optional_string(in, "RoleARN");
    auto credentials = operation_credentials(ctx, role_arn);
    if (!credentials) return Unexpected(credentials.error());

    // 4. The record, in one transaction with the name and the imports it takes.
    s.description = tmpl->description;
    s.parameters = resolved_parameters(*tmpl, parameters);
    for (const auto& p : tmpl->parameters)
        if (p.no_echo) s.no_echo.push_back(p.name);
    s.capabilities = *capabilities;
    s.tags = *tags;
    s.role_arn = role_arn.value_or("");
    s.disable_rollback = disable_rollback->value_or(false) || on_failure == "DO_NOTHING";
    s.delete_on_failure = on_failure == "DELETE";
    s.termination_protection = protection->value_or(false);
    s.timeout_minutes = *timeout;
    s.created = ctx.now();
    s.status = "CREATE_IN_PROGRESS";
    s.reason = "User Initiated";
    s.template_body = *text;
    s.imports = imports;
    s.operation = Operation{};
    s.operation->kind = "CREATE";
    s.operation->credentials = *credentials;
    s.operation->pid = getpid();
    auto recorded = ctx.cloud().store().write([&](store::Tx& tx) -> Result<void> {
        Node index = Node::make_object();
        index.add("StackId", str(s.id));
        auto taken = tx.get(s.account, k_stack_name, fmt::format("{}/{}", region, s.name));
        if (!taken) return Unexpected(taken.error());
        if (*taken) return fail("AlreadyExistsException", fmt::format("Stack [{}] already exists", s.name));
        if (auto ok = tx.put(s.account, k_stack_name, fmt::format("{}/{}", region, s.name), to_json(index)); !ok) return ok;
        for (const auto& name : imports) {
            // The export must still be there as the stack takes it (it was at planning).
            auto e = find_export(tx, s.account, region, name);
            if (!e) return Unexpected(e.error());
            if (!*e) return fail("ValidationError", fmt::format("No export named {} found.", name));
            if (auto ok = add_import(tx, s.account, region, name, s.name); !ok) return ok;
        }
        if (auto ok = save_stack(tx, s); !ok) return ok;
        return add_event(tx, s, stack_event(s, "CREATE_IN_PROGRESS", "User Initiated"), ctx.now(), new_uuid(ctx.cloud().random()));
    });
    if (!recorded) return Unexpected(recorded.error());

    // 5. The work, after the answer.
    start_operation(ctx.cloud(), s.account, region, s.id);
    Node out = Node::make_object();
    out.add("StackId", str(s.id));
    return out;
}

}  // namespace jg::cloud::cloudformation
