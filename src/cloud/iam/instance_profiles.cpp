// Instance profiles: Create/Get/List/DeleteInstanceProfile, Add/RemoveRoleTo/FromInstanceProfile,
// ListInstanceProfilesForRole, Tag/Untag/ListInstanceProfileTags.
//
// As AWS answers (LocalStack's AWS-recorded snapshots): a missing profile is NoSuchEntity
// "Instance Profile NAME cannot be found."; a second role is LimitExceeded "Cannot exceed
// quota for InstanceSessionsPerInstanceProfile: 1"; removing a role the profile does not
// hold is NoSuchEntity "Role R in Instance Profile P cannot be found."; deleting a profile
// that holds a role is DeleteConflict "Cannot delete entity, must remove roles from
// instance profile first." CreateInstanceProfile leaves out empty Tags, GetInstanceProfile
// always has them, the lists never do; the roles inside are shown with their trust policy.
// AddRoleToInstanceProfile also needs iam:PassRole on the role (AWS's API reference).
#include "cloud/iam/instance_profiles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <optional>

#include "cloud/iam/entities.hpp"
#include "cloud/iam/identity_providers.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/listing.hpp"
#include "cloud/iam/tag_edit.hpp"
#include "cloud/input.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cloud::iam {

namespace {

constexpr std::int64_t k_max_profiles = 1000;  // InstanceProfilesPerAccount

enum class View { create, get, list };

std::string profile_arn(std::string_view account, std::string_view path, std::string_view name) {
    return fmt::format("arn:aws:iam::{}:instance-profile{}{}", account, path, name);
}

Unexpected no_such_profile(std::string_view name) {
    return fail("NoSuchEntity", fmt::format("Instance Profile {} cannot be found.", name));
}

std::vector<std::string> role_names(const Node& doc) {
    std::vector<std::string> out;
    if (const Node* list = doc.find("RoleNames"))
        for (const Node& n : list->items) out.push_back(n.text);
    return out;
}

// A role as an instance profile shows it.
Node role_in_profile(const Node& role) {
    Node out = Node::make_object();
    for (const char* key : {"Path", "RoleName", "RoleId", "Arn", "CreateDate", "AssumeRolePolicyDocument"})
        if (const Node* v = role.find(key)) out.add(key, *v);
    return out;
}

// AWS's InstanceProfile shape, with the roles read in the same snapshot.
Result<Node> profile_output(store::Reader& r, std::string_view account, const Node& doc, View view) {
    Node out = Node::make_object();
    for (const char* key : {"Path", "InstanceProfileName", "InstanceProfileId", "Arn", "CreateDate"})
        out.add(key, str(member(doc, key)));
    Node roles = Node::make_array();
    for (const std::string& name : role_names(doc)) {
        auto role = get_doc(r, account, k_role, entity_key(name));
        if (!role) return Unexpected(role.error());
        if (*role) roles.push(role_in_profile(**role));
    }
    out.add("Roles", std::move(roles));
    const Node* tags = doc.find("Tags");
    if (view == View::get || (view == View::create && tags && !tags->items.empty()))
        out.add("Tags", tags ? *tags : Node::make_array());
    return out;
}

Result<std::string> read_profile_name(const Node& input) {
    auto name = required_string(input, "InstanceProfileName");
    if (!name) return name;
    if (auto ok = check_name("InstanceProfileName", *name, 128); !ok) return Unexpected(ok.error());
    return name;
}

// The profile named by InstanceProfileName, authorised with `action` on its ARN first (on
// the ARN it would have at path "/" when missing).
struct Profile {
    std::string name;  // as given
    std::string arn;
    std::optional<Node> doc;
};
Result<Profile> authorized_profile(CallContext& ctx, std::string_view action, const AuthorizeOptions& auth = {}) {
    auto name = read_profile_name(ctx.input());
    if (!name) return Unexpected(name.error());
    auto doc = ctx.cloud().store().read(
        [&](store::Reader& r) { return get_doc(r, ctx.account(), k_instance_profile, entity_key(*name)); });
    if (!doc) return Unexpected(doc.error());
    std::string arn = *doc ? member(**doc, "Arn") : profile_arn(ctx.account(), "/", *name);
    if (auto ok = ctx.authorize(action, arn, auth); !ok) return Unexpected(ok.error());
    return Profile{*name, arn, std::move(*doc)};
}

// Runs `change` on the stored profile in one write (NoSuchEntity when it is gone).
Result<Node> change_profile(CallContext& ctx, const Profile& profile,
                            const std::function<Result<void>(store::Tx&, Node&)>& change) {
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), k_instance_profile, entity_key(profile.name));
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return no_such_profile(profile.name);
        if (auto ok = change(tx, **doc); !ok) return Unexpected(ok.error());
        if (auto ok = put_doc(tx, ctx.account(), k_instance_profile, entity_key(profile.name), **doc); !ok)
            return Unexpected(ok.error());
        return Node::make_object();
    });
}

