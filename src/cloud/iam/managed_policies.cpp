// Customer managed policies and their versions: CreatePolicy, GetPolicy, DeletePolicy,
// ListPolicies, CreatePolicyVersion, GetPolicyVersion, DeletePolicyVersion,
// ListPolicyVersions, SetDefaultPolicyVersion. AWS managed policies come from the offline
// catalog, which holds only their default version (id, document and dates as AWS reports).
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>

#include "cloud/iam/entities.hpp"
#include "cloud/iam/iam.hpp"
#include "cloud/iam/identity_providers.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/listing.hpp"
#include "cloud/iam/policy_lookup.hpp"
#include "cloud/input.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "policy/managed_policies.hpp"

namespace jg::cloud::iam {

namespace {

constexpr std::size_t k_max_policy_size = 6144;
constexpr std::size_t k_max_versions = 5;
constexpr std::int64_t k_max_policies = 1500;

Result<std::string> read_document(const Node& in) {
    std::string text;
    auto size = check_policy_document(in, "PolicyDocument", policy::PolicyUse::managed, text);
    if (!size) return Unexpected(size.error());
    if (*size > k_max_policy_size)
        return fail("LimitExceeded", fmt::format("Cannot exceed quota for PolicySize: {}", k_max_policy_size));
    return text;
}

// AWS's Policy shape from a stored customer managed policy, as each call answers it:
// CreatePolicy leaves out the Description and empty Tags, GetPolicy has both (Tags even
// when empty), ListPolicies neither.
enum class PolicyView { create, get, list };
Node policy_output(const Node& doc, PolicyView view) {
    Node out = Node::make_object();
    for (const auto& [key, value] : doc.members) {
        if (key == "Versions" || key == "NextVersion") continue;
        if (key == "Description" && view != PolicyView::get) continue;
        if (key == "Tags" && (view == PolicyView::list || (view == PolicyView::create && value.items.empty()))) continue;
        out.add(key, value);
    }
    return out;
}

Node aws_policy_output(std::string_view arn, std::int64_t attachments) {
    Node out = Node::make_object();
    std::string_view rest = arn.substr(std::string_view("arn:aws:iam::aws:policy").size());
    out.add("PolicyName", str(rest.substr(rest.rfind('/') + 1)));
    out.add("Arn", str(arn));
    out.add("Path", str(rest.substr(0, rest.rfind('/') + 1)));
    auto info = policy::aws_managed_policy_info(arn);
    out.add("DefaultVersionId", str(info ? info->default_version_id : "v1"));
    out.add("AttachmentCount", num(attachments));
    out.add("PermissionsBoundaryUsageCount", num(0));
    out.add("IsAttachable", boolean(true));
    if (info) {
        out.add("CreateDate", str(info->create_date));
        out.add("UpdateDate", str(info->update_date));
    }
    return out;
}

Node version_output(const Node& v, bool with_document) {
    Node out = Node::make_object();
    if (with_document) out.add("Document", str(member(v, "Document")));
    out.add("VersionId", str(member(v, "VersionId")));
    out.add("IsDefaultVersion", boolean(member(v, "IsDefaultVersion") == "true"));
    out.add("CreateDate", str(member(v, "CreateDate")));
    return out;
}

Node* versions_of(Node& doc) { return doc.find("Versions"); }


Unexpected no_such_version(const std::string& arn, const std::string& id) {
    return fail("NoSuchEntity", fmt::format("Policy {} version {} does not exist or is not attachable.", arn, id));
}

// DeletePolicyVersion and SetDefaultPolicyVersion: the VersionId, the caller's right on a
// customer managed policy (AWS managed ones are not the caller's to change), and `change`
// applied to the stored document in one transaction, then saved.
using VersionChange = std::function<Result<void>(store::Tx&, Node& doc, const std::string& arn, const std::string& id)>;
Result<Node> change_versions(CallContext& ctx, std::string_view action, const VersionChange& change) {
    auto id = required_string(ctx.input(), "VersionId");
    if (!id) return Unexpected(id.error());
    auto p = authorized_policy(ctx, action);
    if (!p) return Unexpected(p.error());
    if (p->aws_managed) return fail("InvalidInput", fmt::format("ARN {} is not valid.", p->arn));
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), k_policy, p->key);
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return no_such_policy(p->arn);
        if (auto ok = change(tx, **doc, p->arn, *id); !ok) return Unexpected(ok.error());
        if (auto ok = put_doc(tx, ctx.account(), k_policy, p->key, **doc); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

}  // namespace

Result<ManagedPolicy> authorized_policy(CallContext& ctx, std::string_view action, const AuthorizeOptions& auth) {
    auto arn = required_string(ctx.input(), "PolicyArn");
    if (!arn) return Unexpected(arn.error());
    if (auto ok = check_length("PolicyArn", *arn, 20, 2048); !ok) return Unexpected(ok.error());
    if (arn->rfind("arn:aws:iam::", 0) != 0 || arn->find(":policy/") == std::string::npos)
        return fail("InvalidInput", fmt::format("ARN {} is not valid.", *arn));
    if (auto ok = ctx.authorize(action, *arn, auth); !ok) return Unexpected(ok.error());
    auto found = ctx.cloud().store().read([&](store::Reader& r) { return find_managed_policy(r, ctx.account(), *arn); });
    if (!found) return Unexpected(found.error());
    if (!*found) return no_such_policy(*arn);
    return std::move(**found);
}

Result<Node> create_policy(CallContext& ctx) {
    const Node& in = ctx.input();
    auto name = required_string(in, "PolicyName");
    if (!name) return Unexpected(name.error());
    if (auto ok = check_name("PolicyName", *name, 128); !ok) return Unexpected(ok.error());
    std::string path = optional_string(in, "Path").value_or("/");
    if (auto ok = check_path("Path", path); !ok) return Unexpected(ok.error());
    std::string description = optional_string(in, "Description").value_or("");
    if (auto ok = check_length("Description", description, 0, 1000); !ok) return Unexpected(ok.error());
    auto document = read_document(in);
    if (!document) return Unexpected(document.error());
    auto tags = read_tags(in);
    if (!tags) return Unexpected(tags.error());
    std::string arn = fmt::format("arn:aws:iam::{}:policy{}{}", ctx.account(), path, *name);
    if (auto ok = ctx.authorize("iam:CreatePolicy", arn, tag_context(*tags)); !ok) return Unexpected(ok.error());

    std::string now = format_iso8601(ctx.now());
    Node doc = Node::make_object();
    doc.add("PolicyName", str(*name));
    doc.add("PolicyId", str(new_unique_id(ctx.cloud().random(), IdKind::managed_policy)));
    doc.add("Arn", str(arn));
    doc.add("Path", str(path));
    doc.add("DefaultVersionId", str("v1"));
    doc.add("AttachmentCount", num(0));
    doc.add("PermissionsBoundaryUsageCount", num(0));
    doc.add("IsAttachable", boolean(true));
    if (!description.empty()) doc.add("Description", str(description));
    doc.add("CreateDate", str(now));
    doc.add("UpdateDate", str(now));
    doc.add("Tags", tags_node(*tags));
    Node version = Node::make_object();
    version.add("VersionId", str("v1"));
    version.add("Document", str(*document));
    version.add("IsDefaultVersion", boolean(true));
    version.add("CreateDate", str(now));
    Node versions = Node::make_array();
    versions.push(std::move(version));
    doc.add("Versions", std::move(versions));
    doc.add("NextVersion", num(2));
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto count = tx.count(ctx.account(), k_policy);
        if (!count) return Unexpected(count.error());
        if (*count >= k_max_policies)
            return fail("LimitExceeded", fmt::format("Cannot exceed quota for PoliciesPerAccount: {}", k_max_policies));
        if (auto put = tx.insert(ctx.account(), k_policy, entity_key(*name), to_json(doc)); !put) {
            if (put.error().code == "AlreadyExists")
                return fail("EntityAlreadyExists",
                            fmt::format("A policy called {} already exists. Duplicate names are not allowed.", *name));
            return Unexpected(put.error());
        }
        Node out = Node::make_object();
        out.add("Policy", policy_output(doc, PolicyView::create));
        return out;
    });
}

