// Inline policies of users, groups and roles: Put*Policy, Get*Policy, Delete*Policy,
// List*Policies — one implementation over the three entity types. The aggregate size of
// an entity's inline policies is limited (reference §5; whitespace not counted).
#include <fmt/format.h>

#include "cloud/iam/entities.hpp"
#include "cloud/iam/iam.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/listing.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"
#include "policy/parser.hpp"

namespace jg::cloud::iam {

namespace {

Unexpected no_such_inline(const EntityType& type, std::string_view name) {
    return fail("NoSuchEntity", fmt::format("The {} policy with name {} cannot be found.", type.word, name));
}

Result<std::string> policy_name_input(const Node& in) {
    auto name = required_string(in, "PolicyName");
    if (!name) return name;
    if (auto ok = check_name("PolicyName", *name, 128); !ok) return Unexpected(ok.error());
    return name;
}

Result<Node> put(CallContext& ctx, const EntityType& type, const char* action) {
    auto name = policy_name_input(ctx.input());
    if (!name) return Unexpected(name.error());
    std::string text;
    auto size = check_policy_document(ctx.input(), "PolicyDocument", inline_use(type), text);
    if (!size) return Unexpected(size.error());
    auto entity = authorized_entity(ctx, type, action);
    if (!entity) return Unexpected(entity.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        if (auto ok = still_exists(tx, ctx.account(), type, entity->name); !ok) return Unexpected(ok.error());
        // The aggregate of the entity's other inline policies plus this one.
        auto others = tx.list(ctx.account(), type.inline_kind, {entity_key(entity->name) + "/", {}, 0});
        if (!others) return Unexpected(others.error());
        std::size_t total = *size;
        for (const auto& e : others->entries) {
            auto doc = parse_json(e.body);
            if (!doc || member(*doc, "PolicyName") == *name) continue;
            if (auto d = parse_json(member(*doc, "PolicyDocument"))) total += policy::policy_size(*d);
        }
        if (total > type.max_inline_size)
            return fail("LimitExceeded", fmt::format("Maximum policy size of {} bytes exceeded for {} {}",
                                                     type.max_inline_size, type.word, entity->name));
        Node doc = Node::make_object();
        doc.add("PolicyName", str(*name));
        doc.add("PolicyDocument", str(text));
        if (auto ok = put_doc(tx, ctx.account(), type.inline_kind, child_key(entity->name, *name), doc); !ok)
            return Unexpected(ok.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> get(CallContext& ctx, const EntityType& type, const char* action) {
    auto name = policy_name_input(ctx.input());
    if (!name) return Unexpected(name.error());
    auto entity = authorized_entity(ctx, type, action);
    if (!entity) return Unexpected(entity.error());
    auto doc = ctx.cloud().store().read(
        [&](store::Reader& r) { return get_doc(r, ctx.account(), type.inline_kind, child_key(entity->name, *name)); });
    if (!doc) return Unexpected(doc.error());
    if (!*doc) return no_such_inline(type, *name);
    Node out = Node::make_object();
    out.add(std::string(type.name_member), str(member(entity->doc, type.name_member)));
    out.add("PolicyName", str(member(**doc, "PolicyName")));
    out.add("PolicyDocument", str(member(**doc, "PolicyDocument")));
    return out;
}

Result<Node> erase(CallContext& ctx, const EntityType& type, const char* action) {
    auto name = policy_name_input(ctx.input());
    if (!name) return Unexpected(name.error());
    auto entity = authorized_entity(ctx, type, action);
    if (!entity) return Unexpected(entity.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto erased = tx.erase(ctx.account(), type.inline_kind, child_key(entity->name, *name));
        if (!erased) return Unexpected(erased.error());
        if (!*erased) return no_such_inline(type, *name);
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> list(CallContext& ctx, const EntityType& type, const char* action) {
    auto entity = authorized_entity(ctx, type, action);
    if (!entity) return Unexpected(entity.error());
    return list_documents(ctx, ctx.account(), type.inline_kind, entity_key(entity->name) + "/", "PolicyNames", nullptr,
                          [](const Node& d) { return str(member(d, "PolicyName")); });
}

}  // namespace

Result<Node> put_user_policy(CallContext& ctx) { return put(ctx, k_user_type, "iam:PutUserPolicy"); }
Result<Node> put_group_policy(CallContext& ctx) { return put(ctx, k_group_type, "iam:PutGroupPolicy"); }
Result<Node> put_role_policy(CallContext& ctx) { return put(ctx, k_role_type, "iam:PutRolePolicy"); }
Result<Node> get_user_policy(CallContext& ctx) { return get(ctx, k_user_type, "iam:GetUserPolicy"); }
Result<Node> get_group_policy(CallContext& ctx) { return get(ctx, k_group_type, "iam:GetGroupPolicy"); }
Result<Node> get_role_policy(CallContext& ctx) { return get(ctx, k_role_type, "iam:GetRolePolicy"); }
Result<Node> delete_user_policy(CallContext& ctx) { return erase(ctx, k_user_type, "iam:DeleteUserPolicy"); }
Result<Node> delete_group_policy(CallContext& ctx) { return erase(ctx, k_group_type, "iam:DeleteGroupPolicy"); }
Result<Node> delete_role_policy(CallContext& ctx) { return erase(ctx, k_role_type, "iam:DeleteRolePolicy"); }
Result<Node> list_user_policies(CallContext& ctx) { return list(ctx, k_user_type, "iam:ListUserPolicies"); }
Result<Node> list_group_policies(CallContext& ctx) { return list(ctx, k_group_type, "iam:ListGroupPolicies"); }
Result<Node> list_role_policies(CallContext& ctx) { return list(ctx, k_role_type, "iam:ListRolePolicies"); }

}  // namespace jg::cloud::iam
