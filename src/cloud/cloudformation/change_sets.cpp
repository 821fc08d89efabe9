// DescribeChangeSet, ListChangeSets, DeleteChangeSet and ExecuteChangeSet. Executing
// starts the stack's CREATE (from REVIEW_IN_PROGRESS) or UPDATE with what the change set
// recorded, acting with the executing caller's credentials (or the change set's RoleARN),
// and removes the stack's other change sets, as AWS does.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

#include "cloud/cloudformation/change_set.hpp"
#include "cloud/cloudformation/cloudformation.hpp"
#include "cloud/cloudformation/engine.hpp"
#include "cloud/cloudformation/exports.hpp"
#include "cloud/cloudformation/stack_input.hpp"
#include "cloud/cloudformation/update_request.hpp"
#include "cloud/input.hpp"
#include "core/ids.hpp"

namespace jg::cloud::cloudformation {

namespace {

struct Located {
    Stack stack;
    ChangeSet change_set;
};

// The change set named by ChangeSetName (an ARN, or a name with StackName) and its stack,
// after cloudformation:ACTION is authorised on the stack.
Result<Located> locate(CallContext& ctx, std::string_view action) {
    const Node& in = ctx.input();
    const std::string& region = ctx.info().region;
    auto name = required_string(in, "ChangeSetName");
    if (!name) return Unexpected(name.error());
    auto stack_name = optional_string(in, "StackName");
    if (!name->starts_with("arn:") && !stack_name)
        return fail("ValidationError", "StackName must be specified if ChangeSetName is not specified as an ARN.");
    auto found = ctx.cloud().store().read([&](store::Reader& r) -> Result<std::pair<std::optional<Stack>, std::optional<ChangeSet>>> {
        std::optional<Stack> stack;
        if (stack_name) {
            auto s = find_stack(r, ctx.account(), region, *stack_name);
            if (!s) return Unexpected(s.error());
            stack = std::move(*s);
        }
        auto c = find_change_set(r, ctx.account(), region, *name, stack);
        if (!c) return Unexpected(c.error());
        if (*c && (!stack || stack->id != (*c)->stack_id)) {
            auto s = find_stack(r, ctx.account(), region, (*c)->stack_id);
            if (!s) return Unexpected(s.error());
            stack = std::move(*s);
        }
        return std::make_pair(std::move(stack), std::move(*c));
    });
    if (!found) return Unexpected(found.error());
    auto& [stack, change_set] = *found;
    std::string resource = stack ? stack->id : stack_resource_arn(ctx, stack_name.value_or("*"));
    if (auto ok = authorize_stack(ctx, action, resource); !ok) return Unexpected(ok.error());
    if (stack_name && !stack) return fail("ValidationError", fmt::format("Stack [{}] does not exist", *stack_name));
    if (!change_set || !stack) return no_such_change_set(*name);
    return Located{std::move(*stack), std::move(*change_set)};
}

Node parameters_node(const ChangeSet& c) {
    Node params = Node::make_array();
    for (const auto& [k, v] : c.parameters) {
        Node p = Node::make_object();
        p.add("ParameterKey", str(k));
        bool hidden = std::find(c.no_echo.begin(), c.no_echo.end(), k) != c.no_echo.end();
        p.add("ParameterValue", str(hidden ? "****" : v));
        params.push(std::move(p));
    }
    return params;
}

Node strings_node(const std::vector<std::string>& v) {
    Node n = Node::make_array();
    for (const auto& s : v) n.push(str(s));
    return n;
}

// The members DescribeChangeSet and the ChangeSetSummary of ListChangeSets share.
void add_summary(Node& n, const ChangeSet& c, const Stack& s) {
    n.add("StackId", str(c.stack_id));
    n.add("StackName", str(c.stack_name));
    n.add("ChangeSetId", str(c.id));
    n.add("ChangeSetName", str(c.name));
    n.add("ExecutionStatus", str(execution_status(c, s)));
    n.add("Status", str(c.status));
    if (!c.reason.empty()) n.add("StatusReason", str(c.reason));
    n.add("CreationTime", str(format_iso8601(c.created, true)));
    if (!c.description.empty()) n.add("Description", str(c.description));
    n.add("IncludeNestedStacks", boolean(false));
}

// The executed change set stays (its ExecutionStatus follows the stack); the stack's
// other change sets no longer apply to it and go.
Result<void> record_execution(store::Tx& tx, const ChangeSet& c) {
    auto all = change_sets_of(tx, c.account, c.region, c.stack_id);
    if (!all) return Unexpected(all.error());
    for (auto& other : *all) {
        if (other.id != c.id) {
            if (auto ok = erase_change_set(tx, other); !ok) return ok;
            continue;
        }
        other.executed = true;
        if (auto ok = save_change_set(tx, other); !ok) return ok;
    }
    return {};
}

// Starts the CREATE of a stack under review with the change set's content.
Result<void> start_create(CallContext& ctx, const Located& at, const Credentials& credentials, bool disable_rollback) {
    const ChangeSet& c = at.change_set;
    auto tmpl = parse_template_text(c.template_body);
    if (!tmpl) return Unexpected(tmpl.error());
    auto recorded = ctx.cloud().store().write([&](store::Tx& tx) -> Result<void> {
        auto current = find_stack(tx, c.account, c.region, c.stack_id);
        if (!current) return Unexpected(current.error());
        if (!*current) return no_such_stack(c.stack_name);
        Stack& s = **current;
        if (s.status != "REVIEW_IN_PROGRESS")
            return fail("InvalidChangeSetStatus", fmt::format("ChangeSet [{}] cannot be executed in its current status of [{}]", c.id,
                                                              execution_status(c, s)));
        for (const auto& name : c.imports) {
            auto e = find_export(tx, s.account, s.region, name);
            if (!e) return Unexpected(e.error());
            if (!*e) return fail("ValidationError", fmt::format("No export named {} found.", name));
            if (auto ok = add_import(tx, s.account, s.region, name, s.name); !ok) return ok;
        }
        s.description = tmpl->description;
        s.template_body = c.template_body;
        s.parameters = c.parameters;
        s.no_echo = c.no_echo;
        s.capabilities = c.capabilities;
        s.notification_arns = c.notification_arns;
        s.tags = c.tags;
        s.role_arn = c.role_arn;
        s.imports = c.imports;
        s.disable_rollback = disable_rollback;
        s.status = "CREATE_IN_PROGRESS";
        s.reason = "User Initiated";
        s.operation = Operation{};
        s.operation->kind = "CREATE";
        s.operation->credentials = credentials;
        s.operation->pid = getpid();
        if (auto ok = save_stack(tx, s); !ok) return ok;
        if (auto ok = record_execution(tx, c); !ok) return ok;
        return add_event(tx, s, stack_event(s, "CREATE_IN_PROGRESS", "User Initiated"), ctx.now(), new_uuid(ctx.cloud().random()));
    });
    if (!recorded) return recorded;
    start_operation(ctx.cloud(), c.account, c.region, c.stack_id);
    return {};
}

}  // namespace

Result<Node> describe_change_set(CallContext& ctx) {
    auto at = locate(ctx, "DescribeChangeSet");
    if (!at) return Unexpected(at.error());
    const ChangeSet& c = at->change_set;
    Node out = Node::make_object();
    add_summary(out, c, at->stack);
    out.add("Parameters", parameters_node(c));
    out.add("NotificationARNs", strings_node(c.notification_arns));
    out.add("RollbackConfiguration", Node::make_object());
    out.add("Capabilities", strings_node(c.capabilities));
    out.add("Tags", tags_node(c.tags));
    out.add("Changes", c.changes);
    return out;
}

Result<Node> list_change_sets(CallContext& ctx) {
    auto name = required_string(ctx.input(), "StackName");
    if (!name) return Unexpected(name.error());
    const std::string& region = ctx.info().region;
    auto found = ctx.cloud().store().read([&](store::Reader& r) -> Result<std::pair<std::optional<Stack>, std::vector<ChangeSet>>> {
        auto s = find_stack(r, ctx.account(), region, *name);
        if (!s) return Unexpected(s.error());
        if (!*s) return std::make_pair(std::optional<Stack>{}, std::vector<ChangeSet>{});
        auto all = change_sets_of(r, ctx.account(), region, (*s)->id);
        if (!all) return Unexpected(all.error());
        return std::make_pair(std::move(*s), std::move(*all));
    });
    if (!found) return Unexpected(found.error());
    const auto& [stack, all] = *found;
    if (auto ok = authorize_stack(ctx, "ListChangeSets", stack ? stack->id : stack_resource_arn(ctx, *name)); !ok)
        return Unexpected(ok.error());
    if (!stack) return fail("ValidationError", fmt::format("Stack [{}] does not exist", *name));
    Node summaries = Node::make_array();
    for (const auto& c : all) {
        Node n = Node::make_object();
        add_summary(n, c, *stack);
        summaries.push(std::move(n));
    }
    Node out = Node::make_object();
    out.add("Summaries", std::move(summaries));
    return out;
}

Result<Node> delete_change_set(CallContext& ctx) {
    auto at = locate(ctx, "DeleteChangeSet");
    if (!at) return Unexpected(at.error());
    std::string status = execution_status(at->change_set, at->stack);
    if (status == "EXECUTE_IN_PROGRESS")
        return fail("InvalidChangeSetStatus",
                    fmt::format("Cannot delete ChangeSet [{}] in its current status of [{}]", at->change_set.id, status));
    auto done = ctx.cloud().store().write([&](store::Tx& tx) { return erase_change_set(tx, at->change_set); });
    if (!done) return Unexpected(done.error());
    return Node::make_object();
}

Result<Node> execute_change_set(CallContext& ctx) {
    auto at = locate(ctx, "ExecuteChangeSet");
    if (!at) return Unexpected(at.error());
    const ChangeSet& c = at->change_set;
    std::string status = execution_status(c, at->stack);
    if (status != "AVAILABLE")
        return fail("InvalidChangeSetStatus", fmt::format("ChangeSet [{}] cannot be executed in its current status of [{}]", c.id, status));
    auto disable_rollback = optional_bool(ctx.input(), "DisableRollback");
    if (!disable_rollback) return Unexpected(disable_rollback.error());
    auto credentials = operation_credentials(ctx, c.role_arn.empty() ? std::nullopt : std::optional<std::string>(c.role_arn));
    if (!credentials) return Unexpected(credentials.error());

    if (c.type == "CREATE") {
        if (auto ok = start_create(ctx, *at, *credentials, disable_rollback->value_or(false)); !ok) return Unexpected(ok.error());
    } else {
        UpdateRequest u;
        u.template_body = c.template_body;
        u.parameters = c.parameters;
        u.no_echo = c.no_echo;
        u.capabilities = c.capabilities;
        u.imports = c.imports;
        u.role_arn = c.role_arn;
        u.tags = c.tags;
        u.credentials = *credentials;
        if (auto tmpl = parse_template_text(c.template_body); tmpl) u.description = tmpl->description;
        if (auto ok = start_update(ctx, at->stack, u, [&](store::Tx& tx) { return record_execution(tx, c); }); !ok) return Unexpected(ok.error());
    }
    return Node::make_object();
}

}  // namespace jg::cloud::cloudformation
