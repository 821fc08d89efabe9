// Permissions boundaries of users and roles: Put/Delete{User,Role}PermissionsBoundary.
// CreateUser and CreateRole set one too; principal_policies.cpp applies it.
#include <fmt/format.h>

#include "cloud/iam/entities.hpp"
#include "cloud/iam/iam.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "cloud/principal_policies.hpp"
#include "core/json.hpp"

namespace jg::cloud::iam {

namespace {

// Sets (or, with an empty ARN, removes) the boundary of the entity in one transaction.
Result<Node> set_boundary(CallContext& ctx, const EntityType& type, const Loaded& entity, const std::string& arn) {
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), type.kind, entity_key(entity.name));
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return no_such_entity(type, entity.name);
        if (!arn.empty()) {
            auto policy = managed_policy_document(tx, ctx.account(), arn);
            if (!policy) return Unexpected(policy.error());
            if (!*policy) return fail("NoSuchEntity", fmt::format("Scope ARN: {} does not exist or is not attachable.", arn));
        }
        Node updated = Node::make_object();
        for (const auto& [k, v] : (*doc)->members)
            if (k != "PermissionsBoundary") updated.add(k, v);
        if (!arn.empty()) updated.add("PermissionsBoundary", str(arn));
        if (auto ok = put_doc(tx, ctx.account(), type.kind, entity_key(entity.name), updated); !ok) return Unexpected(ok.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> put(CallContext& ctx, const EntityType& type, const char* action) {
    auto arn = required_string(ctx.input(), "PermissionsBoundary");
    if (!arn) return Unexpected(arn.error());
    if (auto ok = check_length("PermissionsBoundary", *arn, 20, 2048); !ok) return Unexpected(ok.error());
    AuthorizeOptions auth;
    auth.context.push_back({"iam:PermissionsBoundary", {*arn}});
    auto entity = authorized_entity(ctx, type, action, auth);
    if (!entity) return Unexpected(entity.error());
    return set_boundary(ctx, type, *entity, *arn);
}

Result<Node> remove(CallContext& ctx, const EntityType& type, const char* action) {
    auto entity = authorized_entity(ctx, type, action);
    if (!entity) return Unexpected(entity.error());
    return set_boundary(ctx, type, *entity, {});
}

}  // namespace

Result<Node> put_user_permissions_boundary(CallContext& ctx) {
    return put(ctx, k_user_type, "iam:PutUserPermissionsBoundary");
}
Result<Node> put_role_permissions_boundary(CallContext& ctx) {
    return put(ctx, k_role_type, "iam:PutRolePermissionsBoundary");
}
Result<Node> delete_user_permissions_boundary(CallContext& ctx) {
    return remove(ctx, k_user_type, "iam:DeleteUserPermissionsBoundary");
}
Result<Node> delete_role_permissions_boundary(CallContext& ctx) {
    return remove(ctx, k_role_type, "iam:DeleteRolePermissionsBoundary");
}

}  // namespace jg::cloud::iam
