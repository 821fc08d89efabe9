// DescribeStacks and ListStacks.
#include <fmt/format.h>

#include <algorithm>

#include "cloud/cloudformation/cloudformation.hpp"
#include "cloud/cloudformation/stack_input.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"

namespace jg::cloud::cloudformation {

namespace {

Node when(Time t) { return str(format_iso8601(t, true)); }

Node drift() {
    Node d = Node::make_object();
    d.add("StackDriftStatus", str("NOT_CHECKED"));
    return d;
}

// The Stack shape of DescribeStacks.
Node stack_node(const Stack& s) {
    Node n = Node::make_object();
    n.add("StackId", str(s.id));
    n.add("StackName", str(s.name));
    if (!s.description.empty()) n.add("Description", str(s.description));
    Node params = Node::make_array();
    for (const auto& [k, v] : s.parameters) {
        Node p = Node::make_object();
        p.add("ParameterKey", str(k));
        bool hidden = std::find(s.no_echo.begin(), s.no_echo.end(), k) != s.no_echo.end();
        p.add("ParameterValue", str(hidden ? "****" : v));
        params.push(std::move(p));
    }
    n.add("Parameters", std::move(params));
    n.add("CreationTime", when(s.created));
    if (s.deleted) n.add("DeletionTime", when(*s.deleted));
    if (s.updated) n.add("LastUpdatedTime", when(*s.updated));
    n.add("RollbackConfiguration", Node::make_object());
    n.add("StackStatus", str(s.status));
    if (!s.reason.empty()) n.add("StackStatusReason", str(s.reason));
    n.add("DisableRollback", boolean(s.disable_rollback));
    Node arns = Node::make_array();
    for (const auto& a : s.notification_arns) arns.push(str(a));
    n.add("NotificationARNs", std::move(arns));
    if (s.timeout_minutes) n.add("TimeoutInMinutes", num(*s.timeout_minutes));
    if (!s.capabilities.empty()) {
        Node caps = Node::make_array();
        for (const auto& c : s.capabilities) caps.push(str(c));
        n.add("Capabilities", std::move(caps));
    }
    if (!s.outputs.empty()) {
        Node outputs = Node::make_array();
        for (const auto& o : s.outputs) {
            Node out = Node::make_object();
            out.add("OutputKey", str(o.key));
            out.add("OutputValue", str(o.value));
            if (!o.description.empty()) out.add("Description", str(o.description));
            if (!o.export_name.empty()) out.add("ExportName", str(o.export_name));
            outputs.push(std::move(out));
        }
        n.add("Outputs", std::move(outputs));
    }
    if (!s.role_arn.empty()) n.add("RoleARN", str(s.role_arn));
    n.add("Tags", tags_node(s.tags));
    n.add("EnableTerminationProtection", boolean(s.termination_protection));
    n.add("DriftInformation", drift());
    return n;
}

// Every stack of the account in the region, newest first (deleted ones included).
Result<std::vector<Stack>> all_stacks(CallContext& ctx) {
    return ctx.cloud().store().read([&](store::Reader& r) -> Result<std::vector<Stack>> {
        auto page = r.list(ctx.account(), k_stack, store::ListQuery{ctx.info().region + "/", "", 0});
        if (!page) return Unexpected(page.error());
        std::vector<Stack> out;
        for (const auto& e : page->entries) {
            auto doc = parse_json(e.body);
            if (!doc) return Unexpected(doc.error());
            auto s = stack_from_doc(*doc);
            if (!s) return Unexpected(s.error());
            out.push_back(std::move(*s));
        }
        std::stable_sort(out.begin(), out.end(), [](const Stack& a, const Stack& b) { return a.created > b.created; });
        return out;
    });
}

}  // namespace

Result<Node> describe_stacks(CallContext& ctx) {
    const Node& in = ctx.input();
    auto name = optional_string(in, "StackName");
    Node stacks = Node::make_array();
    if (name) {
        auto found = ctx.cloud().store().read([&](store::Reader& r) { return find_stack(r, ctx.account(), ctx.info().region, *name); });
        if (!found) return Unexpected(found.error());
        if (auto ok = authorize_stack(ctx, "DescribeStacks", *found ? (*found)->id : stack_resource_arn(ctx, *name)); !ok)
            return Unexpected(ok.error());
        if (!*found) return no_such_stack(*name);
        stacks.push(stack_node(**found));
    } else {
        if (auto ok = authorize_stack(ctx, "DescribeStacks", "*"); !ok) return Unexpected(ok.error());
        auto all = all_stacks(ctx);
        if (!all) return Unexpected(all.error());
        for (const auto& s : *all)
            if (s.status != "DELETE_COMPLETE") stacks.push(stack_node(s));
    }
    Node out = Node::make_object();
    out.add("Stacks", std::move(stacks));
    return out;
}

Result<Node> list_stacks(CallContext& ctx) {
    if (auto ok = authorize_stack(ctx, "ListStacks", "*"); !ok) return Unexpected(ok.error());
    std::vector<std::string> filter;
    if (const Node* f = ctx.input().find("StackStatusFilter"); f && f->is_array())
        for (const auto& s : f->items) filter.push_back(s.text);
    auto all = all_stacks(ctx);
    if (!all) return Unexpected(all.error());
    Node summaries = Node::make_array();
    for (const auto& s : *all) {
        if (!filter.empty() && std::find(filter.begin(), filter.end(), s.status) == filter.end()) continue;
        Node n = Node::make_object();
        n.add("StackId", str(s.id));
        n.add("StackName", str(s.name));
        if (!s.description.empty()) n.add("TemplateDescription", str(s.description));
        n.add("CreationTime", when(s.created));
        if (s.updated) n.add("LastUpdatedTime", when(*s.updated));
        if (s.deleted) n.add("DeletionTime", when(*s.deleted));
        n.add("StackStatus", str(s.status));
        if (!s.reason.empty()) n.add("StackStatusReason", str(s.reason));
        n.add("DriftInformation", drift());
        summaries.push(std::move(n));
    }
    Node out = Node::make_object();
    out.add("StackSummaries", std::move(summaries));
    return out;
}

}  // namespace jg::cloud::cloudformation