Result<Node> get_policy(CallContext& ctx) {
    auto p = authorized_policy(ctx, "iam:GetPolicy");
    if (!p) return Unexpected(p.error());
    Node out = Node::make_object();
    if (p->aws_managed) {
        auto n = ctx.cloud().store().read([&](store::Reader& r) { return aws_policy_attachments(r, ctx.account(), p->arn); });
        if (!n) return Unexpected(n.error());
        out.add("Policy", aws_policy_output(p->arn, *n));
    } else {
        out.add("Policy", policy_output(p->doc, PolicyView::get));
    }
    return out;
}

Result<Node> delete_policy(CallContext& ctx) {
    auto p = authorized_policy(ctx, "iam:DeletePolicy");
    if (!p) return Unexpected(p.error());
    if (p->aws_managed) return fail("InvalidInput", fmt::format("ARN {} is not valid.", p->arn));
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), k_policy, p->key);
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return no_such_policy(p->arn);
        if (member(**doc, "AttachmentCount") != "0")
            return fail("DeleteConflict", "Cannot delete a policy attached to entities.");
        if (versions_of(**doc)->items.size() > 1)
            return fail("DeleteConflict",
                        "This policy has more than one version. Before you delete a policy, you must delete the "
                        "policy's versions. The default version is deleted with the policy.");
        auto erased = tx.erase(ctx.account(), k_policy, p->key);
        if (!erased) return Unexpected(erased.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> list_policies(CallContext& ctx) {
    const Node& in = ctx.input();
    std::string scope = optional_string(in, "Scope").value_or("All");
    if (scope != "All" && scope != "AWS" && scope != "Local")
        return validation_error("Scope", scope, "Member must satisfy enum value set: [All, AWS, Local]");
    auto only_attached = optional_bool(in, "OnlyAttached");
    if (!only_attached) return Unexpected(only_attached.error());
    auto prefix = read_path_prefix(in);
    if (!prefix) return Unexpected(prefix.error());
    auto paging = read_paging(in);
    if (!paging) return Unexpected(paging.error());
    if (auto ok = ctx.authorize("iam:ListPolicies", "*"); !ok) return Unexpected(ok.error());

    // Every candidate by ARN (AWS managed ARNs sort after the account's own).
    std::map<std::string, Node> all;
    auto loaded = ctx.cloud().store().read([&](store::Reader& r) -> Result<void> {
        if (scope != "AWS") {
            auto page = r.list(ctx.account(), k_policy, {});
            if (!page) return Unexpected(page.error());
            for (const auto& e : page->entries)
                if (auto doc = parse_json(e.body)) all.emplace(member(*doc, "Arn"), policy_output(*doc, PolicyView::list));
        }
        if (scope != "Local") {
            auto uses = r.list(ctx.account(), k_aws_policy_use, {});
            if (!uses) return Unexpected(uses.error());
            std::map<std::string, std::int64_t> counts;
            for (const auto& e : uses->entries)
                if (auto doc = parse_json(e.body)) counts[e.name] = std::stoll(member(*doc, "AttachmentCount"));
            for (const auto& arn : policy::aws_managed_policy_arns())
                all.emplace(arn, aws_policy_output(arn, counts.count(arn) ? counts[arn] : 0));
        }
        return {};
    });
    if (!loaded) return Unexpected(loaded.error());
    Node list = Node::make_array();
    store::Page kept;
    for (auto it = paging->marker.empty() ? all.begin() : all.upper_bound(paging->marker); it != all.end(); ++it) {
        const Node& p = it->second;
        if (member(p, "Path").rfind(*prefix, 0) != 0) continue;
        if (only_attached->value_or(false) && member(p, "AttachmentCount") == "0") continue;
        if (kept.entries.size() == paging->max_items) {
            kept.truncated = true;
            break;
        }
        kept.entries.push_back({it->first, {}});
        list.push(p);
    }
    Node out = Node::make_object();
    out.add("Policies", std::move(list));
    add_paging(out, kept);
    return out;
}

Result<Node> create_policy_version(CallContext& ctx) {
    auto document = read_document(ctx.input());
    if (!document) return Unexpected(document.error());
    auto set_default = optional_bool(ctx.input(), "SetAsDefault");
    if (!set_default) return Unexpected(set_default.error());
    auto p = authorized_policy(ctx, "iam:CreatePolicyVersion");
    if (!p) return Unexpected(p.error());
    if (p->aws_managed) return fail("InvalidInput", fmt::format("ARN {} is not valid.", p->arn));
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), k_policy, p->key);
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return no_such_policy(p->arn);
        Node& versions = *versions_of(**doc);
        if (versions.items.size() >= k_max_versions)
            return fail("LimitExceeded",
                        "A managed policy can have up to 5 versions. Before you create a new version, you must delete "
                        "an existing version.");
        Node* next = (*doc)->find("NextVersion");
        std::string id = "v" + next->text;
        *next = num(std::stoll(next->text) + 1);
        std::string now = format_iso8601(ctx.now());
        bool make_default = set_default->value_or(false);
        if (make_default) {
            for (Node& v : versions.items) *v.find("IsDefaultVersion") = boolean(false);
            *(*doc)->find("DefaultVersionId") = str(id);
        }
        Node version = Node::make_object();
        version.add("VersionId", str(id));
        version.add("Document", str(*document));
        version.add("IsDefaultVersion", boolean(make_default));
        version.add("CreateDate", str(now));
        Node out = Node::make_object();
        out.add("PolicyVersion", version_output(version, false));
        versions.push(std::move(version));
        *(*doc)->find("UpdateDate") = str(now);
        if (auto ok = put_doc(tx, ctx.account(), k_policy, p->key, **doc); !ok) return Unexpected(ok.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return out;
    });
}

