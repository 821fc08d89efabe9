// CreateChangeSet: the update (or, with ChangeSetType CREATE, the creation) is read and
// checked exactly as UpdateStack reads it (update_request.hpp) — template, parameters,
// capabilities, RoleARN — then its Changes are worked out against the stack's resources
// and recorded. A CREATE change set for a new name makes the stack exist in
// REVIEW_IN_PROGRESS, as AWS does, until a change set is executed or the stack deleted.
#include <fmt/format.h>

#include "cloud/cloudformation/change_set.hpp"
#include "cloud/cloudformation/change_set_changes.hpp"
#include "cloud/cloudformation/cloudformation.hpp"
#include "cloud/cloudformation/exports.hpp"
#include "cloud/cloudformation/stack_input.hpp"
#include "cloud/cloudformation/update_request.hpp"
#include "cloud/input.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"

namespace jg::cloud::cloudformation {

namespace {

constexpr const char* k_no_changes =
    "The submitted information didn't contain changes. Submit different information to create a change set.";

// The stack a CREATE change set brings into being: a name, an id, nothing else yet.
Stack review_stack(CallContext& ctx, const std::string& name) {
    Stack s;
    s.account = ctx.account();
    s.region = ctx.info().region;
    s.name = name;
    s.id = stack_arn(s.region, s.account, s.name, new_uuid(ctx.cloud().random()));
    s.created = ctx.now();
    s.status = "REVIEW_IN_PROGRESS";
    s.reason = "User Initiated";
    return s;
}

}  // namespace

Result<Node> create_change_set(CallContext& ctx) {
    const Node& in = ctx.input();
    const std::string& region = ctx.info().region;

    // 1. Which stack, which change set, which kind.
    auto stack_name = required_string(in, "StackName");
    if (!stack_name) return Unexpected(stack_name.error());
    auto name = required_string(in, "ChangeSetName");
    if (!name) return Unexpected(name.error());
    if (auto ok = check_change_set_name(*name); !ok) return Unexpected(ok.error());
    std::string type = optional_string(in, "ChangeSetType").value_or("UPDATE");
    if (type != "CREATE" && type != "UPDATE" && type != "IMPORT")
        return validation_error("changeSetType", type, "Member must satisfy enum value set: [IMPORT, UPDATE, CREATE]");
    if (type == "IMPORT") return fail("ValidationError", "ChangeSetType IMPORT is not supported by the local cloud");
    auto description = optional_string(in, "Description");
    if (description)
        if (auto ok = check_length("description", *description, 1, 1024); !ok) return Unexpected(ok.error());
    auto found = ctx.cloud().store().read([&](store::Reader& r) { return find_stack(r, ctx.account(), region, *stack_name); });
    if (!found) return Unexpected(found.error());
    if (auto ok = authorize_stack(ctx, "CreateChangeSet", *found ? (*found)->id : stack_resource_arn(ctx, *stack_name)); !ok)
        return Unexpected(ok.error());

    // 2. The stack it applies to: an existing one (UPDATE), or one under review (CREATE).
    bool new_stack = false;
    Stack s;
    if (type == "CREATE") {
        if (*found && (*found)->status != "REVIEW_IN_PROGRESS")
            return fail("ValidationError", fmt::format("Stack [{}] already exists and cannot be created again with the changeSet [{}].",
                                                       *stack_name, *name));
        if (!*found) {
            auto valid = read_new_stack_name(in);
            if (!valid) return Unexpected(valid.error());
            new_stack = true;
            s = review_stack(ctx, *stack_name);
        } else {
            s = **found;
        }
    } else {
        if (!*found || (*found)->status == "DELETE_COMPLETE")
            return fail("ValidationError", fmt::format("Stack [{}] does not exist", *stack_name));
        s = **found;
        if (auto ok = check_updatable(s); !ok) return Unexpected(ok.error());
    }

    // 3. The update as UpdateStack would read it, and what it changes.
    auto u = read_update(ctx, s);
    if (!u) return Unexpected(u.error());
    auto tmpl = parse_template_text(u->template_body);
    if (!tmpl) return Unexpected(tmpl.error());
    ChangeInput change_input;
    change_input.current = type == "UPDATE" ? &s.resources : nullptr;
    change_input.tmpl = &*tmpl;
    for (const auto& [k, v] : u->parameters) change_input.parameters[k] = v;
    change_input.stack = cfn::StackInfo{s.account, s.region, s.name, s.id, s.notification_arns};
    change_input.exports = [&](std::string_view export_name) { return export_value(ctx.cloud(), ctx.account(), region, export_name); };
    auto changes = compute_changes(change_input);
    if (!changes) return Unexpected(changes.error());

    ChangeSet c;
    c.account = ctx.account();
    c.region = region;
    c.name = *name;
    c.id = change_set_arn(region, c.account, c.name, new_uuid(ctx.cloud().random()));
    c.stack_id = s.id;
    c.stack_name = s.name;
    c.description = description.value_or("");
    c.type = type;
    c.created = ctx.now();
    c.template_body = u->template_body;
    c.parameters = u->parameters;
    c.no_echo = u->no_echo;
    c.capabilities = u->capabilities;
    c.imports = u->imports;
    c.tags = u->tags;
    c.role_arn = u->role_arn;
    if (const Node* arns = in.find("NotificationARNs"); arns && arns->is_array())
        for (const auto& a : arns->items) c.notification_arns.push_back(a.text);
    c.changes = std::move(*changes);
    c.basis = stack_basis(s);
    bool unchanged = type == "UPDATE" && c.changes.items.empty() && u->template_body == s.template_body &&
                     u->parameters == s.parameters && u->tags == s.tags;
    c.status = unchanged ? "FAILED" : "CREATE_COMPLETE";
    c.reason = unchanged ? k_no_changes : "";

    // 4. The record (and the stack under review), in one transaction.
    auto recorded = ctx.cloud().store().write([&](store::Tx& tx) -> Result<void> {
        if (new_stack) {
            std::string index_key = fmt::format("{}/{}", region, s.name);
            auto taken = tx.get(s.account, k_stack_name, index_key);
            if (!taken) return Unexpected(taken.error());
            if (*taken)
                return fail("ValidationError", fmt::format("Stack [{}] already exists and cannot be created again with the changeSet [{}].",
                                                           s.name, c.name));
            Node index = Node::make_object();
            index.add("StackId", str(s.id));
            if (auto ok = tx.put(s.account, k_stack_name, index_key, to_json(index)); !ok) return ok;
            if (auto ok = save_stack(tx, s); !ok) return ok;
            if (auto ok = add_event(tx, s, stack_event(s, "REVIEW_IN_PROGRESS", "User Initiated"), ctx.now(),
                                    new_uuid(ctx.cloud().random()));
                !ok)
                return ok;
        }
        auto existing = change_sets_of(tx, c.account, region, s.id);
        if (!existing) return Unexpected(existing.error());
        for (const auto& other : *existing)
            if (other.name == c.name) return fail("AlreadyExistsException", fmt::format("ChangeSet [{}] already exists", c.name));
        return save_change_set(tx, c);
    });
    if (!recorded) return Unexpected(recorded.error());
    Node out = Node::make_object();
    out.add("Id", str(c.id));
    out.add("StackId", str(s.id));
    return out;
}

}  // namespace jg::cloud::cloudformation
