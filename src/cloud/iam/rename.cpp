// UpdateUser and UpdateGroup: a new name and/or path for a user or group. As in AWS the
// entity stays the same principal — its unique id does not change — so everything that
// hangs on it follows the rename: inline and attached policies, group memberships, access
// keys, signing certificates, SSH keys, the login profile, MFA devices; sessions and
// access keys keep working (they name the unique id, caller_principal.hpp) and trust
// policies that named the old ARN follow too (trust_principals.hpp).
//
// Authorisation (AWS's IAM user guide, "Renaming an IAM user"): the caller needs the
// action on both the current and the new ARN.
#include <fmt/format.h>

#include "cloud/iam/entities.hpp"
#include "cloud/iam/rename.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/user_lookup.hpp"
#include "cloud/iam/fido_device.hpp"
#include "cloud/iam/mfa_device.hpp"
#include "cloud/iam/user_credentials.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cloud::iam {

namespace {

void set_member(Node& doc, std::string_view key, std::string_view value) {
    if (Node* v = doc.find(key)) *v = str(value);
    else doc.add(std::string(key), str(value));
}

// Moves every "OLD/…" document of `kind` to "NEW/…"; a `name_member` in the body gets
// the new name.
Result<void> move_children(store::Tx& tx, std::string_view account, std::string_view kind, std::string_view old_name,
                           std::string_view new_name, std::string_view name_member) {
    auto page = tx.list(account, kind, {entity_key(old_name) + "/", {}, 0});
    if (!page) return Unexpected(page.error());
    for (const auto& e : page->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", "stored " + std::string(kind) + " document is not JSON");
        if (doc->find(name_member)) set_member(*doc, name_member, new_name);
        if (auto gone = tx.erase(account, kind, e.name); !gone) return Unexpected(gone.error());
        if (auto put = put_doc(tx, account, kind, child_key(new_name, e.name.substr(e.name.find('/') + 1)), *doc); !put)
            return put;
    }
    return {};
}

// The other side of a membership: "PARENT/child" documents of `kind` for each parent in
// `parents`, renamed from child `old_child` to `new_child` (body {`name_member`}).
Result<void> rename_in_parents(store::Tx& tx, std::string_view account, std::string_view kind,
                               const std::vector<std::string>& parents, std::string_view old_child,
                               std::string_view new_child, std::string_view name_member) {
    for (const std::string& parent : parents) {
        if (auto gone = tx.erase(account, kind, child_key(parent, entity_key(old_child))); !gone)
            return Unexpected(gone.error());
        Node rel = Node::make_object();
        rel.add(std::string(name_member), str(new_child));
        if (auto put = put_doc(tx, account, kind, child_key(parent, entity_key(new_child)), rel); !put) return put;
    }
    return {};
}

// The values of `name_member` in the "PARENT/…" documents of `kind`.
Result<std::vector<std::string>> related(store::Reader& r, std::string_view account, std::string_view kind,
                                         std::string_view parent, std::string_view name_member) {
    auto page = r.list(account, kind, {entity_key(parent) + "/", {}, 0});
    if (!page) return Unexpected(page.error());
    std::vector<std::string> out;
    for (const auto& e : page->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", "stored " + std::string(kind) + " document is not JSON");
        out.push_back(member(*doc, name_member));
    }
    return out;
}

struct Rename {
    std::string old_name, new_name, new_path, new_arn;
    bool renamed = false;  // a new name (else only the path changes)
};

// Reads {ENTITY}Name, NewPath, New{ENTITY}Name; authorises `action` on the current ARN
// and, when it changes, the new one.
Result<std::pair<Loaded, Rename>> prepare(CallContext& ctx, const EntityType& type, std::string_view new_member,
                                          std::size_t max_name, std::string_view action) {
    const Node& in = ctx.input();
    auto new_name = optional_string(in, new_member);
    if (new_name)
        if (auto ok = check_name(new_member, *new_name, max_name); !ok) return Unexpected(ok.error());
    auto new_path = optional_string(in, "NewPath");
    if (new_path)
        if (auto ok = check_path("NewPath", *new_path); !ok) return Unexpected(ok.error());
    auto entity = authorized_entity(ctx, type, action);
    if (!entity) return Unexpected(entity.error());
    Rename r;
    r.old_name = member(entity->doc, type.name_member);
    r.new_name = new_name.value_or(r.old_name);
    r.renamed = r.new_name != r.old_name;
    r.new_path = new_path.value_or(member(entity->doc, "Path"));
    r.new_arn = entity_arn(ctx.account(), type, r.new_path, r.new_name);
    if (r.new_arn != member(entity->doc, "Arn"))
        if (auto ok = ctx.authorize(action, r.new_arn); !ok) return Unexpected(ok.error());
    return std::make_pair(std::move(*entity), std::move(r));
}

// Stores the entity under its new name and path. Errors: NoSuchEntity when it went since
// it was authorised, EntityAlreadyExists when another entity holds the new name.
Result<Node> move_entity(store::Tx& tx, std::string_view account, const EntityType& type, const Loaded& loaded,
                         const Rename& r, std::string_view id_member) {
    auto current = get_doc(tx, account, type.kind, entity_key(r.old_name));
    if (!current) return Unexpected(current.error());
    if (!*current || member(**current, id_member) != member(loaded.doc, id_member))
        return no_such_entity(type, loaded.name);
    Node doc = std::move(**current);
    set_member(doc, type.name_member, r.new_name);
    set_member(doc, "Path", r.new_path);
    set_member(doc, "Arn", r.new_arn);
    if (entity_key(r.new_name) != entity_key(r.old_name)) {
        auto taken = tx.get(account, type.kind, entity_key(r.new_name));
        if (!taken) return Unexpected(taken.error());
        if (*taken) return fail("EntityAlreadyExists", fmt::format("{} with name {} already exists.", type.title, r.new_name));
        if (auto gone = tx.erase(account, type.kind, entity_key(r.old_name)); !gone) return Unexpected(gone.error());
    }
    if (auto put = put_doc(tx, account, type.kind, entity_key(r.new_name), doc); !put) return Unexpected(put.error());
    return doc;
}

Result<void> rename_user_belongings(store::Tx& tx, std::string_view account, const Rename& r, const Node& user) {
    const std::string& from = r.old_name;
    const std::string& to = r.new_name;
    // Memberships: the user's side moves, each group's side is renamed.
    auto groups = related(tx, account, k_user_group, from, "GroupName");
    if (!groups) return Unexpected(groups.error());
    if (auto ok = rename_in_parents(tx, account, k_group_member, *groups, from, to, "UserName"); !ok) return ok;
    for (std::string_view kind : {k_user_group, k_user_policy, k_user_attached, k_user_access_key,
                                  k_ssh_public_keys.store_kind, k_signing_certificates.store_kind})
        if (auto ok = move_children(tx, account, kind, from, to, "UserName"); !ok) return ok;
    // Access keys: the global documents name their user.
    auto keys = tx.list(account, k_user_access_key, {entity_key(to) + "/", {}, 0});
    if (!keys) return Unexpected(keys.error());
    for (const auto& e : keys->entries) {
        std::string id = e.name.substr(e.name.find('/') + 1);
        auto key = get_doc(tx, "", k_access_key, id);
        if (!key) return Unexpected(key.error());
        if (!*key) continue;
        set_member(**key, "UserName", to);
        set_member(**key, "UserId", member(user, "UserId"));
        if (auto put = put_doc(tx, "", k_access_key, id, **key); !put) return put;
    }
    // The login profile, by user name.
    auto profile = get_doc(tx, account, k_login_profile, entity_key(from));
    if (!profile) return Unexpected(profile.error());
    if (*profile) {
        set_member(**profile, "UserName", to);
        if (auto gone = tx.erase(account, k_login_profile, entity_key(from)); !gone) return Unexpected(gone.error());
        if (auto put = put_doc(tx, account, k_login_profile, entity_key(to), **profile); !put) return put;
    }
    // MFA devices enabled for the user (their serial numbers stay: AWS keeps a device's ARN).
    auto devices = tx.list(account, k_mfa_device_kind, {});
    if (!devices) return Unexpected(devices.error());
    for (const auto& e : devices->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", "stored MFA device is not JSON");
        if (!iequals(member(*doc, "UserName"), from)) continue;
        set_member(*doc, "UserName", to);
        if (auto put = put_doc(tx, account, k_mfa_device_kind, e.name, *doc); !put) return put;
    }
    // Passkeys (FIDO devices) of the user; their serials stay too.
    auto passkeys = fido_devices(tx, account, from);
    if (!passkeys) return Unexpected(passkeys.error());
    for (auto& d : *passkeys) {
        d.user_name = to;
        if (auto put = save_fido_device(tx, account, d); !put) return put;
    }
    // Credentials find the user by its unique id.
    Node index = Node::make_object();
    index.add("UserName", str(to));
    return put_doc(tx, account, k_user_id, member(user, "UserId"), index);
}

Result<void> rename_group_belongings(store::Tx& tx, std::string_view account, const Rename& r) {
    auto users = related(tx, account, k_group_member, r.old_name, "UserName");
    if (!users) return Unexpected(users.error());
    if (auto ok = rename_in_parents(tx, account, k_user_group, *users, r.old_name, r.new_name, "GroupName"); !ok)
        return ok;
    for (std::string_view kind : {k_group_member, k_group_policy, k_group_attached})
        if (auto ok = move_children(tx, account, kind, r.old_name, r.new_name, "GroupName"); !ok) return ok;
    return {};
}

}  // namespace

Result<Node> update_user(CallContext& ctx) {
    auto prepared = prepare(ctx, k_user_type, "NewUserName", 64, "iam:UpdateUser");
    if (!prepared) return Unexpected(prepared.error());
    const auto& [loaded, rename] = *prepared;
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto moved = move_entity(tx, ctx.account(), k_user_type, loaded, rename, "UserId");
        if (!moved) return Unexpected(moved.error());
        if (auto ok = rename_user_belongings(tx, ctx.account(), rename, *moved); !ok) return Unexpected(ok.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> update_group(CallContext& ctx) {
    auto prepared = prepare(ctx, k_group_type, "NewGroupName", 128, "iam:UpdateGroup");
    if (!prepared) return Unexpected(prepared.error());
    const auto& [loaded, rename] = *prepared;
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto moved = move_entity(tx, ctx.account(), k_group_type, loaded, rename, "GroupId");
        if (!moved) return Unexpected(moved.error());
        if (auto ok = rename_group_belongings(tx, ctx.account(), rename); !ok) return Unexpected(ok.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

}  // namespace jg::cloud::iam