Result<Node> get_policy_version(CallContext& ctx) {
    auto id = required_string(ctx.input(), "VersionId");
    if (!id) return Unexpected(id.error());
    auto p = authorized_policy(ctx, "iam:GetPolicyVersion");
    if (!p) return Unexpected(p.error());
    Node out = Node::make_object();
    if (p->aws_managed) {
        // Only the default version is held offline; older ones are reported as unknown.
        auto info = policy::aws_managed_policy_info(p->arn);
        if (!info || *id != info->default_version_id)
            return no_such_version(p->arn, *id);
        Node v = Node::make_object();
        v.add("VersionId", str(info->default_version_id));
        v.add("Document", str(*policy::aws_managed_policy_document(p->arn)));
        v.add("IsDefaultVersion", str("true"));
        v.add("CreateDate", str(info->update_date));
        out.add("PolicyVersion", version_output(v, true));
        return out;
    }
    for (const Node& v : versions_of(p->doc)->items)
        if (member(v, "VersionId") == *id) {
            out.add("PolicyVersion", version_output(v, true));
            return out;
        }
    return no_such_version(p->arn, *id);
}

Result<Node> delete_policy_version(CallContext& ctx) {
    return change_versions(ctx, "iam:DeletePolicyVersion",
                           [](store::Tx&, Node& doc, const std::string& arn, const std::string& id) -> Result<void> {
                               auto& items = versions_of(doc)->items;
                               auto it = std::find_if(items.begin(), items.end(),
                                                      [&](const Node& v) { return member(v, "VersionId") == id; });
                               if (it == items.end()) return no_such_version(arn, id);
                               if (member(*it, "IsDefaultVersion") == "true")
                                   return fail("DeleteConflict", "Cannot delete the default version of a policy.");
                               items.erase(it);
                               return {};
                           });
}

