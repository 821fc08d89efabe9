// CreateStackInstances, UpdateStackInstances, DeleteStackInstances, ListStackInstances,
// DescribeStackInstance.
#include <algorithm>

#include "cloud/cloudformation/stacksets/requests.hpp"
#include "cloud/cloudformation/stacksets/stacksets.hpp"
#include "cloud/input.hpp"

namespace jg::cloud::stacksets {

namespace {

// The targets of an instance operation: Accounts (or DeploymentTargets.Accounts) × Regions.
Result<std::vector<Target>> read_targets(const Node& in) {
    auto accounts = read_accounts(in);
    if (!accounts) return Unexpected(accounts.error());
    auto regions = read_regions(in, true);
    if (!regions) return Unexpected(regions.error());
    if (accounts->empty())
        return fail("ValidationError", "Either Accounts or DeploymentTargets.Accounts must be specified for SELF_MANAGED stack sets");
    if (regions->empty()) return validation_error("Regions", std::nullopt, "Member must have length greater than or equal to 1");
    return targets_of(*accounts, *regions);
}

// The instance summary shape (StackInstanceSummary): the record without its overrides.
Node summary_of(const Node& instance) {
    Node s = instance;
    remove_member(s, "ParameterOverrides");
    return s;
}

// CreateStackInstances and UpdateStackInstances: the targets' instances become
// OUTDATED/PENDING with the overrides merged in, and an operation deploys them. Create
// makes the missing ones; Update refuses a target without an instance.
Result<Node> deploy_instances(CallContext& ctx, Action action) {
    const bool create = action == Action::create;
    const Node& in = ctx.input();
    auto set = authorized_set(ctx, create ? "cloudformation:CreateStackInstances" : "cloudformation:UpdateStackInstances");
    if (!set) return Unexpected(set.error());
    auto targets = read_targets(in);
    if (!targets) return Unexpected(targets.error());
    auto overrides = read_parameters(in, "ParameterOverrides");
    if (!overrides) return Unexpected(overrides.error());
    auto prefs = read_preferences(in);
    if (!prefs) return Unexpected(prefs.error());

    OperationRequest request;
    request.action = action;
    request.targets = *targets;
    request.preferences = std::move(*prefs);
    request.prepare = [&](store::Tx& tx, Node& set_doc) -> Result<void> {
        const std::string id = text_of(set_doc, "StackSetId");
        for (const Target& t : *targets) {
            auto instance = load_instance(tx, *set, t);
            if (!instance) return Unexpected(instance.error());
            if (!*instance && !create) return instance_not_found(set->name, t.account, t.region);
            // New instances start with the overrides; existing ones merge them in (Create
            // leaves an instance's overrides alone when it is given none).
            Node doc = *instance ? std::move(**instance) : new_instance(id, t, *overrides);
            if (*instance && (!create || !overrides->items.empty())) {
                const Node* old = doc.find("ParameterOverrides");
                set_member(doc, "ParameterOverrides", merge_parameters(old ? *old : Node::make_array(), *overrides));
            }
            set_instance_status(doc, "OUTDATED", "PENDING", "");
            if (auto ok = save_instance(tx, *set, doc); !ok) return ok;
        }
        return {};
    };
    return start_operation(ctx, *set, std::move(request));
}

}  // namespace

Result<Node> create_stack_instances(CallContext& ctx) { return deploy_instances(ctx, Action::create); }

Result<Node> update_stack_instances(CallContext& ctx) { return deploy_instances(ctx, Action::update); }

Result<Node> delete_stack_instances(CallContext& ctx) {
    const Node& in = ctx.input();
    auto set = authorized_set(ctx, "cloudformation:DeleteStackInstances");
    if (!set) return Unexpected(set.error());
    auto targets = read_targets(in);
    if (!targets) return Unexpected(targets.error());
    auto retain = optional_bool(in, "RetainStacks");
    if (!retain) return Unexpected(retain.error());
    if (!*retain) return validation_error("RetainStacks", std::nullopt, "Member must not be null");
    auto prefs = read_preferences(in);
    if (!prefs) return Unexpected(prefs.error());

    // Only the instances that exist are deleted.
    auto existing = ctx.cloud().store().read([&](store::Reader& r) -> Result<std::vector<Target>> {
        std::vector<Target> out;
        for (const Target& t : *targets) {
            auto instance = load_instance(r, *set, t);
            if (!instance) return Unexpected(instance.error());
            if (*instance) out.push_back(t);
        }
        return out;
    });
    if (!existing) return Unexpected(existing.error());

    OperationRequest request;
    request.action = Action::remove;
    request.targets = *existing;
    request.preferences = std::move(*prefs);
    request.retain_stacks = **retain;
    request.prepare = [&](store::Tx& tx, Node&) -> Result<void> {
        for (const Target& t : *existing) {
            auto instance = load_instance(tx, *set, t);
            if (!instance) return Unexpected(instance.error());
            if (!*instance) continue;
            set_instance_status(**instance, text_of(**instance, "Status"), "PENDING", "");
            if (auto ok = save_instance(tx, *set, **instance); !ok) return ok;
        }
        return {};
    };
    return start_operation(ctx, *set, std::move(request));
}

Result<Node> list_stack_instances(CallContext& ctx) {
    const Node& in = ctx.input();
    auto set = authorized_set(ctx, "cloudformation:ListStackInstances");
    if (!set) return Unexpected(set.error());
    auto page = read_page(in);
    if (!page) return Unexpected(page.error());
    auto account = optional_string(in, "StackInstanceAccount");
    auto region = optional_string(in, "StackInstanceRegion");
    // Filters: DETAILED_STATUS and LAST_OPERATION_ID, each with one value.
    std::vector<std::pair<std::string, std::string>> filters;
    if (const Node* list = in.find("Filters"); list && list->is_array())
        for (const Node& f : list->items) {
            std::string name = text_of(f, "Name"), value = text_of(f, "Values");
            if (name != "DETAILED_STATUS" && name != "LAST_OPERATION_ID")
                return validation_error("filters.member.name", name,
                                        "Member must satisfy enum value set: [DETAILED_STATUS, LAST_OPERATION_ID]");
            filters.push_back({name, value});
        }
    auto instances = ctx.cloud().store().read([&](store::Reader& r) -> Result<std::vector<Node>> {
        if (auto doc = load_set(r, *set); !doc) return Unexpected(doc.error());
        return load_instances(r, *set);
    });
    if (!instances) return Unexpected(instances.error());
    std::vector<Node> summaries;
    for (const Node& i : *instances) {
        if (account && text_of(i, "Account") != *account) continue;
        if (region && text_of(i, "Region") != *region) continue;
        bool keep = std::all_of(filters.begin(), filters.end(), [&](const auto& f) {
            if (f.first == "LAST_OPERATION_ID") return text_of(i, "LastOperationId") == f.second;
            const Node* s = i.find("StackInstanceStatus");
            return s && text_of(*s, "DetailedStatus") == f.second;
        });
        if (keep) summaries.push_back(summary_of(i));
    }
    Node out = Node::make_object();
    add_page(out, std::move(summaries), *page);
    return out;
}

Result<Node> describe_stack_instance(CallContext& ctx) {
    const Node& in = ctx.input();
    auto set = authorized_set(ctx, "cloudformation:DescribeStackInstance");
    if (!set) return Unexpected(set.error());
    auto account = required_string(in, "StackInstanceAccount");
    if (!account) return Unexpected(account.error());
    auto region = required_string(in, "StackInstanceRegion");
    if (!region) return Unexpected(region.error());
    auto instance = ctx.cloud().store().read([&](store::Reader& r) -> Result<Node> {
        if (auto doc = load_set(r, *set); !doc) return Unexpected(doc.error());
        auto found = load_instance(r, *set, Target{*account, *region});
        if (!found) return Unexpected(found.error());
        if (!*found) return instance_not_found(set->name, *account, *region);
        return std::move(**found);
    });
    if (!instance) return Unexpected(instance.error());
    Node out = Node::make_object();
    out.add("StackInstance", std::move(*instance));
    return out;
}

}  // namespace jg::cloud::stacksets