// The role named by RoleName, authorised with `action` (NoSuchEntity when missing).
Result<Loaded> named_role(CallContext& ctx, std::string_view action) {
    return authorized_entity(ctx, k_role_type, action);
}

// A page of profiles (kind k_instance_profile, or the named ones) as the List calls show them.
Result<Node> list_profiles(CallContext& ctx, const std::function<bool(const Node&)>& keep,
                           const std::optional<std::string>& role_key) {
    auto paging = read_paging(ctx.input());
    if (!paging) return Unexpected(paging.error());
    return ctx.cloud().store().read([&](store::Reader& r) -> Result<Node> {
        std::vector<store::Entry> entries;
        if (role_key) {
            // The role's profiles, by their names (kept in key order like the profiles).
            auto page = r.list(ctx.account(), k_role_instance_profile, {*role_key + "/", "", 0});
            if (!page) return Unexpected(page.error());
            for (const auto& e : page->entries) {
                std::string key = e.name.substr(role_key->size() + 1);
                if (!paging->marker.empty() && key <= paging->marker) continue;
                auto body = r.get(ctx.account(), k_instance_profile, key);
                if (!body) return Unexpected(body.error());
                if (*body) entries.push_back({key, **body});
            }
        } else {
            auto page = r.list(ctx.account(), k_instance_profile, {"", paging->marker, 0});
            if (!page) return Unexpected(page.error());
            entries = std::move(page->entries);
        }
        store::Page kept;
        Node list = Node::make_array();
        for (const auto& e : entries) {
            auto doc = parse_json(e.body);
            if (!doc) return fail("InternalFailure", "stored instance profile is not JSON");
            if (keep && !keep(*doc)) continue;
            if (kept.entries.size() == paging->max_items) {
                kept.truncated = true;
                break;
            }
            auto shown = profile_output(r, ctx.account(), *doc, View::list);
            if (!shown) return shown;
            kept.entries.push_back({e.name, {}});
            list.push(std::move(*shown));
        }
        Node out = Node::make_object();
        out.add("InstanceProfiles", std::move(list));
        add_paging(out, kept);
        return out;
    });
}

}  // namespace

Result<Node> role_instance_profiles(store::Reader& r, std::string_view account, std::string_view role_name) {
    auto links = r.list(account, k_role_instance_profile, {child_key(role_name, ""), "", 0});
    if (!links) return Unexpected(links.error());
    Node list = Node::make_array();
    for (const auto& e : links->entries) {
        auto doc = get_doc(r, account, k_instance_profile, e.name.substr(e.name.find('/') + 1));
        if (!doc) return Unexpected(doc.error());
        if (!*doc) continue;
        auto shown = profile_output(r, account, **doc, View::list);
        if (!shown) return shown;
        list.push(std::move(*shown));
    }
    return list;
}

