// Tags on users and roles: TagUser, UntagUser, ListUserTags, TagRole, UntagRole,
// ListRoleTags. Tagging is authorised with aws:TagKeys and aws:RequestTag/KEY.
#include <fmt/format.h>

#include <algorithm>

#include "cloud/iam/entities.hpp"
#include "cloud/iam/iam.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cloud::iam {

namespace {

constexpr std::size_t k_max_tags = 50;

Tags stored_tags(const Node& doc) {
    Tags tags;
    if (const Node* list = doc.find("Tags"))
        for (const Node& t : list->items) tags.emplace_back(member(t, "Key"), member(t, "Value"));
    return tags;
}

void set_tags(Node& doc, const Tags& tags) {
    if (Node* t = doc.find("Tags")) *t = tags_node(tags);
    else doc.add("Tags", tags_node(tags));
}

Result<Node> tag(CallContext& ctx, const EntityType& type, const char* action) {
    auto tags = read_tags(ctx.input());
    if (!tags) return Unexpected(tags.error());
    if (tags->empty()) return validation_error("Tags", std::nullopt, "Member must have length greater than or equal to 1");
    AuthorizeOptions auth;
    std::vector<std::string> keys;
    for (const auto& [k, v] : *tags) {
        keys.push_back(k);
        auth.context.push_back({"aws:RequestTag/" + k, {v}});
    }
    auth.context.push_back({"aws:TagKeys", keys});
    auto entity = authorized_entity(ctx, type, action, auth);
    if (!entity) return Unexpected(entity.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), type.kind, entity_key(entity->name));
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return no_such_entity(type, entity->name);
        Tags now = stored_tags(**doc);
        // Tag keys are case-insensitive: a key given again replaces the value.
        for (const auto& [k, v] : *tags) {
            auto it = std::find_if(now.begin(), now.end(), [&](const auto& t) { return iequals(t.first, k); });
            if (it != now.end()) *it = {k, v};
            else now.emplace_back(k, v);
        }
        if (now.size() > k_max_tags) return fail("LimitExceeded", "The number of tags has reached the maximum limit.");
        set_tags(**doc, now);
        if (auto ok = put_doc(tx, ctx.account(), type.kind, entity_key(entity->name), **doc); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> untag(CallContext& ctx, const EntityType& type, const char* action) {
    const Node* keys = ctx.input().find("TagKeys");
    if (!keys || !keys->is_array()) return validation_error("TagKeys", std::nullopt, "Member must not be null");
    std::vector<std::string> names;
    for (const Node& k : keys->items) {
        if (auto ok = check_length("TagKeys.member", k.text, 1, 128); !ok) return Unexpected(ok.error());
        names.push_back(k.text);
    }
    AuthorizeOptions auth;
    auth.context.push_back({"aws:TagKeys", names});
    auto entity = authorized_entity(ctx, type, action, auth);
    if (!entity) return Unexpected(entity.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), type.kind, entity_key(entity->name));
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return no_such_entity(type, entity->name);
        Tags now = stored_tags(**doc);
        std::erase_if(now, [&](const auto& t) {
            return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return iequals(n, t.first); });
        });
        set_tags(**doc, now);
        if (auto ok = put_doc(tx, ctx.account(), type.kind, entity_key(entity->name), **doc); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> list_tags(CallContext& ctx, const EntityType& type, const char* action) {
    auto entity = authorized_entity(ctx, type, action);
    if (!entity) return Unexpected(entity.error());
    Node out = Node::make_object();
    out.add("Tags", tags_node(stored_tags(entity->doc)));
    out.add("IsTruncated", boolean(false));
    return out;
}

}  // namespace

Result<Node> tag_user(CallContext& ctx) { return tag(ctx, k_user_type, "iam:TagUser"); }
Result<Node> untag_user(CallContext& ctx) { return untag(ctx, k_user_type, "iam:UntagUser"); }
Result<Node> list_user_tags(CallContext& ctx) { return list_tags(ctx, k_user_type, "iam:ListUserTags"); }
Result<Node> tag_role(CallContext& ctx) { return tag(ctx, k_role_type, "iam:TagRole"); }
Result<Node> untag_role(CallContext& ctx) { return untag(ctx, k_role_type, "iam:UntagRole"); }
Result<Node> list_role_tags(CallContext& ctx) { return list_tags(ctx, k_role_type, "iam:ListRoleTags"); }

}  // namespace jg::cloud::iam
