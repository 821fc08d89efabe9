// IAM groups and membership: CreateGroup, GetGroup, DeleteGroup, ListGroups,
// AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser.
#include <fmt/format.h>

#include "cloud/iam/entities.hpp"
#include "cloud/iam/iam.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/listing.hpp"
#include "cloud/input.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"

namespace jg::cloud::iam {

namespace {

constexpr std::int64_t k_max_groups = 300;
constexpr std::int64_t k_max_groups_per_user = 10;

Node relation(const char* key, std::string_view value) {
    Node n = Node::make_object();
    n.add(key, str(value));
    return n;
}

}  // namespace

Result<Node> create_group(CallContext& ctx) {
    const Node& in = ctx.input();
    auto name = required_string(in, "GroupName");
    if (!name) return Unexpected(name.error());
    if (auto ok = check_name("GroupName", *name, 128); !ok) return Unexpected(ok.error());
    std::string path = optional_string(in, "Path").value_or("/");
    if (auto ok = check_path("Path", path); !ok) return Unexpected(ok.error());
    std::string arn = entity_arn(ctx.account(), k_group_type, path, *name);
    if (auto ok = ctx.authorize("iam:CreateGroup", arn); !ok) return Unexpected(ok.error());
    Node doc = Node::make_object();
    doc.add("Path", str(path));
    doc.add("GroupName", str(*name));
    doc.add("GroupId", str(new_unique_id(ctx.cloud().random(), IdKind::group)));
    doc.add("Arn", str(arn));
    doc.add("CreateDate", str(format_iso8601(ctx.now())));
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto count = tx.count(ctx.account(), k_group);
        if (!count) return Unexpected(count.error());
        if (*count >= k_max_groups)
            return fail("LimitExceeded", fmt::format("Cannot exceed quota for GroupsPerAccount: {}", k_max_groups));
        if (auto put = tx.insert(ctx.account(), k_group, entity_key(*name), to_json(doc)); !put) {
            if (put.error().code == "AlreadyExists")
                return fail("EntityAlreadyExists", fmt::format("Group with name {} already exists.", *name));
            return Unexpected(put.error());
        }
        Node out = Node::make_object();
        out.add("Group", doc);
        return out;
    });
}

Result<Node> get_group(CallContext& ctx) {
    auto group = authorized_entity(ctx, k_group_type, "iam:GetGroup");
    if (!group) return Unexpected(group.error());
    std::vector<std::string> member_keys;
    auto members = list_documents(
        ctx, ctx.account(), k_group_member, entity_key(group->name) + "/", "Users", nullptr, [&](const Node& m) {
            auto user = ctx.cloud().store().read(
                [&](store::Reader& r) { return get_doc(r, ctx.account(), k_user, entity_key(member(m, "UserName"))); });
            return user && *user ? entity_output(**user, false) : Node::make_object();
        });
    if (!members) return members;
    Node out = Node::make_object();
    out.add("Group", group->doc);
    for (auto& [k, v] : members->members) out.add(k, std::move(v));
    return out;
}

Result<Node> delete_group(CallContext& ctx) {
    auto group = authorized_entity(ctx, k_group_type, "iam:DeleteGroup");
    if (!group) return Unexpected(group.error());
    std::string prefix = entity_key(group->name) + "/";
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        struct Check {
            std::string_view kind;
            const char* message;
        };
        for (const Check& c : {Check{k_group_member, "Cannot delete entity, must remove users from group first."},
                               Check{k_group_policy, "Cannot delete entity, must delete policies first."},
                               Check{k_group_attached, "Cannot delete entity, must detach all policies first."}}) {
            auto n = tx.count(ctx.account(), c.kind, prefix);
            if (!n) return Unexpected(n.error());
            if (*n > 0) return fail("DeleteConflict", c.message);
        }
        auto erased = tx.erase(ctx.account(), k_group, entity_key(group->name));
        if (!erased) return Unexpected(erased.error());
        return Node::make_object();
    });
}

