#include "cloud/cloudformation/stacksets/deployer.hpp"

#include <chrono>
#include <map>
#include <mutex>

#include "cloud/cloudformation/engine.hpp"
#include "cloud/input.hpp"
#include "core/ids.hpp"

namespace jg::cloud::stacksets {

namespace {

std::mutex g_mutex;
std::map<const Cloud*, InstanceDeployer> g_overrides;

// How long a stack may take before the instance is given up as failed (wall time: stacks
// progress in the background whatever the injected clock says).
constexpr auto k_stack_timeout = std::chrono::minutes(10);

Outcome failed(std::string reason, std::string stack_id = {}) {
    return Outcome{TargetStatus::failed, std::move(reason), std::move(stack_id)};
}

std::string text_of(const Node& n, std::string_view key) {
    const Node* v = n.find(key);
    return v ? v->text : std::string{};
}

Node stack_name_input(const std::string& stack) {
    Node in = Node::make_object();
    in.add("StackName", str(stack));
    return in;
}

struct StackState {
    bool exists = false;
    std::string status, reason;
};

Result<StackState> describe(Cloud& cloud, const Credentials& session, const RequestInfo& info, const std::string& stack) {
    auto out = cloud.call(session, "cloudformation", "DescribeStacks", stack_name_input(stack), info);
    if (!out) {
        // A missing stack is a ValidationError "Stack with id X does not exist".
        if (out.error().code == "ValidationError" && out.error().message.find("does not exist") != std::string::npos)
            return StackState{};
        return Unexpected(out.error());
    }
    const Node* stacks = out->find("Stacks");
    if (!stacks || stacks->items.empty()) return StackState{};
    const Node& s = stacks->items.front();
    return StackState{true, text_of(s, "StackStatus"), text_of(s, "StackStatusReason")};
}

bool in_progress(const std::string& status) { return status.ends_with("_IN_PROGRESS"); }

// Waits until the stack leaves its *_IN_PROGRESS statuses (or disappears): woken by the
// stack engine when an operation of the stack ends, with a status check every second in
// case another process runs it.
Result<StackState> wait_final(Cloud& cloud, const Credentials& session, const RequestInfo& info, const std::string& stack) {
    auto deadline = std::chrono::steady_clock::now() + k_stack_timeout;
    auto watch = cloudformation::watch_operation_ends(cloud, stack);
    while (true) {
        std::uint64_t ended = watch.ends();
        auto state = describe(cloud, session, info, stack);
        if (!state || !state->exists || !in_progress(state->status)) return state;
        if (std::chrono::steady_clock::now() > deadline)
            return fail("Timeout", "stack " + stack + " is still " + state->status);
        watch.wait(ended, std::chrono::seconds(1));
    }
}

std::string reason_of(const StackState& s, std::string_view fallback) {
    return s.reason.empty() ? std::string(fallback) : s.reason;
}

Outcome create(Cloud& cloud, const Credentials& session, const RequestInfo& info, const InstanceWork& w) {
    Node in = Node::make_object();
    in.add("StackName", str("StackSet-" + w.stack_set_name + "-" + new_uuid(cloud.random())));
    in.add("TemplateBody", str(w.template_body));
    if (!w.parameters.items.empty()) in.add("Parameters", w.parameters);
    if (!w.capabilities.items.empty()) in.add("Capabilities", w.capabilities);
    if (!w.tags.items.empty()) in.add("Tags", w.tags);
    auto out = cloud.call(session, "cloudformation", "CreateStack", in, info);
    if (!out) return failed(out.error().message);
    std::string id = text_of(*out, "StackId");
    auto state = wait_final(cloud, session, info, id);
    if (!state) return failed(state.error().message, id);
    if (state->status == "CREATE_COMPLETE") return Outcome{TargetStatus::succeeded, {}, id};
    return failed(reason_of(*state, "The stack ended " + state->status), id);
}

Outcome update(Cloud& cloud, const Credentials& session, const RequestInfo& info, const InstanceWork& w) {
    Node in = Node::make_object();
    in.add("StackName", str(w.stack_id));
    in.add("TemplateBody", str(w.template_body));
    if (!w.parameters.items.empty()) in.add("Parameters", w.parameters);
    if (!w.capabilities.items.empty()) in.add("Capabilities", w.capabilities);
    if (!w.tags.items.empty()) in.add("Tags", w.tags);
    auto out = cloud.call(session, "cloudformation", "UpdateStack", in, info);
    if (!out) {
        if (out.error().message == "No updates are to be performed.") return Outcome{TargetStatus::succeeded, {}, w.stack_id};
        return failed(out.error().message, w.stack_id);
    }
    auto state = wait_final(cloud, session, info, w.stack_id);
    if (!state) return failed(state.error().message, w.stack_id);
    if (state->status == "UPDATE_COMPLETE") return Outcome{TargetStatus::succeeded, {}, w.stack_id};
    return failed(reason_of(*state, "The stack ended " + state->status), w.stack_id);
}

Outcome remove(Cloud& cloud, const Credentials& session, const RequestInfo& info, const std::string& stack_id) {
    auto out = cloud.call(session, "cloudformation", "DeleteStack", stack_name_input(stack_id), info);
    if (!out) return failed(out.error().message, stack_id);
    auto state = wait_final(cloud, session, info, stack_id);
    if (!state) return failed(state.error().message, stack_id);
    if (!state->exists || state->status == "DELETE_COMPLETE") return Outcome{TargetStatus::succeeded, {}, {}};
    return failed(reason_of(*state, "The stack ended " + state->status), stack_id);
}

}  // namespace

Outcome deploy_with_stacks(Cloud& cloud, const Credentials& session, const InstanceWork& w) {
    RequestInfo info;
    info.region = w.target.region;
    if (w.action == Action::remove) {
        if (w.retain_stacks || w.stack_id.empty()) return Outcome{TargetStatus::succeeded, {}, {}};
        return remove(cloud, session, info, w.stack_id);
    }
    // Create and update converge on the same end: a stack with the current template.
    // A stack left in ROLLBACK_COMPLETE by an earlier failure can only be deleted.
    if (!w.stack_id.empty()) {
        auto state = describe(cloud, session, info, w.stack_id);
        if (!state) return failed(state.error().message, w.stack_id);
        if (state->exists && state->status == "ROLLBACK_COMPLETE") {
            Outcome gone = remove(cloud, session, info, w.stack_id);
            if (gone.status != TargetStatus::succeeded) return gone;
        } else if (state->exists && state->status != "DELETE_COMPLETE") {
            return update(cloud, session, info, w);
        }
    }
    return create(cloud, session, info, w);
}

InstanceDeployer instance_deployer(const Cloud& cloud) {
    std::lock_guard lock(g_mutex);
    auto it = g_overrides.find(&cloud);
    if (it != g_overrides.end()) return it->second;
    return deploy_with_stacks;
}

void override_instance_deployer(const Cloud& cloud, InstanceDeployer deployer) {
    std::lock_guard lock(g_mutex);
    g_overrides[&cloud] = std::move(deployer);
}

void clear_instance_deployer(const Cloud& cloud) {
    std::lock_guard lock(g_mutex);
    g_overrides.erase(&cloud);
}

}  // namespace jg::cloud::stacksets
