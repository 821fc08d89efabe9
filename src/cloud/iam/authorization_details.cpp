// The account's whole authorisation picture: GetAccountAuthorizationDetails (every user,
// group, role and managed policy with their policies, in AWS's output shape, so that an
// audit can consume `aws iam get-account-authorization-details`) and
// ListEntitiesForPolicy (who uses a managed policy, as permissions or as a boundary).
#include <charconv>

#include <fmt/format.h>

#include "cloud/iam/entities.hpp"
#include "cloud/iam/iamcred.hpp"
#include "cloud/iam/instance_profiles.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/policy_lookup.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"
#include "policy/managed_policies.hpp"

namespace jg::cloud::iam {

namespace {

Result<std::vector<Node>> docs_of(store::Reader& r, std::string_view account, std::string_view kind,
                                  const std::string& prefix = {}) {
    auto page = r.list(account, kind, {prefix, {}, 0});
    if (!page) return Unexpected(page.error());
    std::vector<Node> out;
    for (const auto& e : page->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", fmt::format("stored {} document is not JSON", kind));
        out.push_back(std::move(*doc));
    }
    return out;
}

// [{PolicyName, <second>}] of an entity's policies: PolicyDocument for inline policies,
// PolicyArn for attached managed ones.
Result<Node> policy_list(store::Reader& r, std::string_view account, std::string_view kind, std::string_view entity,
                         const char* second) {
    auto docs = docs_of(r, account, kind, entity_key(entity) + "/");
    if (!docs) return Unexpected(docs.error());
    Node list = Node::make_array();
    for (const Node& d : *docs) {
        Node p = Node::make_object();
        p.add("PolicyName", str(member(d, "PolicyName")));
        p.add(second, str(member(d, second)));
        list.push(std::move(p));
    }
    return list;
}

Result<Node> inline_list(store::Reader& r, std::string_view account, std::string_view kind, std::string_view entity) {
    return policy_list(r, account, kind, entity, "PolicyDocument");
}

Result<Node> attached_list(store::Reader& r, std::string_view account, std::string_view kind, std::string_view entity) {
    return policy_list(r, account, kind, entity, "PolicyArn");
}

Result<Node> user_detail(store::Reader& r, std::string_view account, const Node& doc) {
    const std::string name = member(doc, "UserName");
    Node d = entity_output(doc);
    auto policies = inline_list(r, account, k_user_policy, name);
    if (!policies) return policies;
    d.add("UserPolicyList", std::move(*policies));
    auto groups = docs_of(r, account, k_user_group, entity_key(name) + "/");
    if (!groups) return Unexpected(groups.error());
    Node group_list = Node::make_array();
    for (const Node& g : *groups) group_list.push(str(member(g, "GroupName")));
    d.add("GroupList", std::move(group_list));
    auto attached = attached_list(r, account, k_user_attached, name);
    if (!attached) return attached;
    d.add("AttachedManagedPolicies", std::move(*attached));
    return d;
}

Result<Node> group_detail(store::Reader& r, std::string_view account, const Node& doc) {
    const std::string name = member(doc, "GroupName");
    Node d = entity_output(doc);
    auto policies = inline_list(r, account, k_group_policy, name);
    if (!policies) return policies;
    d.add("GroupPolicyList", std::move(*policies));
    auto attached = attached_list(r, account, k_group_attached, name);
    if (!attached) return attached;
    d.add("AttachedManagedPolicies", std::move(*attached));
    return d;
}

Result<Node> role_detail(store::Reader& r, std::string_view account, const Node& doc) {
    const std::string name = member(doc, "RoleName");
    // RoleDetail has no Description or MaxSessionDuration (GetRole's Role has them).
    Node d = Node::make_object();
    for (auto& [key, value] : entity_output(doc).members)
        if (key != "Description" && key != "MaxSessionDuration") d.add(key, std::move(value));
    auto profiles = role_instance_profiles(r, account, name);
    if (!profiles) return profiles;
    d.add("InstanceProfileList", std::move(*profiles));
    auto policies = inline_list(r, account, k_role_policy, name);
    if (!policies) return policies;
    d.add("RolePolicyList", std::move(*policies));
    auto attached = attached_list(r, account, k_role_attached, name);
    if (!attached) return attached;
    d.add("AttachedManagedPolicies", std::move(*attached));
    d.add("RoleLastUsed", Node::make_object());
    return d;
}

// A customer managed policy with all its versions (PolicyVersionList).
Node local_policy_detail(const Node& doc) {
    Node d = Node::make_object();
    for (const auto& [key, value] : doc.members)
        if (key != "Versions" && key != "NextVersion" && key != "Tags") d.add(key, value);
    Node versions = Node::make_array();
    if (const Node* vs = doc.find("Versions"))
        for (const Node& v : vs->items) {
            Node out = Node::make_object();
            out.add("Document", str(member(v, "Document")));
            out.add("VersionId", str(member(v, "VersionId")));
            out.add("IsDefaultVersion", boolean(member(v, "IsDefaultVersion") == "true"));
            out.add("CreateDate", str(member(v, "CreateDate")));
            versions.push(std::move(out));
        }
    d.add("PolicyVersionList", std::move(versions));
    return d;
}

// An AWS managed policy used in the account, from the offline catalog (its default version).
Node aws_policy_detail(const std::string& arn, std::int64_t attachments) {
    const std::string_view rest = std::string_view(arn).substr(std::string_view("arn:aws:iam::aws:policy").size());
    Node d = Node::make_object();
    d.add("PolicyName", str(rest.substr(rest.rfind('/') + 1)));
    d.add("Arn", str(arn));
    d.add("Path", str(rest.substr(0, rest.rfind('/') + 1)));
    auto info = policy::aws_managed_policy_info(arn);
    const std::string version = info ? info->default_version_id : "v1";
    d.add("DefaultVersionId", str(version));
    d.add("AttachmentCount", num(attachments));
    d.add("PermissionsBoundaryUsageCount", num(0));
    d.add("IsAttachable", boolean(true));
    if (info) {
        d.add("CreateDate", str(info->create_date));
        d.add("UpdateDate", str(info->update_date));
    }
    Node v = Node::make_object();
    v.add("Document", str(policy::aws_managed_policy_document(arn).value_or("{}")));
    v.add("VersionId", str(version));
    v.add("IsDefaultVersion", boolean(true));
    if (info) v.add("CreateDate", str(info->update_date));
    Node versions = Node::make_array();
    versions.push(std::move(v));
    d.add("PolicyVersionList", std::move(versions));
    return d;
}

// IAM paging over a list built in memory: the Marker is the index of the next item.
Result<std::size_t> marker_index(const Paging& paging, std::size_t total) {
    if (paging.marker.empty()) return 0;
    std::size_t start = 0;
    const char* end = paging.marker.data() + paging.marker.size();
    const auto [ptr, ec] = std::from_chars(paging.marker.data(), end, start);
    if (ec != std::errc() || ptr != end || start > total) return fail("ValidationError", "Invalid Marker.");
    return start;
}

void add_index_paging(Node& out, std::size_t next, std::size_t total) {
    out.add("IsTruncated", boolean(next < total));
    if (next < total) out.add("Marker", str(std::to_string(next)));
}

}  // namespace

Result<Node> get_account_authorization_details(CallContext& ctx) {
    static constexpr std::string_view k_filters[] = {"User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"};
    bool want[5] = {true, true, true, true, true};
    if (const Node* filter = ctx.input().find("Filter"); filter && filter->is_array() && !filter->items.empty()) {
        std::fill(std::begin(want), std::end(want), false);
        for (const Node& f : filter->items) {
            std::size_t i = 0;
            while (i < 5 && k_filters[i] != f.text) ++i;
            if (i == 5)
                return validation_error("Filter", f.text,
                                        "Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]");
            want[i] = true;
        }
    }
    auto paging = read_paging(ctx.input());
    if (!paging) return Unexpected(paging.error());
    if (auto ok = ctx.authorize("iam:GetAccountAuthorizationDetails", "*"); !ok) return Unexpected(ok.error());
    const std::string& account = ctx.account();

    // Every item in output order, tagged with the list it belongs to; one page is cut from
    // it, and only the page's users, groups and roles get their (costly) details, so that
    // reading every page stays linear in the account's size.
    using Detail = Result<Node> (*)(store::Reader&, std::string_view, const Node&);
    struct Item {
        int list;         // 0 users, 1 groups, 2 roles, 3 policies
        Detail detail;    // nullptr: `doc` is the output itself
        Node doc;
    };
    std::vector<Item> items;
    Node lists[4] = {Node::make_array(), Node::make_array(), Node::make_array(), Node::make_array()};
    std::size_t next = 0;
    auto built = ctx.cloud().store().read([&](store::Reader& r) -> Result<void> {
        struct Part {
            bool wanted;
            std::string_view kind;
            int list;
            Detail detail;
        };
        for (const Part& p : {Part{want[0], k_user, 0, user_detail}, Part{want[2], k_group, 1, group_detail},
                              Part{want[1], k_role, 2, role_detail}}) {
            if (!p.wanted) continue;
            auto docs = docs_of(r, account, p.kind);
            if (!docs) return Unexpected(docs.error());
            for (Node& d : *docs) items.push_back(Item{p.list, p.detail, std::move(d)});
        }
        if (want[3]) {
            auto docs = docs_of(r, account, k_policy);
            if (!docs) return Unexpected(docs.error());
            for (const Node& d : *docs) items.push_back(Item{3, nullptr, local_policy_detail(d)});
        }
        if (want[4]) {
            // AWS managed policies in use in the account.
            auto uses = r.list(account, k_aws_policy_use, {});
            if (!uses) return Unexpected(uses.error());
            for (const auto& e : uses->entries) {
                auto doc = parse_json(e.body);
                if (!doc) return fail("InternalFailure", "stored aws-policy use is not JSON");
                const std::string count = member(*doc, "AttachmentCount");
                if (count.empty() || count == "0") continue;
                items.push_back(Item{3, nullptr, aws_policy_detail(e.name, std::stoll(count))});
            }
        }
        auto start = marker_index(*paging, items.size());
        if (!start) return Unexpected(start.error());
        next = *start;
        for (std::size_t n = 0; next < items.size() && n < paging->max_items; ++next, ++n) {
            Item& item = items[next];
            if (!item.detail) {
                lists[item.list].push(std::move(item.doc));
                continue;
            }
            auto detail = item.detail(r, account, item.doc);
            if (!detail) return Unexpected(detail.error());
            lists[item.list].push(std::move(*detail));
        }
        return {};
    });
    if (!built) return Unexpected(built.error());

    Node out = Node::make_object();
    out.add("UserDetailList", std::move(lists[0]));
    out.add("GroupDetailList", std::move(lists[1]));
    out.add("RoleDetailList", std::move(lists[2]));
    out.add("Policies", std::move(lists[3]));
    add_index_paging(out, next, items.size());
    return out;
}

Result<Node> list_entities_for_policy(CallContext& ctx) {
    const Node& in = ctx.input();
    auto arn = required_string(in, "PolicyArn");
    if (!arn) return Unexpected(arn.error());
    if (auto ok = check_length("PolicyArn", *arn, 20, 2048); !ok) return Unexpected(ok.error());
    auto filter = optional_enum(in, "EntityFilter", {"User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"});
    if (!filter) return Unexpected(filter.error());
    auto usage = optional_enum(in, "PolicyUsageFilter", {"PermissionsPolicy", "PermissionsBoundary"});
    if (!usage) return Unexpected(usage.error());
    const std::string prefix = optional_string(in, "PathPrefix").value_or("/");
    if (auto ok = check_path("PathPrefix", prefix); !ok) return Unexpected(ok.error());
    auto paging = read_paging(in);
    if (!paging) return Unexpected(paging.error());
    if (auto ok = ctx.authorize("iam:ListEntitiesForPolicy", *arn); !ok) return Unexpected(ok.error());
    const std::string& account = ctx.account();
    const std::string f = filter->value_or("");
    const bool want_permissions = usage->value_or("PermissionsPolicy") == "PermissionsPolicy" || !*usage;
    const bool want_boundary = usage->value_or("PermissionsBoundary") == "PermissionsBoundary" || !*usage;

    struct Kind {
        const EntityType& type;
        const char* list;
        const char* name_key;
        const char* id_key;
    };
    const Kind kinds[] = {{k_group_type, "PolicyGroups", "GroupName", "GroupId"},
                          {k_user_type, "PolicyUsers", "UserName", "UserId"},
                          {k_role_type, "PolicyRoles", "RoleName", "RoleId"}};
    std::vector<std::pair<int, Node>> items;
    auto built = ctx.cloud().store().read([&](store::Reader& r) -> Result<void> {
        auto policy = find_managed_policy(r, account, *arn);
        if (!policy) return Unexpected(policy.error());
        if (!*policy) return no_such_policy(*arn);
        // LocalManagedPolicy / AWSManagedPolicy filter on the kind of the policy itself.
        if ((f == "LocalManagedPolicy" && (*policy)->aws_managed) || (f == "AWSManagedPolicy" && !(*policy)->aws_managed))
            return {};
        for (int k = 0; k < 3; ++k) {
            const Kind& kind = kinds[k];
            if (!f.empty() && f != "LocalManagedPolicy" && f != "AWSManagedPolicy" && f != kind.type.title) continue;
            auto entities = docs_of(r, account, kind.type.kind);
            if (!entities) return Unexpected(entities.error());
            for (const Node& e : *entities) {
                if (member(e, "Path").rfind(prefix, 0) != 0) continue;
                const std::string name = member(e, kind.name_key);
                bool uses = false;
                if (want_permissions) {
                    auto attached = r.get(account, kind.type.attached_kind, child_key(name, *arn));
                    if (!attached) return Unexpected(attached.error());
                    uses = attached->has_value();
                }
                if (!uses && want_boundary) uses = member(e, "PermissionsBoundary") == *arn;
                if (!uses) continue;
                Node item = Node::make_object();
                item.add(kind.name_key, str(name));
                item.add(kind.id_key, str(member(e, kind.id_key)));
                items.emplace_back(k, std::move(item));
            }
        }
        return {};
    });
    if (!built) return Unexpected(built.error());

    auto start = marker_index(*paging, items.size());
    if (!start) return Unexpected(start.error());
    Node lists[3] = {Node::make_array(), Node::make_array(), Node::make_array()};
    std::size_t i = *start;
    for (std::size_t n = 0; i < items.size() && n < paging->max_items; ++i, ++n)
        lists[items[i].first].push(std::move(items[i].second));
    Node out = Node::make_object();
    for (int k = 0; k < 3; ++k) out.add(kinds[k].list, std::move(lists[k]));
    add_index_paging(out, i, items.size());
    return out;
}

}  // namespace jg::cloud::iam