Result<Node> list_groups(CallContext& ctx) {
    auto prefix = read_path_prefix(ctx.input());
    if (!prefix) return Unexpected(prefix.error());
    if (auto ok = ctx.authorize("iam:ListGroups", "*"); !ok) return Unexpected(ok.error());
    return list_documents(
        ctx, ctx.account(), k_group, "", "Groups", [&](const Node& d) { return member(d, "Path").rfind(*prefix, 0) == 0; },
        [](const Node& d) { return d; });
}

Result<Node> add_user_to_group(CallContext& ctx) {
    auto group = authorized_entity(ctx, k_group_type, "iam:AddUserToGroup");
    if (!group) return Unexpected(group.error());
    auto user_name = required_string(ctx.input(), "UserName");
    if (!user_name) return Unexpected(user_name.error());
    if (auto ok = check_name("UserName", *user_name, 128); !ok) return Unexpected(ok.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        if (auto ok = still_exists(tx, ctx.account(), k_group_type, group->name); !ok) return Unexpected(ok.error());
        auto user = get_doc(tx, ctx.account(), k_user, entity_key(*user_name));
        if (!user) return Unexpected(user.error());
        if (!*user) return no_such_entity(k_user_type, *user_name);
        std::string stored_user = member(**user, "UserName");
        std::string stored_group = member(group->doc, "GroupName");
        auto already = tx.get(ctx.account(), k_user_group, child_key(stored_user, entity_key(stored_group)));
        if (!already) return Unexpected(already.error());
        if (*already) return Node::make_object();  // AWS: adding twice is not an error
        auto count = tx.count(ctx.account(), k_user_group, entity_key(stored_user) + "/");
        if (!count) return Unexpected(count.error());
        if (*count >= k_max_groups_per_user)
            return fail("LimitExceeded", fmt::format("Cannot exceed quota for GroupsPerUser: {}", k_max_groups_per_user));
        if (auto ok = put_doc(tx, ctx.account(), k_user_group, child_key(stored_user, entity_key(stored_group)),
                              relation("GroupName", stored_group));
            !ok)
            return Unexpected(ok.error());
        if (auto ok = put_doc(tx, ctx.account(), k_group_member, child_key(stored_group, entity_key(stored_user)),
                              relation("UserName", stored_user));
            !ok)
            return Unexpected(ok.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> remove_user_from_group(CallContext& ctx) {
    auto group = authorized_entity(ctx, k_group_type, "iam:RemoveUserFromGroup");
    if (!group) return Unexpected(group.error());
    auto user_name = required_string(ctx.input(), "UserName");
    if (!user_name) return Unexpected(user_name.error());
    if (auto ok = check_name("UserName", *user_name, 128); !ok) return Unexpected(ok.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto user = get_doc(tx, ctx.account(), k_user, entity_key(*user_name));
        if (!user) return Unexpected(user.error());
        if (!*user) return no_such_entity(k_user_type, *user_name);
        auto a = tx.erase(ctx.account(), k_user_group, child_key(*user_name, entity_key(group->name)));
        auto b = tx.erase(ctx.account(), k_group_member, child_key(group->name, entity_key(*user_name)));
        if (!a) return Unexpected(a.error());
        if (!b) return Unexpected(b.error());
        if (!*a)
            return fail("NoSuchEntity", fmt::format("The user with name {} cannot be found in group {}.", *user_name,
                                                    member(group->doc, "GroupName")));
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> list_groups_for_user(CallContext& ctx) {
    auto user = authorized_entity(ctx, k_user_type, "iam:ListGroupsForUser");
    if (!user) return Unexpected(user.error());
    return list_documents(ctx, ctx.account(), k_user_group, entity_key(user->name) + "/", "Groups", nullptr,
                          [&](const Node& rel) {
                              auto group = ctx.cloud().store().read([&](store::Reader& r) {
                                  return get_doc(r, ctx.account(), k_group, entity_key(member(rel, "GroupName")));
                              });
                              return group && *group ? **group : Node::make_object();
                          });
}

}  // namespace jg::cloud::iam
