// CreateStackSet, UpdateStackSet, DeleteStackSet, DescribeStackSet, ListStackSets.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "cloud/cloudformation/stacksets/requests.hpp"
#include "cloud/cloudformation/stacksets/stacksets.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "core/partition.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"

namespace jg::cloud::stacksets {

namespace {

// Members of the stored document that DescribeStackSet does not show.
constexpr std::string_view k_internal[] = {"CurrentOperation", "ClientRequestToken"};

// A deleted StackSet, REGION/STACKSET_ID (Status DELETED): ListStackSets still lists it and
// DescribeStackSet finds it by its id, as AWS does; its name is free for a new set.
constexpr std::string_view k_deleted_set = "cfn-stackset-deleted";

Result<void> check_set_name(const std::string& name) {
    bool ok = !name.empty() && name.size() <= 128 && std::isalpha(static_cast<unsigned char>(name[0])) &&
              std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
    if (!ok) return validation_error("StackSetName", name, "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
    return {};
}

Result<Node> read_string_list(const Node& input, std::string_view member) {
    Node out = Node::make_array();
    const Node* list = input.find(member);
    if (!list || list->is_null()) return out;
    if (!list->is_array()) return validation_error(member, std::nullopt, "Member must be a list");
    for (const Node& n : list->items) {
        if (!n.is_scalar()) return validation_error(member, std::nullopt, "Member must be a list of strings");
        out.push(str(n.text));
    }
    return out;
}

Result<Node> read_capabilities(const Node& input) {
    auto caps = read_string_list(input, "Capabilities");
    if (!caps) return caps;
    for (const Node& c : caps->items)
        if (c.text != "CAPABILITY_IAM" && c.text != "CAPABILITY_NAMED_IAM" && c.text != "CAPABILITY_AUTO_EXPAND")
            return validation_error("capabilities", c.text,
                                    "Member must satisfy enum value set: [CAPABILITY_AUTO_EXPAND, CAPABILITY_NAMED_IAM, CAPABILITY_IAM]");
    return caps;
}

// Role settings given with the call, validated; absent ones keep `doc`'s values.
Result<void> apply_roles(const Node& input, Node& doc) {
    if (auto arn = optional_string(input, "AdministrationRoleARN")) {
        if (auto ok = check_length("AdministrationRoleARN", *arn, 20, 2048); !ok) return ok;
        set_member(doc, "AdministrationRoleARN", str(*arn));
    }
    if (auto name = optional_string(input, "ExecutionRoleName")) {
        if (auto ok = check_name("ExecutionRoleName", *name, 64); !ok) return ok;
        set_member(doc, "ExecutionRoleName", str(*name));
    }
    return {};
}

Result<void> check_permission_model(const Node& input) {
    auto model = optional_string(input, "PermissionModel").value_or("SELF_MANAGED");
    if (model == "SELF_MANAGED") return {};
    if (model == "SERVICE_MANAGED")
        return fail("ValidationError",
                    "PermissionModel SERVICE_MANAGED needs AWS Organizations, which this local cloud does not model; "
                    "use SELF_MANAGED");
    return validation_error("PermissionModel", model, "Member must satisfy enum value set: [SERVICE_MANAGED, SELF_MANAGED]");
}

// UsePreviousValue parameters take the stack set's current value.
Node resolve_previous(const Node& given, const Node& current) {
    Node out = Node::make_array();
    for (const Node& p : given.items) {
        if (text_of(p, "UsePreviousValue") != "true") {
            out.push(p);
            continue;
        }
        for (const Node& c : current.items)
            if (text_of(c, "ParameterKey") == text_of(p, "ParameterKey")) out.push(c);
    }
    return out;
}

}  // namespace

Result<Node> create_stack_set(CallContext& ctx) {
    const Node& in = ctx.input();
    auto name = required_string(in, "StackSetName");
    if (!name) return Unexpected(name.error());
    if (auto ok = check_set_name(*name); !ok) return Unexpected(ok.error());
    SetRef set{ctx.account(), ctx.info().region, *name};
    std::string id = *name + ":" + new_uuid(ctx.cloud().random());
    if (auto ok = ctx.authorize("cloudformation:CreateStackSet", stack_set_arn(set, id)); !ok) return Unexpected(ok.error());
    if (auto ok = check_permission_model(in); !ok) return Unexpected(ok.error());
    auto description = optional_string(in, "Description");
    if (description)
        if (auto ok = check_length("Description", *description, 1, 1024); !ok) return Unexpected(ok.error());
    auto body = read_template(ctx, false, "");
    if (!body) return Unexpected(body.error());
    auto parameters = read_parameters(in, "Parameters");
    if (!parameters) return Unexpected(parameters.error());
    auto capabilities = read_capabilities(in);
    if (!capabilities) return Unexpected(capabilities.error());
    if (auto ok = check_template(*body, *parameters, *capabilities); !ok) return Unexpected(ok.error());
    auto tags = read_tags(in);
    if (!tags) return Unexpected(tags.error());
    auto token = optional_string(in, "ClientRequestToken");

    Node doc = Node::make_object();
    doc.add("StackSetName", str(*name));
    doc.add("StackSetId", str(id));
    if (description) doc.add("Description", str(*description));
    doc.add("Status", str("ACTIVE"));
    doc.add("TemplateBody", str(*body));
    doc.add("Parameters", *parameters);
    doc.add("Capabilities", *capabilities);
    doc.add("Tags", tags_node(*tags));
    doc.add("StackSetARN", str(stack_set_arn(set, id)));
    doc.add("AdministrationRoleARN",
            str(fmt::format("arn:aws:iam::{}:role/{}", ctx.account(), k_default_admin_role)));
    doc.add("ExecutionRoleName", str(k_default_execution_role));
    if (auto ok = apply_roles(in, doc); !ok) return Unexpected(ok.error());
    doc.add("PermissionModel", str("SELF_MANAGED"));
    Node managed = Node::make_object();
    managed.add("Active", boolean(false));
    doc.add("ManagedExecution", std::move(managed));
    if (token) doc.add("ClientRequestToken", str(*token));

    auto created = ctx.cloud().store().write([&](store::Tx& tx) -> Result<std::string> {
        auto existing = iam::get_doc(tx, set.account, k_stack_set, set_key(set.region, set.name));
        if (!existing) return Unexpected(existing.error());
        if (*existing) {
            // The same ClientRequestToken again: the set it created.
            if (token && text_of(**existing, "ClientRequestToken") == *token) return text_of(**existing, "StackSetId");
            return fail("NameAlreadyExistsException", fmt::format("StackSet {} already exists", set.name));
        }
        if (auto ok = save_set(tx, set, doc); !ok) return Unexpected(ok.error());
        return id;
    });
    if (!created) return Unexpected(created.error());
    Node out = Node::make_object();
    out.add("StackSetId", str(*created));
    return out;
}

Result<Node> update_stack_set(CallContext& ctx) {
    const Node& in = ctx.input();
    auto set = authorized_set(ctx, "cloudformation:UpdateStackSet");
    if (!set) return Unexpected(set.error());
    auto current = ctx.cloud().store().read([&](store::Reader& r) { return load_set(r, *set); });
    if (!current) return Unexpected(current.error());
    if (auto ok = check_permission_model(in); !ok) return Unexpected(ok.error());

    // The new definition, checked before anything is queued.
    Node doc = *current;
    if (auto d = optional_string(in, "Description")) {
        if (auto ok = check_length("Description", *d, 1, 1024); !ok) return Unexpected(ok.error());
        set_member(doc, "Description", str(*d));
    }
    auto body = read_template(ctx, true, text_of(*current, "TemplateBody"));
    if (!body) return Unexpected(body.error());
    auto given = read_parameters(in, "Parameters");
    if (!given) return Unexpected(given.error());
    const Node* old_params = current->find("Parameters");
    Node parameters = in.find("Parameters") ? resolve_previous(*given, old_params ? *old_params : Node::make_array())
                                            : (old_params ? *old_params : Node::make_array());
    auto capabilities = in.find("Capabilities") ? read_capabilities(in) : Result<Node>(*current->find("Capabilities"));
    if (!capabilities) return Unexpected(capabilities.error());
    if (auto ok = check_template(*body, parameters, *capabilities); !ok) return Unexpected(ok.error());
    set_member(doc, "TemplateBody", str(*body));
    set_member(doc, "Parameters", parameters);
    set_member(doc, "Capabilities", *capabilities);
    if (in.find("Tags")) {
        auto tags = read_tags(in);
        if (!tags) return Unexpected(tags.error());
        set_member(doc, "Tags", tags_node(*tags));
    }
    if (auto ok = apply_roles(in, doc); !ok) return Unexpected(ok.error());
    auto prefs = read_preferences(in);
    if (!prefs) return Unexpected(prefs.error());

    // Every instance is re-deployed, or those of the Accounts × Regions given.
    auto accounts = read_accounts(in);
    if (!accounts) return Unexpected(accounts.error());
    auto regions = read_regions(in, false);
    if (!regions) return Unexpected(regions.error());
    auto instances = ctx.cloud().store().read([&](store::Reader& r) { return load_instances(r, *set); });
    if (!instances) return Unexpected(instances.error());
    std::vector<Target> targets;
    if (!accounts->empty() || !regions->empty()) {
        if (accounts->empty() || regions->empty())
            return fail("ValidationError", "Accounts and Regions must both be specified to update a subset of instances");
        targets = targets_of(*accounts, *regions);
        for (const Target& t : targets) {
            bool known = std::any_of(instances->begin(), instances->end(), [&](const Node& i) {
                return text_of(i, "Account") == t.account && text_of(i, "Region") == t.region;
            });
            if (!known) return instance_not_found(set->name, t.account, t.region);
        }
    } else {
        for (const Node& i : *instances) targets.push_back({text_of(i, "Account"), text_of(i, "Region")});
    }

    OperationRequest request;
    request.action = Action::update;
    request.targets = targets;
    request.preferences = std::move(*prefs);
    request.prepare = [&](store::Tx& tx, Node& set_doc) -> Result<void> {
        for (const auto& [k, v] : doc.members)
            if (k != "CurrentOperation") set_member(set_doc, k, v);
        for (const Target& t : targets) {
            auto instance = load_instance(tx, *set, t);
            if (!instance) return Unexpected(instance.error());
            if (!*instance) return instance_not_found(set->name, t.account, t.region);
            set_instance_status(**instance, "OUTDATED", "PENDING", "");
            if (auto ok = save_instance(tx, *set, **instance); !ok) return ok;
        }
        return {};
    };
    return start_operation(ctx, *set, std::move(request));
}

Result<Node> delete_stack_set(CallContext& ctx) {
    auto set = authorized_set(ctx, "cloudformation:DeleteStackSet");
    if (!set) return Unexpected(set.error());
    auto done = ctx.cloud().store().write([&](store::Tx& tx) -> Result<void> {
        auto doc = load_set(tx, *set);
        if (!doc) return Unexpected(doc.error());
        if (!text_of(*doc, "CurrentOperation").empty())
            return fail("OperationInProgressException",
                        fmt::format("Another Operation on StackSet {} is in progress", text_of(*doc, "StackSetARN")));
        std::string prefix = set_key(set->region, set->name) + "/";
        auto instances = tx.count(set->account, k_instance, prefix);
        if (!instances) return Unexpected(instances.error());
        if (*instances > 0) return fail("StackSetNotEmptyException", "StackSet is not empty");
        // The set goes with its operation history.
        if (auto gone = tx.erase_prefix(set->account, k_operation, prefix); !gone) return Unexpected(gone.error());
        if (auto gone = tx.erase_prefix(set->account, k_result, prefix); !gone) return Unexpected(gone.error());
        if (auto gone = tx.erase(set->account, k_stack_set, set_key(set->region, set->name)); !gone)
            return Unexpected(gone.error());
        // What ListStackSets keeps showing: the set as it was, DELETED.
        Node deleted = *doc;
        for (std::string_view k : k_internal) remove_member(deleted, k);
        set_member(deleted, "Status", str("DELETED"));
        std::string id = text_of(deleted, "StackSetId");
        if (auto put = tx.put(set->account, k_deleted_set, set->region + "/" + id, to_json(deleted)); !put)
            return Unexpected(put.error());
        return {};
    });
    if (!done) return Unexpected(done.error());
    return Node::make_object();
}

Result<Node> describe_stack_set(CallContext& ctx) {
    auto set = authorized_set(ctx, "cloudformation:DescribeStackSet");
    if (!set) return Unexpected(set.error());
    // A StackSetId (NAME:UUID, or an ARN ending with it) names that very set: a deleted one
    // is still described (Status DELETED); a name alone only finds the live set.
    std::string given = text_of(ctx.input(), "StackSetName");
    if (auto slash = given.rfind("stackset/"); given.starts_with("arn:") && slash != std::string::npos)
        given = given.substr(slash + 9);
    std::string id = given.find(':') == std::string::npos ? std::string() : given;
    auto doc = ctx.cloud().store().read([&](store::Reader& r) -> Result<Node> {
        auto live = load_set(r, *set);
        if (live && (id.empty() || text_of(*live, "StackSetId") == id)) return live;
        if (id.empty()) return live;
        auto deleted = iam::get_doc(r, set->account, k_deleted_set, set->region + "/" + id);
        if (!deleted) return Unexpected(deleted.error());
        if (!*deleted) return stack_set_not_found(set->name);
        return std::move(**deleted);
    });
    if (!doc) return Unexpected(doc.error());
    for (std::string_view k : k_internal) remove_member(*doc, k);
    Node out = Node::make_object();
    out.add("StackSet", std::move(*doc));
    return out;
}

Result<Node> list_stack_sets(CallContext& ctx) {
    const Node& in = ctx.input();
    std::string arn = fmt::format("arn:{}:cloudformation:{}:{}:stackset/*", partition_of_region(ctx.info().region),
                                  ctx.info().region, ctx.account());
    if (auto ok = ctx.authorize("cloudformation:ListStackSets", arn); !ok) return Unexpected(ok.error());
    auto page = read_page(in);
    if (!page) return Unexpected(page.error());
    auto status = optional_string(in, "Status");
    if (status && *status != "ACTIVE" && *status != "DELETED")
        return validation_error("Status", *status, "Member must satisfy enum value set: [ACTIVE, DELETED]");
    // The live sets and the deleted ones, by name (a name may have been used more than once).
    std::vector<std::pair<std::string, std::string>> entries;  // (record name, body)
    auto listed = ctx.cloud().store().read([&](store::Reader& r) -> Result<void> {
        for (std::string_view kind : {k_stack_set, k_deleted_set}) {
            auto docs = r.list(ctx.account(), kind, {ctx.info().region + "/", {}, 0});
            if (!docs) return Unexpected(docs.error());
            for (auto& e : docs->entries) entries.emplace_back(std::move(e.name), std::move(e.body));
        }
        return {};
    });
    if (!listed) return Unexpected(listed.error());
    std::vector<Node> sets;
    for (const auto& [name, body] : entries) {
        auto doc = parse_json(body);
        if (!doc) return fail("InternalFailure", "stored stack set " + name + " is not JSON");
        sets.push_back(std::move(*doc));
    }
    std::stable_sort(sets.begin(), sets.end(), [](const Node& a, const Node& b) {
        return text_of(a, "StackSetName") < text_of(b, "StackSetName");
    });
    std::vector<Node> summaries;
    for (const Node& set : sets) {
        const Node* doc = &set;
        if (status && text_of(*doc, "Status") != *status) continue;
        Node s = Node::make_object();
        for (std::string_view k : {"StackSetName", "StackSetId", "Description", "Status"})
            if (const Node* v = doc->find(k)) s.add(std::string(k), *v);
        if (const Node* v = doc->find("PermissionModel")) s.add("PermissionModel", *v);
        s.add("DriftStatus", str("NOT_CHECKED"));
        if (const Node* v = doc->find("ManagedExecution")) s.add("ManagedExecution", *v);
        summaries.push_back(std::move(s));
    }
    Node out = Node::make_object();
    add_page(out, std::move(summaries), *page);
    return out;
}

}  // namespace jg::cloud::stacksets
