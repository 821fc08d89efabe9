#include "cloud/cloudformation/change_set.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cloud/cloudformation/doc_fields.hpp"
#include "cloud/iam/keys.hpp"
#include "core/partition.hpp"
#include "core/hash.hpp"
#include "core/json.hpp"

namespace jg::cloud::cloudformation {

namespace {

using iam::member;

std::string key_of(std::string_view region, std::string_view uuid) { return fmt::format("{}/{}", region, uuid); }

}  // namespace

Node change_set_to_doc(const ChangeSet& c) {
    Node d = Node::make_object();
    d.add("ChangeSetId", str(c.id));
    d.add("ChangeSetName", str(c.name));
    d.add("StackId", str(c.stack_id));
    d.add("StackName", str(c.stack_name));
    d.add("Region", str(c.region));
    d.add("Account", str(c.account));
    d.add("Description", str(c.description));
    d.add("ChangeSetType", str(c.type));
    d.add("Status", str(c.status));
    d.add("StatusReason", str(c.reason));
    d.add("Executed", boolean(c.executed));
    d.add("CreationTime", str(format_iso8601(c.created, true)));
    d.add("TemplateBody", str(c.template_body));
    d.add("Parameters", pairs_node(c.parameters));
    d.add("NoEcho", strings_node(c.no_echo));
    d.add("Capabilities", strings_node(c.capabilities));
    d.add("NotificationARNs", strings_node(c.notification_arns));
    d.add("Imports", strings_node(c.imports));
    d.add("Tags", pairs_node(c.tags));
    d.add("RoleARN", str(c.role_arn));
    d.add("Changes", c.changes);
    d.add("Basis", str(c.basis));
    return d;
}

Result<ChangeSet> change_set_from_doc(const Node& d) {
    ChangeSet c;
    c.id = member(d, "ChangeSetId");
    c.name = member(d, "ChangeSetName");
    c.stack_id = member(d, "StackId");
    c.stack_name = member(d, "StackName");
    c.region = member(d, "Region");
    c.account = member(d, "Account");
    c.description = member(d, "Description");
    c.type = member(d, "ChangeSetType");
    c.status = member(d, "Status");
    c.reason = member(d, "StatusReason");
    const Node* executed = d.find("Executed");
    c.executed = executed && executed->text == "true";
    auto created = parse_iso8601(member(d, "CreationTime"));
    if (!created) return Unexpected(created.error());
    c.created = *created;
    c.template_body = member(d, "TemplateBody");
    c.parameters = pairs_of(d, "Parameters");
    c.no_echo = strings_of(d, "NoEcho");
    c.capabilities = strings_of(d, "Capabilities");
    c.notification_arns = strings_of(d, "NotificationARNs");
    c.imports = strings_of(d, "Imports");
    c.tags = pairs_of(d, "Tags");
    c.role_arn = member(d, "RoleARN");
    const Node* changes = d.find("Changes");
    c.changes = changes ? *changes : Node::make_array();
    c.basis = member(d, "Basis");
    return c;
}

std::string change_set_arn(std::string_view region, std::string_view account, std::string_view name, std::string_view uuid) {
    return fmt::format("arn:{}:cloudformation:{}:{}:changeSet/{}/{}", partition_of_region(region), region, account, name,
                       uuid);
}

std::string stack_basis(const Stack& s) {
    Node n = Node::make_object();
    n.add("TemplateBody", str(s.template_body));
    n.add("Parameters", pairs_node(s.parameters));
    n.add("Tags", pairs_node(s.tags));
    return sha256_hex(to_json(n));
}

Result<void> check_change_set_name(std::string_view name) {
    bool ok = !name.empty() && name.size() <= 128 && std::isalpha(static_cast<unsigned char>(name[0])) &&
              std::all_of(name.begin(), name.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-'; });
    if (ok) return {};
    if (name.size() > 128)
        return fail("ValidationError", fmt::format("1 validation error detected: Value '{}' at 'changeSetName' failed to satisfy constraint: Member must have length less than or equal to 128", name));
    return fail("ValidationError", fmt::format("1 validation error detected: Value '{}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*", name));
}

Result<std::vector<ChangeSet>> change_sets_of(store::Reader& r, std::string_view account, std::string_view region,
                                              std::string_view stack_id) {
    auto page = r.list(account, k_change_set, {std::string(region) + "/", {}, 0});
    if (!page) return Unexpected(page.error());
    std::vector<ChangeSet> out;
    for (const auto& e : page->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", "stored change set is not JSON: " + e.name);
        if (member(*doc, "StackId") != stack_id) continue;
        auto c = change_set_from_doc(*doc);
        if (!c) return Unexpected(c.error());
        out.push_back(std::move(*c));
    }
    std::stable_sort(out.begin(), out.end(), [](const ChangeSet& a, const ChangeSet& b) { return a.created < b.created; });
    return out;
}

Result<std::optional<ChangeSet>> find_change_set(store::Reader& r, std::string_view account, std::string_view region,
                                                 std::string_view name_or_arn, const std::optional<Stack>& stack) {
    if (name_or_arn.starts_with("arn:")) {
        std::string prefix =
            fmt::format("arn:{}:cloudformation:{}:{}:changeSet/", partition_of_region(region), region, account);
        if (!name_or_arn.starts_with(prefix)) return std::optional<ChangeSet>{};
        auto doc = iam::get_doc(r, account, k_change_set, key_of(region, name_or_arn.substr(name_or_arn.rfind('/') + 1)));
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return std::optional<ChangeSet>{};
        auto c = change_set_from_doc(**doc);
        if (!c) return Unexpected(c.error());
        if (c->id != name_or_arn) return std::optional<ChangeSet>{};
        return std::optional<ChangeSet>(std::move(*c));
    }
    if (!stack) return std::optional<ChangeSet>{};
    auto all = change_sets_of(r, account, region, stack->id);
    if (!all) return Unexpected(all.error());
    for (auto& c : *all)
        if (c.name == name_or_arn) return std::optional<ChangeSet>(std::move(c));
    return std::optional<ChangeSet>{};
}

Result<void> save_change_set(store::Tx& tx, const ChangeSet& c) {
    return iam::put_doc(tx, c.account, k_change_set, key_of(c.region, c.uuid()), change_set_to_doc(c));
}

Result<void> erase_change_set(store::Tx& tx, const ChangeSet& c) {
    auto gone = tx.erase(c.account, k_change_set, key_of(c.region, c.uuid()));
    if (!gone) return Unexpected(gone.error());
    return {};
}

std::string execution_status(const ChangeSet& c, const Stack& s) {
    if (c.executed) {
        if (s.in_progress()) return "EXECUTE_IN_PROGRESS";
        if (s.status == "CREATE_COMPLETE" || s.status == "UPDATE_COMPLETE") return "EXECUTE_COMPLETE";
        return "EXECUTE_FAILED";
    }
    if (c.status != "CREATE_COMPLETE") return "UNAVAILABLE";
    if (c.type == "UPDATE" && stack_basis(s) != c.basis) return "OBSOLETE";
    if (s.in_progress() && s.status != "REVIEW_IN_PROGRESS") return "UNAVAILABLE";
    return "AVAILABLE";
}

Unexpected no_such_change_set(std::string_view name_or_arn) {
    return fail("ChangeSetNotFound", fmt::format("ChangeSet [{}] does not exist", name_or_arn));
}

}  // namespace jg::cloud::cloudformation