Result<Node> create_instance_profile(CallContext& ctx) {
    const Node& in = ctx.input();
    auto name = read_profile_name(in);
    if (!name) return Unexpected(name.error());
    std::string path = optional_string(in, "Path").value_or("/");
    if (auto ok = check_path("Path", path); !ok) return Unexpected(ok.error());
    auto tags = read_tags(in);
    if (!tags) return Unexpected(tags.error());
    std::string arn = profile_arn(ctx.account(), path, *name);
    if (auto ok = ctx.authorize("iam:CreateInstanceProfile", arn, tag_context(*tags)); !ok) return Unexpected(ok.error());

    Node doc = Node::make_object();
    doc.add("Path", str(path));
    doc.add("InstanceProfileName", str(*name));
    doc.add("InstanceProfileId", str(new_unique_id(ctx.cloud().random(), IdKind::instance_profile)));
    doc.add("Arn", str(arn));
    doc.add("CreateDate", str(format_iso8601(ctx.now())));
    doc.add("Tags", tags_node(*tags));
    doc.add("RoleNames", Node::make_array());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto count = tx.count(ctx.account(), k_instance_profile);
        if (!count) return Unexpected(count.error());
        if (*count >= k_max_profiles)
            return fail("LimitExceeded", fmt::format("Cannot exceed quota for InstanceProfilesPerAccount: {}", k_max_profiles));
        if (auto put = tx.insert(ctx.account(), k_instance_profile, entity_key(*name), to_json(doc)); !put) {
            if (put.error().code == "AlreadyExists")
                return fail("EntityAlreadyExists", fmt::format("Instance Profile {} already exists.", *name));
            return Unexpected(put.error());
        }
        auto shown = profile_output(tx, ctx.account(), doc, View::create);
        if (!shown) return shown;
        Node out = Node::make_object();
        out.add("InstanceProfile", std::move(*shown));
        return out;
    });
}

Result<Node> get_instance_profile(CallContext& ctx) {
    auto profile = authorized_profile(ctx, "iam:GetInstanceProfile");
    if (!profile) return Unexpected(profile.error());
    return ctx.cloud().store().read([&](store::Reader& r) -> Result<Node> {
        auto doc = get_doc(r, ctx.account(), k_instance_profile, entity_key(profile->name));
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return no_such_profile(profile->name);
        auto shown = profile_output(r, ctx.account(), **doc, View::get);
        if (!shown) return shown;
        Node out = Node::make_object();
        out.add("InstanceProfile", std::move(*shown));
        return out;
    });
}

Result<Node> list_instance_profiles(CallContext& ctx) {
    auto prefix = read_path_prefix(ctx.input());
    if (!prefix) return Unexpected(prefix.error());
    if (auto ok = ctx.authorize("iam:ListInstanceProfiles", "*"); !ok) return Unexpected(ok.error());
    return list_profiles(ctx, [&](const Node& d) { return member(d, "Path").rfind(*prefix, 0) == 0; }, std::nullopt);
}

Result<Node> list_instance_profiles_for_role(CallContext& ctx) {
    auto role = named_role(ctx, "iam:ListInstanceProfilesForRole");
    if (!role) return Unexpected(role.error());
    return list_profiles(ctx, nullptr, entity_key(role->name));
}

Result<Node> delete_instance_profile(CallContext& ctx) {
    auto profile = authorized_profile(ctx, "iam:DeleteInstanceProfile");
    if (!profile) return Unexpected(profile.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), k_instance_profile, entity_key(profile->name));
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return no_such_profile(profile->name);
        if (!role_names(**doc).empty())
            return fail("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.");
        auto erased = tx.erase(ctx.account(), k_instance_profile, entity_key(profile->name));
        if (!erased) return Unexpected(erased.error());
        return Node::make_object();
    });
}