Result<Node> list_policy_versions(CallContext& ctx) {
    auto p = authorized_policy(ctx, "iam:ListPolicyVersions");
    if (!p) return Unexpected(p.error());
    Node list = Node::make_array();
    if (p->aws_managed) {
        auto info = policy::aws_managed_policy_info(p->arn);
        Node v = Node::make_object();
        v.add("VersionId", str(info ? info->default_version_id : "v1"));
        v.add("IsDefaultVersion", str("true"));
        if (info) v.add("CreateDate", str(info->update_date));
        list.push(version_output(v, false));
    } else {
        // Newest first, as AWS lists them.
        const auto& items = versions_of(p->doc)->items;
        for (auto it = items.rbegin(); it != items.rend(); ++it) list.push(version_output(*it, false));
    }
    Node out = Node::make_object();
    out.add("Versions", std::move(list));
    out.add("IsTruncated", boolean(false));
    return out;
}

Result<Node> set_default_policy_version(CallContext& ctx) {
    return change_versions(ctx, "iam:SetDefaultPolicyVersion",
                           [&](store::Tx& tx, Node& doc, const std::string& arn, const std::string& id) -> Result<void> {
                               bool found = false;
                               for (Node& v : versions_of(doc)->items) {
                                   bool is = member(v, "VersionId") == id;
                                   found = found || is;
                                   *v.find("IsDefaultVersion") = boolean(is);
                               }
                               if (!found) return no_such_version(arn, id);
                               *doc.find("DefaultVersionId") = str(id);
                               return policies_changed(tx, ctx.account());
                           });
}

}  // namespace jg::cloud::iam
