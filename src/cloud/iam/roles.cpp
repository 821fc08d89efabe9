// IAM roles: CreateRole, GetRole, DeleteRole, ListRoles, UpdateRole,
// UpdateAssumeRolePolicy. The trust policy is validated by the engine's parser as a
// resource policy and kept as given.
#include <fmt/format.h>

#include "cloud/iam/entities.hpp"
#include "cloud/iam/iam.hpp"
#include "cloud/iam/instance_profiles.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/listing.hpp"
#include "cloud/iam/trust_principals.hpp"
#include "cloud/input.hpp"
#include "cloud/principal_policies.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"

namespace jg::cloud::iam {

namespace {

constexpr std::int64_t k_max_roles = 1000;
constexpr std::size_t k_max_trust_size = 2048;

// CreateRole names the trust policy AssumeRolePolicyDocument, UpdateAssumeRolePolicy
// PolicyDocument.
Result<std::string> read_trust(const Node& in, std::string_view member_name) {
    std::string text;
    auto size = check_policy_document(in, member_name, policy::PolicyUse::trust, text);
    if (!size) return Unexpected(size.error());
    if (*size > k_max_trust_size)
        return fail("LimitExceeded", fmt::format("Cannot exceed quota for ACLSizePerRole: {}", k_max_trust_size));
    return text;
}

Result<std::optional<std::int64_t>> read_max_session(const Node& in) {
    auto max = optional_int(in, "MaxSessionDuration");
    if (!max) return max;
    if (*max && (**max < 3600 || **max > 43200))
        return validation_error("MaxSessionDuration", std::to_string(**max),
                                **max < 3600 ? "Member must have value greater than or equal to 3600"
                                             : "Member must have value less than or equal to 43200");
    return max;
}

void set_member(Node& doc, const char* key, Node value) {
    if (Node* v = doc.find(key)) *v = std::move(value);
    else doc.add(key, std::move(value));
}

Node wrap_role(const Node& doc) {
    Node out = Node::make_object();
    out.add("Role", entity_output(doc));
    return out;
}

}  // namespace

Result<Node> create_role(CallContext& ctx) {
    const Node& in = ctx.input();
    auto name = required_string(in, "RoleName");
    if (!name) return Unexpected(name.error());
    if (auto ok = check_name("RoleName", *name, 64); !ok) return Unexpected(ok.error());
    std::string path = optional_string(in, "Path").value_or("/");
    if (auto ok = check_path("Path", path); !ok) return Unexpected(ok.error());
    auto trust = read_trust(in, "AssumeRolePolicyDocument");
    if (!trust) return Unexpected(trust.error());
    auto max = read_max_session(in);
    if (!max) return Unexpected(max.error());
    auto tags = read_tags(in);
    if (!tags) return Unexpected(tags.error());
    std::string description = optional_string(in, "Description").value_or("");
    if (auto ok = check_length("Description", description, 0, 1000); !ok) return Unexpected(ok.error());
    std::string boundary = optional_string(in, "PermissionsBoundary").value_or("");
    std::string arn = entity_arn(ctx.account(), k_role_type, path, *name);
    AuthorizeOptions auth;
    if (!boundary.empty()) auth.context.push_back({"iam:PermissionsBoundary", {boundary}});
    if (auto ok = ctx.authorize("iam:CreateRole", arn, auth); !ok) return Unexpected(ok.error());

    Node doc = Node::make_object();
    doc.add("Path", str(path));
    doc.add("RoleName", str(*name));
    doc.add("RoleId", str(new_unique_id(ctx.cloud().random(), IdKind::role)));
    doc.add("Arn", str(arn));
    doc.add("CreateDate", str(format_iso8601(ctx.now())));
    doc.add("AssumeRolePolicyDocument", str(*trust));
    if (!description.empty()) doc.add("Description", str(description));
    doc.add("MaxSessionDuration", num(max->value_or(3600)));
    if (!boundary.empty()) doc.add("PermissionsBoundary", str(boundary));
    doc.add("Tags", tags_node(*tags));
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        if (!boundary.empty()) {
            auto policy = managed_policy_document(tx, ctx.account(), boundary);
            if (!policy) return Unexpected(policy.error());
            if (!*policy) return fail("NoSuchEntity", fmt::format("Scope ARN: {} does not exist or is not attachable.", boundary));
        }
        auto principals = resolve_trust_principals(tx, *trust);
        if (!principals) return Unexpected(principals.error());
        if (!principals->empty()) doc.add(std::string(k_trust_principals_member), trust_principals_node(*principals));
        auto count = tx.count(ctx.account(), k_role);
        if (!count) return Unexpected(count.error());
        if (*count >= k_max_roles)
            return fail("LimitExceeded", fmt::format("Cannot exceed quota for RolesPerAccount: {}", k_max_roles));
        if (auto put = tx.insert(ctx.account(), k_role, entity_key(*name), to_json(doc)); !put) {
            if (put.error().code == "AlreadyExists")
                return fail("EntityAlreadyExists", fmt::format("Role with name {} already exists.", *name));
            return Unexpected(put.error());
        }
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return wrap_role(doc);
    });
}