Result<Node> add_role_to_instance_profile(CallContext& ctx) {
    auto profile = authorized_profile(ctx, "iam:AddRoleToInstanceProfile");
    if (!profile) return Unexpected(profile.error());
    if (!profile->doc) return no_such_profile(profile->name);
    auto role = named_role(ctx, "iam:PassRole");
    if (!role) return Unexpected(role.error());
    const std::string role_name = member(role->doc, "RoleName");
    return change_profile(ctx, *profile, [&](store::Tx& tx, Node& doc) -> Result<void> {
        if (auto ok = still_exists(tx, ctx.account(), k_role_type, role->name); !ok) return ok;
        if (!role_names(doc).empty())
            return fail("LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
        Node names = Node::make_array();
        names.push(str(role_name));
        set_member(doc, "RoleNames", std::move(names));
        Node link = Node::make_object();
        link.add("InstanceProfileName", str(member(doc, "InstanceProfileName")));
        return put_doc(tx, ctx.account(), k_role_instance_profile,
                       child_key(role_name, entity_key(profile->name)), link);
    });
}

Result<Node> remove_role_from_instance_profile(CallContext& ctx) {
    auto profile = authorized_profile(ctx, "iam:RemoveRoleFromInstanceProfile");
    if (!profile) return Unexpected(profile.error());
    if (!profile->doc) return no_such_profile(profile->name);
    auto role_name = required_string(ctx.input(), "RoleName");
    if (!role_name) return Unexpected(role_name.error());
    if (auto ok = check_name("RoleName", *role_name, 64); !ok) return Unexpected(ok.error());
    return change_profile(ctx, *profile, [&](store::Tx& tx, Node& doc) -> Result<void> {
        if (auto ok = still_exists(tx, ctx.account(), k_role_type, *role_name); !ok) return ok;
        std::vector<std::string> names = role_names(doc);
        auto held = std::find_if(names.begin(), names.end(), [&](const std::string& n) { return iequals(n, *role_name); });
        if (held == names.end())
            return fail("NoSuchEntity",
                        fmt::format("Role {} in Instance Profile {} cannot be found.", *role_name, profile->name));
        names.erase(held);
        Node list = Node::make_array();
        for (const std::string& n : names) list.push(str(n));
        set_member(doc, "RoleNames", std::move(list));
        auto erased = tx.erase(ctx.account(), k_role_instance_profile, child_key(*role_name, entity_key(profile->name)));
        if (!erased) return Unexpected(erased.error());
        return {};
    });
}

Result<Node> tag_instance_profile(CallContext& ctx) {
    auto tags = read_new_tags(ctx.input());
    if (!tags) return Unexpected(tags.error());
    auto profile = authorized_profile(ctx, "iam:TagInstanceProfile", tag_context(*tags));
    if (!profile) return Unexpected(profile.error());
    return change_profile(ctx, *profile, [&](store::Tx&, Node& doc) -> Result<void> {
        auto merged = merge_tags(stored_tags(doc), *tags);
        if (!merged) return Unexpected(merged.error());
        set_member(doc, "Tags", tags_node(*merged));
        return {};
    });
}

Result<Node> untag_instance_profile(CallContext& ctx) {
    auto keys = read_tag_keys(ctx.input());
    if (!keys) return Unexpected(keys.error());
    AuthorizeOptions auth;
    auth.context.push_back({"aws:TagKeys", *keys});
    auto profile = authorized_profile(ctx, "iam:UntagInstanceProfile", auth);
    if (!profile) return Unexpected(profile.error());
    return change_profile(ctx, *profile, [&](store::Tx&, Node& doc) -> Result<void> {
        set_member(doc, "Tags", tags_node(remove_tags(stored_tags(doc), *keys)));
        return {};
    });
}

Result<Node> list_instance_profile_tags(CallContext& ctx) {
    auto profile = authorized_profile(ctx, "iam:ListInstanceProfileTags");
    if (!profile) return Unexpected(profile.error());
    if (!profile->doc) return no_such_profile(profile->name);
    return tags_page(ctx.input(), stored_tags(*profile->doc));
}

}  // namespace jg::cloud::iam
