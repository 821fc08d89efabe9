// Managed policies attached to users, groups and roles: Attach*Policy, Detach*Policy,
// ListAttached*Policies — one implementation over the three entity types.
#include <fmt/format.h>

#include "cloud/iam/entities.hpp"
#include "cloud/iam/iam.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/listing.hpp"
#include "cloud/iam/policy_lookup.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"

namespace jg::cloud::iam {

namespace {

Result<std::string> policy_arn_input(const Node& in) {
    auto arn = required_string(in, "PolicyArn");
    if (!arn) return arn;
    if (auto ok = check_length("PolicyArn", *arn, 20, 2048); !ok) return Unexpected(ok.error());
    if (arn->rfind("arn:aws:iam::", 0) != 0 || arn->find(":policy/") == std::string::npos)
        return fail("InvalidInput", fmt::format("ARN {} is not valid.", *arn));
    return arn;
}

Result<Node> attach(CallContext& ctx, const EntityType& type, const char* action) {
    auto arn = policy_arn_input(ctx.input());
    if (!arn) return Unexpected(arn.error());
    // The policy ARN is a condition key of attach and detach calls (iam:PolicyARN).
    AuthorizeOptions auth;
    auth.context.push_back({"iam:PolicyARN", {*arn}});
    auto entity = authorized_entity(ctx, type, action, auth);
    if (!entity) return Unexpected(entity.error());
    std::string key = child_key(entity->name, *arn);
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        if (auto ok = still_exists(tx, ctx.account(), type, entity->name); !ok) return Unexpected(ok.error());
        auto policy = find_managed_policy(tx, ctx.account(), *arn);
        if (!policy) return Unexpected(policy.error());
        if (!*policy) return no_such_policy(*arn);
        auto already = tx.get(ctx.account(), type.attached_kind, key);
        if (!already) return Unexpected(already.error());
        if (*already) return Node::make_object();  // attaching twice changes nothing
        auto count = tx.count(ctx.account(), type.attached_kind, entity_key(entity->name) + "/");
        if (!count) return Unexpected(count.error());
        if (*count >= type.max_attached)
            return fail("LimitExceeded", fmt::format("Cannot exceed quota for {}: {}", type.attached_quota, type.max_attached));
        Node doc = Node::make_object();
        doc.add("PolicyName", str((*policy)->name));
        doc.add("PolicyArn", str(*arn));
        if (auto ok = put_doc(tx, ctx.account(), type.attached_kind, key, doc); !ok) return Unexpected(ok.error());
        if (auto ok = count_attachment(tx, ctx.account(), **policy, +1); !ok) return Unexpected(ok.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> detach(CallContext& ctx, const EntityType& type, const char* action) {
    auto arn = policy_arn_input(ctx.input());
    if (!arn) return Unexpected(arn.error());
    AuthorizeOptions auth;
    auth.context.push_back({"iam:PolicyARN", {*arn}});
    auto entity = authorized_entity(ctx, type, action, auth);
    if (!entity) return Unexpected(entity.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto erased = tx.erase(ctx.account(), type.attached_kind, child_key(entity->name, *arn));
        if (!erased) return Unexpected(erased.error());
        if (!*erased) return fail("NoSuchEntity", fmt::format("Policy {} was not found.", *arn));
        auto policy = find_managed_policy(tx, ctx.account(), *arn);
        if (!policy) return Unexpected(policy.error());
        if (*policy)
            if (auto ok = count_attachment(tx, ctx.account(), **policy, -1); !ok) return Unexpected(ok.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> list_attached(CallContext& ctx, const EntityType& type, const char* action) {
    auto prefix = read_path_prefix(ctx.input());
    if (!prefix) return Unexpected(prefix.error());
    auto entity = authorized_entity(ctx, type, action);
    if (!entity) return Unexpected(entity.error());
    return list_documents(
        ctx, ctx.account(), type.attached_kind, entity_key(entity->name) + "/", "AttachedPolicies",
        [&](const Node& d) {
            // The policy's path: the ARN's resource after "policy".
            std::string arn = member(d, "PolicyArn");
            std::string path = arn.substr(arn.find(":policy") + 7);
            return path.rfind(*prefix, 0) == 0;
        },
        [](const Node& d) { return d; });
}

}  // namespace

Result<Node> attach_user_policy(CallContext& ctx) { return attach(ctx, k_user_type, "iam:AttachUserPolicy"); }
Result<Node> attach_group_policy(CallContext& ctx) { return attach(ctx, k_group_type, "iam:AttachGroupPolicy"); }
Result<Node> attach_role_policy(CallContext& ctx) { return attach(ctx, k_role_type, "iam:AttachRolePolicy"); }
Result<Node> detach_user_policy(CallContext& ctx) { return detach(ctx, k_user_type, "iam:DetachUserPolicy"); }
Result<Node> detach_group_policy(CallContext& ctx) { return detach(ctx, k_group_type, "iam:DetachGroupPolicy"); }
Result<Node> detach_role_policy(CallContext& ctx) { return detach(ctx, k_role_type, "iam:DetachRolePolicy"); }
Result<Node> list_attached_user_policies(CallContext& ctx) {
    return list_attached(ctx, k_user_type, "iam:ListAttachedUserPolicies");
}
Result<Node> list_attached_group_policies(CallContext& ctx) {
    return list_attached(ctx, k_group_type, "iam:ListAttachedGroupPolicies");
}
Result<Node> list_attached_role_policies(CallContext& ctx) {
    return list_attached(ctx, k_role_type, "iam:ListAttachedRolePolicies");
}

}  // namespace jg::cloud::iam