Result<Node> get_role(CallContext& ctx) {
    auto role = authorized_entity(ctx, k_role_type, "iam:GetRole");
    if (!role) return Unexpected(role.error());
    return wrap_role(role->doc);
}

Result<Node> delete_role(CallContext& ctx) {
    auto role = authorized_entity(ctx, k_role_type, "iam:DeleteRole");
    if (!role) return Unexpected(role.error());
    std::string prefix = entity_key(role->name) + "/";
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        struct Check {
            std::string_view kind;
            const char* message;
        };
        for (const Check& c : {Check{k_role_policy, "Cannot delete entity, must delete policies first."},
                               Check{k_role_attached, "Cannot delete entity, must detach all policies first."},
                               Check{k_role_instance_profile,
                                     "Cannot delete entity, must remove roles from instance profile first."}}) {
            auto n = tx.count(ctx.account(), c.kind, prefix);
            if (!n) return Unexpected(n.error());
            if (*n > 0) return fail("DeleteConflict", c.message);
        }
        auto erased = tx.erase(ctx.account(), k_role, entity_key(role->name));
        if (!erased) return Unexpected(erased.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> list_roles(CallContext& ctx) {
    auto prefix = read_path_prefix(ctx.input());
    if (!prefix) return Unexpected(prefix.error());
    if (auto ok = ctx.authorize("iam:ListRoles", "*"); !ok) return Unexpected(ok.error());
    return list_documents(
        ctx, ctx.account(), k_role, "", "Roles", [&](const Node& d) { return member(d, "Path").rfind(*prefix, 0) == 0; },
        [](const Node& d) { return entity_output(d, false); });
}

Result<Node> update_role(CallContext& ctx) {
    auto max = read_max_session(ctx.input());
    if (!max) return Unexpected(max.error());
    auto description = optional_string(ctx.input(), "Description");
    if (description)
        if (auto ok = check_length("Description", *description, 0, 1000); !ok) return Unexpected(ok.error());
    auto role = authorized_entity(ctx, k_role_type, "iam:UpdateRole");
    if (!role) return Unexpected(role.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), k_role, entity_key(role->name));  // current, in this transaction
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return no_such_entity(k_role_type, role->name);
        if (*max) set_member(**doc, "MaxSessionDuration", num(**max));
        if (description) set_member(**doc, "Description", str(*description));
        if (auto ok = put_doc(tx, ctx.account(), k_role, entity_key(role->name), **doc); !ok) return Unexpected(ok.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> update_assume_role_policy(CallContext& ctx) {
    auto trust = read_trust(ctx.input(), "PolicyDocument");
    if (!trust) return Unexpected(trust.error());
    auto role = authorized_entity(ctx, k_role_type, "iam:UpdateAssumeRolePolicy");
    if (!role) return Unexpected(role.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), k_role, entity_key(role->name));  // current, in this transaction
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return no_such_entity(k_role_type, role->name);
        set_member(**doc, "AssumeRolePolicyDocument", str(*trust));
        auto principals = resolve_trust_principals(tx, *trust);
        if (!principals) return Unexpected(principals.error());
        set_member(**doc, std::string(k_trust_principals_member).c_str(), trust_principals_node(*principals));
        if (auto ok = put_doc(tx, ctx.account(), k_role, entity_key(role->name), **doc); !ok) return Unexpected(ok.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

}  // namespace jg::cloud::iam
