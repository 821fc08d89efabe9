// DescribeStackEvents, DescribeStackResources, DescribeStackResource, ListStackResources.
#include <fmt/format.h>

#include "cloud/cloudformation/cloudformation.hpp"
#include "cloud/cloudformation/stack_input.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"

namespace jg::cloud::cloudformation {

namespace {

Node when(Time t) { return str(format_iso8601(t, true)); }

Node resource_drift() {
    Node d = Node::make_object();
    d.add("StackResourceDriftStatus", str("NOT_CHECKED"));
    return d;
}

// The stack a read-only call names (a live stack's name or any stack's id), authorised.
Result<Stack> readable_stack(CallContext& ctx, std::string_view action, const std::string& name) {
    auto found = ctx.cloud().store().read([&](store::Reader& r) { return find_stack(r, ctx.account(), ctx.info().region, name); });
    if (!found) return Unexpected(found.error());
    if (auto ok = authorize_stack(ctx, action, *found ? (*found)->id : stack_resource_arn(ctx, name)); !ok)
        return Unexpected(ok.error());
    if (!*found) return no_such_stack(name);
    return std::move(**found);
}

void add_resource_members(Node& n, const StackResource& r, const char* time_member) {
    n.add("LogicalResourceId", str(r.logical_id));
    if (!r.physical_id.empty()) n.add("PhysicalResourceId", str(r.physical_id));
    n.add("ResourceType", str(r.type));
    n.add(time_member, when(r.timestamp));
    n.add("ResourceStatus", str(r.status));
    if (!r.reason.empty()) n.add("ResourceStatusReason", str(r.reason));
}

}  // namespace

Result<Node> describe_stack_events(CallContext& ctx) {
    auto name = required_string(ctx.input(), "StackName");
    if (!name) return Unexpected(name.error());
    auto s = readable_stack(ctx, "DescribeStackEvents", *name);
    if (!s) return Unexpected(s.error());
    auto page = ctx.cloud().store().read([&](store::Reader& r) {
        return r.list(s->account, k_event, store::ListQuery{s->uuid() + "/", "", 0});
    });
    if (!page) return Unexpected(page.error());
    Node events = Node::make_array();
    for (auto it = page->entries.rbegin(); it != page->entries.rend(); ++it) {
        auto e = parse_json(it->body);
        if (!e) return Unexpected(e.error());
        events.push(std::move(*e));
    }
    Node out = Node::make_object();
    out.add("StackEvents", std::move(events));
    return out;
}

Result<Node> describe_stack_resources(CallContext& ctx) {
    const Node& in = ctx.input();
    auto name = optional_string(in, "StackName");
    auto physical = optional_string(in, "PhysicalResourceId");
    auto logical = optional_string(in, "LogicalResourceId");
    if (!name && !physical) return fail("ValidationError", "Either StackName or PhysicalResourceId must be specified.");
    if (!name) {
        // The live stack owning the physical resource.
        auto owner = ctx.cloud().store().read([&](store::Reader& r) -> Result<std::optional<std::string>> {
            auto page = r.list(ctx.account(), k_stack_name, store::ListQuery{ctx.info().region + "/", "", 0});
            if (!page) return Unexpected(page.error());
            for (const auto& e : page->entries) {
                auto index = parse_json(e.body);
                if (!index) return Unexpected(index.error());
                auto s = find_stack(r, ctx.account(), ctx.info().region, index->find("StackId")->text);
                if (!s) return Unexpected(s.error());
                if (*s)
                    for (const auto& res : (*s)->resources)
                        if (res.physical_id == *physical) return std::optional<std::string>((*s)->id);
            }
            return std::optional<std::string>{};
        });
        if (!owner) return Unexpected(owner.error());
        if (!*owner) return fail("ValidationError", fmt::format("Stack for {} does not exist", *physical));
        name = **owner;
    }
    auto s = readable_stack(ctx, "DescribeStackResources", *name);
    if (!s) return Unexpected(s.error());
    Node list = Node::make_array();
    for (const auto& r : s->resources) {
        if (logical && r.logical_id != *logical) continue;
        Node n = Node::make_object();
        n.add("StackName", str(s->name));
        n.add("StackId", str(s->id));
        add_resource_members(n, r, "Timestamp");
        n.add("DriftInformation", resource_drift());
        list.push(std::move(n));
    }
    Node out = Node::make_object();
    out.add("StackResources", std::move(list));
    return out;
}

Result<Node> describe_stack_resource(CallContext& ctx) {
    auto name = required_string(ctx.input(), "StackName");
    if (!name) return Unexpected(name.error());
    auto logical = required_string(ctx.input(), "LogicalResourceId");
    if (!logical) return Unexpected(logical.error());
    auto s = readable_stack(ctx, "DescribeStackResource", *name);
    if (!s) return Unexpected(s.error());
    const StackResource* r = s->resource(*logical);
    if (!r) return fail("ValidationError", fmt::format("Resource {} does not exist for stack {}", *logical, *name));
    Node n = Node::make_object();
    n.add("StackName", str(s->name));
    n.add("StackId", str(s->id));
    add_resource_members(n, *r, "LastUpdatedTimestamp");
    n.add("Metadata", str("{}"));
    n.add("DriftInformation", resource_drift());
    Node out = Node::make_object();
    out.add("StackResourceDetail", std::move(n));
    return out;
}

Result<Node> list_stack_resources(CallContext& ctx) {
    auto name = required_string(ctx.input(), "StackName");
    if (!name) return Unexpected(name.error());
    auto s = readable_stack(ctx, "ListStackResources", *name);
    if (!s) return Unexpected(s.error());
    Node list = Node::make_array();
    for (const auto& r : s->resources) {
        Node n = Node::make_object();
        add_resource_members(n, r, "LastUpdatedTimestamp");
        n.add("DriftInformation", resource_drift());
        list.push(std::move(n));
    }
    Node out = Node::make_object();
    out.add("StackResourceSummaries", std::move(list));
    return out;
}

}  // namespace jg::cloud::cloudformation
