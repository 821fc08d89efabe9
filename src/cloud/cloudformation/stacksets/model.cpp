#include "cloud/cloudformation/stacksets/model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "cloud/input.hpp"
#include "core/strings.hpp"

namespace jg::cloud::stacksets {

namespace {

std::string join_key(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (std::string_view p : parts) {
        if (!out.empty()) out += '/';
        out += p;
    }
    return out;
}

std::optional<Time> parse_time_member(const Node& doc, std::string_view key) {
    const Node* v = doc.find(key);
    if (!v || v->text.empty()) return std::nullopt;
    auto t = parse_iso8601(v->text);
    if (!t) return std::nullopt;
    return *t;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The members of a list input: a JSON array of strings (or one string), each split at
// commas and trimmed.
Result<std::vector<std::string>> split_list(const Node* list, std::string_view member) {
    std::vector<std::string> out;
    if (!list || list->is_null()) return out;
    std::vector<const Node*> items;
    if (list->is_array())
        for (const Node& n : list->items) items.push_back(&n);
    else
        items.push_back(list);
    for (const Node* n : items) {
        if (!n->is_scalar()) return validation_error(member, std::nullopt, "Member must be a list of strings");
        std::string_view rest = n->text;
        while (true) {
            std::size_t comma = rest.find(',');
            std::string one(trim(rest.substr(0, comma)));
            if (!one.empty() && std::find(out.begin(), out.end(), one) == out.end()) out.push_back(one);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return out;
}

}  // namespace

std::string set_key(std::string_view region, std::string_view name) { return join_key({region, name}); }
std::string instance_key(std::string_view region, std::string_view name, std::string_view account,
                         std::string_view target_region) {
    return join_key({region, name, account, target_region});
}
std::string operation_key(std::string_view region, std::string_view name, std::string_view operation_id) {
    return join_key({region, name, operation_id});
}
std::string result_key(std::string_view region, std::string_view name, std::string_view operation_id,
                       std::string_view account, std::string_view target_region) {
    return join_key({region, name, operation_id, account, target_region});
}

std::int64_t Preferences::max_concurrent(std::size_t targets) const {
    if (max_concurrent_count) return *max_concurrent_count;
    if (max_concurrent_percentage)
        return std::max<std::int64_t>(1, static_cast<std::int64_t>(targets) * *max_concurrent_percentage / 100);
    return 1;
}

std::int64_t Preferences::failure_tolerance(std::size_t targets) const {
    if (failure_tolerance_count) return *failure_tolerance_count;
    if (failure_tolerance_percentage) return static_cast<std::int64_t>(targets) * *failure_tolerance_percentage / 100;
    return 0;
}

Node Preferences::to_node() const {
    Node n = Node::make_object();
    if (!region_concurrency_type.empty()) n.add("RegionConcurrencyType", str(region_concurrency_type));
    if (!region_order.empty()) {
        Node order = Node::make_array();
        for (const auto& r : region_order) order.push(str(r));
        n.add("RegionOrder", std::move(order));
    }
    if (failure_tolerance_count) n.add("FailureToleranceCount", num(*failure_tolerance_count));
    if (failure_tolerance_percentage) n.add("FailureTolerancePercentage", num(*failure_tolerance_percentage));
    if (max_concurrent_count) n.add("MaxConcurrentCount", num(*max_concurrent_count));
    if (max_concurrent_percentage) n.add("MaxConcurrentPercentage", num(*max_concurrent_percentage));
    if (!concurrency_mode.empty()) n.add("ConcurrencyMode", str(concurrency_mode));
    return n;
}

Result<Preferences> read_preferences(const Node& input) {
    Preferences p;
    const Node* in = input.find("OperationPreferences");
    if (!in || in->is_null()) return p;
    if (!in->is_object()) return validation_error("OperationPreferences", std::nullopt, "Member must be a structure");
    struct Bound {
        const char* member;
        std::optional<std::int64_t>* slot;
        std::int64_t min, max;
    };
    const Bound bounds[] = {
        {"FailureToleranceCount", &p.failure_tolerance_count, 0, INT32_MAX},
        {"FailureTolerancePercentage", &p.failure_tolerance_percentage, 0, 100},
        {"MaxConcurrentCount", &p.max_concurrent_count, 1, INT32_MAX},
        {"MaxConcurrentPercentage", &p.max_concurrent_percentage, 1, 100},
    };
    for (const Bound& b : bounds) {
        auto v = optional_int(*in, b.member);
        if (!v) return Unexpected(v.error());
        if (!*v) continue;
        std::string member = std::string("operationPreferences.") + b.member;
        if (**v < b.min)
            return validation_error(member, std::to_string(**v),
                                    fmt::format("Member must have value greater than or equal to {}", b.min));
        if (**v > b.max)
            return validation_error(member, std::to_string(**v),
                                    fmt::format("Member must have value less than or equal to {}", b.max));
        *b.slot = *v;
    }
    if (p.failure_tolerance_count && p.failure_tolerance_percentage)
        return fail("ValidationError", "FailureToleranceCount and FailureTolerancePercentage cannot both be specified");
    if (p.max_concurrent_count && p.max_concurrent_percentage)
        return fail("ValidationError", "MaxConcurrentCount and MaxConcurrentPercentage cannot both be specified");
    p.region_concurrency_type = optional_string(*in, "RegionConcurrencyType").value_or("");
    if (!p.region_concurrency_type.empty() && p.region_concurrency_type != "SEQUENTIAL" &&
        p.region_concurrency_type != "PARALLEL")
        return validation_error("operationPreferences.regionConcurrencyType", p.region_concurrency_type,
                                "Member must satisfy enum value set: [SEQUENTIAL, PARALLEL]");
    p.concurrency_mode = optional_string(*in, "ConcurrencyMode").value_or("");
    if (!p.concurrency_mode.empty() && p.concurrency_mode != "STRICT_FAILURE_TOLERANCE" &&
        p.concurrency_mode != "SOFT_FAILURE_TOLERANCE")
        return validation_error("operationPreferences.concurrencyMode", p.concurrency_mode,
                                "Member must satisfy enum value set: [STRICT_FAILURE_TOLERANCE, SOFT_FAILURE_TOLERANCE]");
    auto order = split_list(in->find("RegionOrder"), "operationPreferences.regionOrder");
    if (!order) return Unexpected(order.error());
    p.region_order = std::move(*order);
    return p;
}

Preferences preferences_from(const Node& stored) {
    Node wrapper = Node::make_object();
    wrapper.add("OperationPreferences", stored);
    auto p = read_preferences(wrapper);
    return p ? *p : Preferences{};  // stored preferences were validated when written
}

std::string_view action_name(Action a) {
    switch (a) {
        case Action::create: return "CREATE";
        case Action::update: return "UPDATE";
        case Action::remove: return "DELETE";
    }
    return "CREATE";
}

std::optional<Action> action_from(std::string_view name) {
    if (name == "CREATE") return Action::create;
    if (name == "UPDATE") return Action::update;
    if (name == "DELETE") return Action::remove;
    return std::nullopt;
}

bool terminal(std::string_view s) { return s == "SUCCEEDED" || s == "FAILED" || s == "STOPPED"; }

Node Operation::to_node() const {
    Node n = Node::make_object();
    n.add("OperationId", str(id));
    n.add("StackSetName", str(stack_set_name));
    n.add("StackSetId", str(stack_set_id));
    n.add("Region", str(region));
    n.add("Action", str(action_name(action)));
    n.add("Status", str(status));
    if (!status_reason.empty()) n.add("StatusReason", str(status_reason));
    n.add("OperationPreferences", preferences.to_node());
    n.add("RetainStacks", boolean(retain_stacks));
    n.add("AdministrationRoleARN", str(administration_role_arn));
    n.add("ExecutionRoleName", str(execution_role_name));
    n.add("CreationTimestamp", str(format_iso8601(created, true)));
    if (ended) n.add("EndTimestamp", str(format_iso8601(*ended, true)));
    Node list = Node::make_array();
    for (const Target& t : targets) {
        Node one = Node::make_object();
        one.add("Account", str(t.account));
        one.add("Region", str(t.region));
        list.push(std::move(one));
    }
    n.add("Targets", std::move(list));
    n.add("FailedStackInstancesCount", num(failed_count));
    n.add("RequestDigest", str(request_digest));
    return n;
}

Result<Operation> Operation::from_node(const Node& doc) {
    auto text = [&](std::string_view k) {
        const Node* v = doc.find(k);
        return v ? v->text : std::string{};
    };
    Operation op;
    op.id = text("OperationId");
    op.stack_set_name = text("StackSetName");
    op.stack_set_id = text("StackSetId");
    op.region = text("Region");
    auto action = action_from(text("Action"));
    if (!action) return fail("InternalFailure", "stored operation " + op.id + " has no valid Action");
    op.action = *action;
    op.status = text("Status");
    op.status_reason = text("StatusReason");
    if (const Node* p = doc.find("OperationPreferences")) op.preferences = preferences_from(*p);
    op.retain_stacks = text("RetainStacks") == "true";
    op.administration_role_arn = text("AdministrationRoleARN");
    op.execution_role_name = text("ExecutionRoleName");
    auto created = parse_time_member(doc, "CreationTimestamp");
    if (!created) return fail("InternalFailure", "stored operation " + op.id + " has no CreationTimestamp");
    op.created = *created;
    op.ended = parse_time_member(doc, "EndTimestamp");
    if (const Node* list = doc.find("Targets"))
        for (const Node& t : list->items) {
            const Node* a = t.find("Account");
            const Node* r = t.find("Region");
            if (a && r) op.targets.push_back({a->text, r->text});
        }
    std::string failed = text("FailedStackInstancesCount");
    op.failed_count = all_digits(failed) ? std::stoll(failed) : 0;
    op.request_digest = text("RequestDigest");
    return op;
}

Node Operation::describe() const {
    Node n = Node::make_object();
    n.add("OperationId", str(id));
    n.add("StackSetId", str(stack_set_id));
    n.add("Action", str(action_name(action)));
    n.add("Status", str(status));
    n.add("OperationPreferences", preferences.to_node());
    if (action == Action::remove) n.add("RetainStacks", boolean(retain_stacks));
    n.add("AdministrationRoleARN", str(administration_role_arn));
    n.add("ExecutionRoleName", str(execution_role_name));
    n.add("CreationTimestamp", str(format_iso8601(created, true)));
    if (ended) n.add("EndTimestamp", str(format_iso8601(*ended, true)));
    if (!status_reason.empty()) n.add("StatusReason", str(status_reason));
    Node details = Node::make_object();
    details.add("FailedStackInstancesCount", num(failed_count));
    n.add("StatusDetails", std::move(details));
    return n;
}

Node Operation::summary() const {
    Node n = Node::make_object();
    n.add("OperationId", str(id));
    n.add("Action", str(action_name(action)));
    n.add("Status", str(status));
    n.add("CreationTimestamp", str(format_iso8601(created, true)));
    if (ended) n.add("EndTimestamp", str(format_iso8601(*ended, true)));
    if (!status_reason.empty()) n.add("StatusReason", str(status_reason));
    Node details = Node::make_object();
    details.add("FailedStackInstancesCount", num(failed_count));
    n.add("StatusDetails", std::move(details));
    n.add("OperationPreferences", preferences.to_node());
    return n;
}

Result<Node> read_parameters(const Node& input, std::string_view member) {
    Node out = Node::make_array();
    const Node* list = input.find(member);
    if (!list || list->is_null()) return out;
    if (!list->is_array()) return validation_error(member, std::nullopt, "Member must be a list");
    std::vector<std::string> seen;
    for (const Node& p : list->items) {
        auto key = p.is_object() ? optional_string(p, "ParameterKey") : std::nullopt;
        if (!key || key->empty()) return fail("ValidationError", "Parameters must have a ParameterKey");
        if (std::find(seen.begin(), seen.end(), *key) != seen.end())
            return fail("ValidationError", fmt::format("Parameter '{}' is specified more than once", *key));
        seen.push_back(*key);
        Node one = Node::make_object();
        one.add("ParameterKey", str(*key));
        if (auto use = optional_bool(p, "UsePreviousValue"); use && *use && **use)
            one.add("UsePreviousValue", boolean(true));
        else
            one.add("ParameterValue", str(optional_string(p, "ParameterValue").value_or("")));
        out.push(std::move(one));
    }
    return out;
}

Node merge_parameters(const Node& base, const Node& overrides) {
    Node out = Node::make_array();
    auto key_of = [](const Node& p) {
        const Node* k = p.find("ParameterKey");
        return k ? k->text : std::string{};
    };
    for (const Node& p : base.items) {
        const Node* replaced = nullptr;
        for (const Node& o : overrides.items)
            if (key_of(o) == key_of(p)) replaced = &o;
        out.push(replaced ? *replaced : p);
    }
    for (const Node& o : overrides.items) {
        bool known = false;
        for (const Node& p : base.items) known = known || key_of(p) == key_of(o);
        if (!known) out.push(o);
    }
    return out;
}

Result<std::vector<std::string>> read_accounts(const Node& input) {
    auto direct = split_list(input.find("Accounts"), "Accounts");
    if (!direct) return direct;
    if (const Node* targets = input.find("DeploymentTargets"); targets && targets->is_object()) {
        auto more = split_list(targets->find("Accounts"), "DeploymentTargets.Accounts");
        if (!more) return more;
        for (auto& a : *more)
            if (std::find(direct->begin(), direct->end(), a) == direct->end()) direct->push_back(a);
    }
    for (const auto& a : *direct)
        if (a.size() != 12 || !all_digits(a))
            return validation_error("accounts", a, "Member must satisfy regular expression pattern: ^[0-9]{12}$");
    return direct;
}

Result<std::vector<std::string>> read_regions(const Node& input, bool required) {
    const Node* list = input.find("Regions");
    if (required && (!list || list->is_null())) return validation_error("Regions", std::nullopt, "Member must not be null");
    auto regions = split_list(list, "Regions");
    if (!regions) return regions;
    for (const auto& r : *regions) {
        bool ok = r.size() <= 128 && std::all_of(r.begin(), r.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
                  });
        if (!ok) return validation_error("regions", r, "Member must satisfy regular expression pattern: ^[a-zA-Z0-9-]{1,128}$");
    }
    return regions;
}

Result<void> check_operation_id(std::string_view member, std::string_view id) {
    if (auto ok = check_length(member, id, 1, 128); !ok) return ok;
    bool ok = std::isalnum(static_cast<unsigned char>(id[0]));
    for (char c : id) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-');
    if (!ok) return validation_error(member, id, "Member must satisfy regular expression pattern: [a-zA-Z0-9][-a-zA-Z0-9]*");
    return {};
}

}  // namespace jg::cloud::stacksets
