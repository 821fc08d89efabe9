// DeleteStack and UpdateTerminationProtection.
#include <fmt/format.h>
#include <unistd.h>

#include "cloud/cloudformation/change_set.hpp"
#include "cloud/cloudformation/cloudformation.hpp"
#include "cloud/cloudformation/engine.hpp"
#include "cloud/cloudformation/stack_input.hpp"
#include "cloud/input.hpp"
#include "core/ids.hpp"

namespace jg::cloud::cloudformation {

Result<Node> delete_stack(CallContext& ctx) {
    const Node& in = ctx.input();
    const std::string& region = ctx.info().region;
    auto name = required_string(in, "StackName");
    if (!name) return Unexpected(name.error());
    auto found = ctx.cloud().store().read([&](store::Reader& r) { return find_stack(r, ctx.account(), region, *name); });
    if (!found) return Unexpected(found.error());
    if (auto ok = authorize_stack(ctx, "DeleteStack", *found ? (*found)->id : stack_resource_arn(ctx, *name)); !ok)
        return Unexpected(ok.error());
    // AWS: deleting a stack that does not exist (or no longer does) succeeds and does nothing.
    if (!*found || (*found)->status == "DELETE_COMPLETE" || (*found)->status == "DELETE_IN_PROGRESS") return Node::make_object();
    const Stack& s = **found;
    if (s.termination_protection)
        return fail("ValidationError", fmt::format("Stack [{}] cannot be deleted while TerminationProtection is enabled", s.name));
    if (s.in_progress() && s.status != "REVIEW_IN_PROGRESS")
        return fail("ValidationError", fmt::format("Stack [{}] is in {} state and can not be deleted until the operation completes", s.id, s.status));
    std::vector<std::string> retain;
    if (const Node* list = in.find("RetainResources"); list && list->is_array()) {
        if (s.status != "DELETE_FAILED")
            return fail("ValidationError", fmt::format("Invalid operation on stack [{}]. RetainResources can only be specified when the stack is in the DELETE_FAILED state", s.id));
        for (const auto& r : list->items) retain.push_back(r.text);
    }
    auto role_arn = optional_string(in, "RoleARN");
    if (!role_arn && !s.role_arn.empty()) role_arn = s.role_arn;
    auto credentials = operation_credentials(ctx, role_arn);
    if (!credentials) return Unexpected(credentials.error());

    auto recorded = ctx.cloud().store().write([&](store::Tx& tx) -> Result<void> {
        auto current = find_stack(tx, ctx.account(), region, s.id);
        if (!current) return Unexpected(current.error());
        if (!*current) return no_such_stack(*name);
        Stack& st = **current;
        if ((st.in_progress() && st.status != "REVIEW_IN_PROGRESS") || st.status == "DELETE_COMPLETE")
            return fail("ValidationError", fmt::format("Stack [{}] is in {} state and can not be deleted until the operation completes", st.id, st.status));
        for (auto& r : st.resources)
            if (std::find(retain.begin(), retain.end(), r.logical_id) != retain.end()) r.deletion_policy = "Retain";
        // The stack's change sets go with it.
        auto change_sets = change_sets_of(tx, st.account, st.region, st.id);
        if (!change_sets) return Unexpected(change_sets.error());
        for (const auto& c : *change_sets)
            if (auto ok = erase_change_set(tx, c); !ok) return ok;
        st.status = "DELETE_IN_PROGRESS";
        st.reason = "User Initiated";
        st.operation = Operation{};
        st.operation->kind = "DELETE";
        st.operation->credentials = *credentials;
        st.operation->pid = getpid();
        if (auto ok = save_stack(tx, st); !ok) return ok;
        return add_event(tx, st, stack_event(st, "DELETE_IN_PROGRESS", "User Initiated"), ctx.now(), new_uuid(ctx.cloud().random()));
    });
    if (!recorded) return Unexpected(recorded.error());
    start_operation(ctx.cloud(), ctx.account(), region, s.id);
    return Node::make_object();
}

Result<Node> update_termination_protection(CallContext& ctx) {
    const Node& in = ctx.input();
    const std::string& region = ctx.info().region;
    auto enable = optional_bool(in, "EnableTerminationProtection");
    if (!enable) return Unexpected(enable.error());
    if (!*enable) return validation_error("enableTerminationProtection", std::nullopt, "Member must not be null");
    auto name = required_string(in, "StackName");
    if (!name) return Unexpected(name.error());
    auto found = ctx.cloud().store().read([&](store::Reader& r) { return find_stack(r, ctx.account(), region, *name); });
    if (!found) return Unexpected(found.error());
    if (auto ok = authorize_stack(ctx, "UpdateTerminationProtection", *found ? (*found)->id : stack_resource_arn(ctx, *name)); !ok)
        return Unexpected(ok.error());
    if (!*found || (*found)->status == "DELETE_COMPLETE") return no_such_stack(*name);
    std::string id = (*found)->id;
    auto saved = ctx.cloud().store().write([&](store::Tx& tx) -> Result<void> {
        auto current = find_stack(tx, ctx.account(), region, id);
        if (!current) return Unexpected(current.error());
        if (!*current) return no_such_stack(*name);
        (*current)->termination_protection = **enable;
        return save_stack(tx, **current);
    });
    if (!saved) return Unexpected(saved.error());
    Node out = Node::make_object();
    out.add("StackId", str(id));
    return out;
}

}  // namespace jg::cloud::cloudformation
