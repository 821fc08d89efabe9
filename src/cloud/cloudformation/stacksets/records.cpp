#include "cloud/cloudformation/stacksets/records.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"

namespace jg::cloud::stacksets {

Unexpected stack_set_not_found(std::string_view name) {
    return fail("StackSetNotFoundException", fmt::format("StackSet {} not found", name));
}

Unexpected operation_not_found(std::string_view operation_id) {
    return fail("OperationNotFoundException", fmt::format("Operation {} not found", operation_id));
}

Unexpected instance_not_found(std::string_view name, std::string_view account, std::string_view region) {
    return fail("StackInstanceNotFoundException",
                fmt::format("Stack instance [{}, {}] not found in StackSet {}", account, region, name));
}

std::string text_of(const Node& doc, std::string_view key) {
    const Node* v = doc.find(key);
    return v ? v->text : std::string{};
}

void set_member(Node& doc, std::string_view key, Node value) {
    if (Node* v = doc.find(key)) {
        *v = std::move(value);
        return;
    }
    doc.add(std::string(key), std::move(value));
}

void remove_member(Node& doc, std::string_view key) {
    auto& m = doc.members;
    for (std::size_t i = 0; i < m.size(); ++i)
        if (m[i].first == key) {
            m.erase(m.begin() + static_cast<std::ptrdiff_t>(i));
            if (i < doc.key_locs.size()) doc.key_locs.erase(doc.key_locs.begin() + static_cast<std::ptrdiff_t>(i));
            return;
        }
}

Result<Node> load_set(store::Reader& r, const SetRef& set) {
    auto doc = iam::get_doc(r, set.account, k_stack_set, set_key(set.region, set.name));
    if (!doc) return Unexpected(doc.error());
    if (!*doc) return stack_set_not_found(set.name);
    return std::move(**doc);
}

Result<void> save_set(store::Tx& tx, const SetRef& set, const Node& doc) {
    return iam::put_doc(tx, set.account, k_stack_set, set_key(set.region, set.name), doc);
}

Result<Operation> load_operation(store::Reader& r, const SetRef& set, std::string_view operation_id) {
    auto doc = iam::get_doc(r, set.account, k_operation, operation_key(set.region, set.name, operation_id));
    if (!doc) return Unexpected(doc.error());
    if (!*doc) return operation_not_found(operation_id);
    return Operation::from_node(**doc);
}

Result<void> save_operation(store::Tx& tx, const SetRef& set, const Operation& op) {
    return iam::put_doc(tx, set.account, k_operation, operation_key(set.region, set.name, op.id), op.to_node());
}

Result<std::vector<Node>> load_instances(store::Reader& r, const SetRef& set) {
    auto page = r.list(set.account, k_instance, {set_key(set.region, set.name) + "/", {}, 0});
    if (!page) return Unexpected(page.error());
    std::vector<Node> out;
    out.reserve(page->entries.size());
    for (const auto& e : page->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", "stored stack instance " + e.name + " is not JSON");
        out.push_back(std::move(*doc));
    }
    return out;
}

Result<std::optional<Node>> load_instance(store::Reader& r, const SetRef& set, const Target& t) {
    return iam::get_doc(r, set.account, k_instance, instance_key(set.region, set.name, t.account, t.region));
}

Result<void> save_instance(store::Tx& tx, const SetRef& set, const Node& instance) {
    return iam::put_doc(tx, set.account, k_instance,
                        instance_key(set.region, set.name, text_of(instance, "Account"), text_of(instance, "Region")),
                        instance);
}

Node new_instance(std::string_view stack_set_id, const Target& t, const Node& overrides) {
    Node n = Node::make_object();
    n.add("StackSetId", str(stack_set_id));
    n.add("Region", str(t.region));
    n.add("Account", str(t.account));
    n.add("ParameterOverrides", overrides);
    set_instance_status(n, "OUTDATED", "PENDING", "");
    n.add("DriftStatus", str("NOT_CHECKED"));
    return n;
}

void set_instance_status(Node& instance, std::string_view status, std::string_view detailed, std::string_view reason) {
    set_member(instance, "Status", str(status));
    Node comprehensive = Node::make_object();
    comprehensive.add("DetailedStatus", str(detailed));
    set_member(instance, "StackInstanceStatus", std::move(comprehensive));
    if (reason.empty())
        remove_member(instance, "StatusReason");
    else
        set_member(instance, "StatusReason", str(reason));
}

Node result_record(const Target& t, std::string_view status, std::string_view reason) {
    Node n = Node::make_object();
    n.add("Account", str(t.account));
    n.add("Region", str(t.region));
    n.add("Status", str(status));
    if (!reason.empty()) n.add("StatusReason", str(reason));
    // No account gate function is deployed: AWS reports the gate as skipped.
    Node gate = Node::make_object();
    gate.add("Status", str("SKIPPED"));
    gate.add("StatusReason",
             str(fmt::format("Function not found: arn:aws:lambda:{}:{}:function:AWSCloudFormationStackSetAccountGate",
                             t.region, t.account)));
    n.add("AccountGateResult", std::move(gate));
    return n;
}

}  // namespace jg::cloud::stacksets
