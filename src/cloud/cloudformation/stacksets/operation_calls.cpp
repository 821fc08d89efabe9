// DescribeStackSetOperation, ListStackSetOperations, ListStackSetOperationResults,
// StopStackSetOperation.
#include <fmt/format.h>

#include <algorithm>

#include "cloud/cloudformation/stacksets/requests.hpp"
#include "cloud/cloudformation/stacksets/stacksets.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"

namespace jg::cloud::stacksets {

namespace {

// The operation named by input member OperationId, of a stack set that exists.
Result<Operation> requested_operation(CallContext& ctx, const SetRef& set) {
    auto id = required_string(ctx.input(), "OperationId");
    if (!id) return Unexpected(id.error());
    if (auto ok = check_operation_id("OperationId", *id); !ok) return Unexpected(ok.error());
    return ctx.cloud().store().read([&](store::Reader& r) -> Result<Operation> {
        if (auto doc = load_set(r, set); !doc) return Unexpected(doc.error());
        return load_operation(r, set, *id);
    });
}

}  // namespace

Result<Node> describe_stack_set_operation(CallContext& ctx) {
    auto set = authorized_set(ctx, "cloudformation:DescribeStackSetOperation");
    if (!set) return Unexpected(set.error());
    auto op = requested_operation(ctx, *set);
    if (!op) return Unexpected(op.error());
    Node out = Node::make_object();
    out.add("StackSetOperation", op->describe());
    return out;
}

Result<Node> list_stack_set_operations(CallContext& ctx) {
    auto set = authorized_set(ctx, "cloudformation:ListStackSetOperations");
    if (!set) return Unexpected(set.error());
    auto page = read_page(ctx.input());
    if (!page) return Unexpected(page.error());
    auto ops = ctx.cloud().store().read([&](store::Reader& r) -> Result<std::vector<Operation>> {
        if (auto doc = load_set(r, *set); !doc) return Unexpected(doc.error());
        auto listed = r.list(set->account, k_operation, {set_key(set->region, set->name) + "/", {}, 0});
        if (!listed) return Unexpected(listed.error());
        std::vector<Operation> out;
        for (const auto& e : listed->entries) {
            auto doc = parse_json(e.body);
            if (!doc) return fail("InternalFailure", "stored operation " + e.name + " is not JSON");
            auto op = Operation::from_node(*doc);
            if (!op) return Unexpected(op.error());
            out.push_back(std::move(*op));
        }
        return out;
    });
    if (!ops) return Unexpected(ops.error());
    // Oldest first (creation order).
    std::stable_sort(ops->begin(), ops->end(), [](const Operation& a, const Operation& b) { return a.created < b.created; });
    std::vector<Node> summaries;
    for (const Operation& op : *ops) summaries.push_back(op.summary());
    Node out = Node::make_object();
    add_page(out, std::move(summaries), *page);
    return out;
}

Result<Node> list_stack_set_operation_results(CallContext& ctx) {
    const Node& in = ctx.input();
    auto set = authorized_set(ctx, "cloudformation:ListStackSetOperationResults");
    if (!set) return Unexpected(set.error());
    auto page = read_page(in);
    if (!page) return Unexpected(page.error());
    std::vector<std::string> statuses;
    if (const Node* list = in.find("Filters"); list && list->is_array())
        for (const Node& f : list->items) {
            if (text_of(f, "Name") != "OPERATION_RESULT_STATUS")
                return validation_error("filters.member.name", text_of(f, "Name"),
                                        "Member must satisfy enum value set: [OPERATION_RESULT_STATUS]");
            statuses.push_back(text_of(f, "Values"));
        }
    auto op = requested_operation(ctx, *set);
    if (!op) return Unexpected(op.error());
    // In the order the operation lists its targets.
    auto results = ctx.cloud().store().read([&](store::Reader& r) -> Result<std::vector<Node>> {
        std::vector<Node> out;
        for (const Target& t : op->targets) {
            auto doc = iam::get_doc(r, set->account, k_result, result_key(set->region, set->name, op->id, t.account, t.region));
            if (!doc) return Unexpected(doc.error());
            if (!*doc) continue;
            if (!statuses.empty() &&
                std::find(statuses.begin(), statuses.end(), text_of(**doc, "Status")) == statuses.end())
                continue;
            out.push_back(std::move(**doc));
        }
        return out;
    });
    if (!results) return Unexpected(results.error());
    Node out = Node::make_object();
    add_page(out, std::move(*results), *page);
    return out;
}

Result<Node> stop_stack_set_operation(CallContext& ctx) {
    auto set = authorized_set(ctx, "cloudformation:StopStackSetOperation");
    if (!set) return Unexpected(set.error());
    auto id = required_string(ctx.input(), "OperationId");
    if (!id) return Unexpected(id.error());
    // The runner sees STOPPING before it starts each target, cancels the rest and ends STOPPED.
    auto stopped = ctx.cloud().store().write([&](store::Tx& tx) -> Result<void> {
        if (auto doc = load_set(tx, *set); !doc) return Unexpected(doc.error());
        auto op = load_operation(tx, *set, *id);
        if (!op) return Unexpected(op.error());
        if (op->status == "STOPPING") return {};
        if (op->status != "RUNNING" && op->status != "QUEUED")
            return fail("InvalidOperationException",
                        fmt::format("Operation {} is in {} state and can not be stopped", *id, op->status));
        op->status = "STOPPING";
        if (auto ok = save_operation(tx, *set, *op); !ok) return ok;
        return tx.put(set->account, k_stop, operation_key(set->region, set->name, *id), R"({"Stop":true})");
    });
    if (!stopped) return Unexpected(stopped.error());
    return Node::make_object();
}

}  // namespace jg::cloud::stacksets
