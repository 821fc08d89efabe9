// IAM users: CreateUser, GetUser, DeleteUser, ListUsers.
#include <fmt/format.h>

#include "cloud/iam/entities.hpp"
#include "cloud/iam/iam.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/user_lookup.hpp"
#include "cloud/iam/user_credentials.hpp"
#include "cloud/iam/listing.hpp"
#include "cloud/iam/fido_device.hpp"
#include "cloud/iam/mfa_device.hpp"
#include "cloud/input.hpp"
#include "cloud/principal_policies.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

#include <algorithm>

namespace jg::cloud::iam {

namespace {

constexpr std::int64_t k_max_users = 5000;

Node wrap(const char* key, Node value) {
    Node out = Node::make_object();
    out.add(key, std::move(value));
    return out;
}

// What still hangs on a user, in the order AWS reports it; "" when nothing.
Result<std::string> user_conflict(store::Reader& r, std::string_view account, std::string_view user) {
    std::string prefix = entity_key(user) + "/";
    auto has = [&](std::string_view kind) -> Result<bool> {
        auto n = r.count(account, kind, prefix);
        if (!n) return Unexpected(n.error());
        return *n > 0;
    };
    struct Check {
        std::string_view kind;
        const char* message;
    };
    for (const Check& c : {Check{k_user_access_key, "Cannot delete entity, must delete access keys first."},
                           Check{k_user_group, "Cannot delete entity, must remove user from all groups first."},
                           Check{k_user_policy, "Cannot delete entity, must delete policies first."},
                           Check{k_user_attached, "Cannot delete entity, must detach all policies first."}}) {
        auto h = has(c.kind);
        if (!h) return Unexpected(h.error());
        if (*h) return std::string(c.message);
    }
    for (const UserCredentialKind* kind : {&k_signing_certificates, &k_ssh_public_keys}) {
        auto h = has(kind->store_kind);
        if (!h) return Unexpected(h.error());
        if (*h) return std::string(kind->delete_first);
    }
    auto login = r.get(account, k_login_profile, entity_key(user));
    if (!login) return Unexpected(login.error());
    if (*login) return std::string("Cannot delete entity, must delete login profile first.");
    auto devices = r.list(account, k_mfa_device_kind, {});
    if (!devices) return Unexpected(devices.error());
    for (const auto& e : devices->entries) {
        auto doc = parse_json(e.body);
        if (doc && iequals(member(*doc, "UserName"), user))
            return std::string("Cannot delete entity, must delete MFA device first.");
    }
    auto passkeys = fido_devices(r, account, user);
    if (!passkeys) return Unexpected(passkeys.error());
    if (!passkeys->empty()) return std::string("Cannot delete entity, must delete MFA device first.");
    return std::string{};
}

}  // namespace

Result<Node> create_user(CallContext& ctx) {
    const Node& in = ctx.input();
    auto name = required_string(in, "UserName");
    if (!name) return Unexpected(name.error());
    if (auto ok = check_name("UserName", *name, 64); !ok) return Unexpected(ok.error());
    std::string path = optional_string(in, "Path").value_or("/");
    if (auto ok = check_path("Path", path); !ok) return Unexpected(ok.error());
    auto tags = read_tags(in);
    if (!tags) return Unexpected(tags.error());
    std::string boundary = optional_string(in, "PermissionsBoundary").value_or("");
    std::string arn = entity_arn(ctx.account(), k_user_type, path, *name);

    AuthorizeOptions auth;
    if (!boundary.empty()) auth.context.push_back({"iam:PermissionsBoundary", {boundary}});
    if (auto ok = ctx.authorize("iam:CreateUser", arn, auth); !ok) return Unexpected(ok.error());

    Node doc = Node::make_object();
    doc.add("Path", str(path));
    doc.add("UserName", str(*name));
    doc.add("UserId", str(new_unique_id(ctx.cloud().random(), IdKind::user)));
    doc.add("Arn", str(arn));
    doc.add("CreateDate", str(format_iso8601(ctx.now())));
    doc.add("Tags", tags_node(*tags));
    if (!boundary.empty()) doc.add("PermissionsBoundary", str(boundary));

    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        if (!boundary.empty()) {
            auto policy = managed_policy_document(tx, ctx.account(), boundary);
            if (!policy) return Unexpected(policy.error());
            if (!*policy) return fail("NoSuchEntity", fmt::format("Scope ARN: {} does not exist or is not attachable.", boundary));
        }
        auto count = tx.count(ctx.account(), k_user);
        if (!count) return Unexpected(count.error());
        if (*count >= k_max_users)
            return fail("LimitExceeded", fmt::format("Cannot exceed quota for UsersPerAccount: {}", k_max_users));
        if (auto put = tx.insert(ctx.account(), k_user, entity_key(*name), to_json(doc)); !put) {
            if (put.error().code == "AlreadyExists")
                return fail("EntityAlreadyExists", fmt::format("User with name {} already exists.", *name));
            return Unexpected(put.error());
        }
        Node index = Node::make_object();
        index.add("UserName", str(*name));
        if (auto put = put_doc(tx, ctx.account(), k_user_id, member(doc, "UserId"), index); !put)
            return Unexpected(put.error());
        // No policies_changed: a new user (a new unique id) changes no principal's policies,
        // and compiled policies are cached by unique id (caller_policies).
        return wrap("User", entity_output(doc));
    });
}

Result<Node> get_user(CallContext& ctx) {
    // Without UserName: the user of the calling credentials (root answers about itself).
    if (!optional_string(ctx.input(), "UserName")) {
        const Caller& c = ctx.caller();
        if (c.user_name.empty() && c.is_root) {
            Node u = Node::make_object();
            u.add("UserId", str(ctx.account()));
            u.add("Arn", str(c.arn));
            auto account = ctx.cloud().store().read(
                [&](store::Reader& r) { return get_doc(r, "", k_account, ctx.account()); });
            if (account && *account) u.add("CreateDate", str(member(**account, "CreateDate")));
            return wrap("User", std::move(u));
        }
        if (c.user_name.empty())
            return fail("ValidationError", "Must specify userName when calling with non-User credentials");
        Node self = Node::make_object();
        self.add("UserName", str(c.user_name));
        CallContext as_self(ctx.cloud(), c, self, ctx.info());
        return get_user(as_self);
    }
    auto user = authorized_entity(ctx, k_user_type, "iam:GetUser");
    if (!user) return Unexpected(user.error());
    return wrap("User", entity_output(user->doc));
}

Result<Node> delete_user(CallContext& ctx) {
    auto user = authorized_entity(ctx, k_user_type, "iam:DeleteUser");
    if (!user) return Unexpected(user.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto conflict = user_conflict(tx, ctx.account(), user->name);
        if (!conflict) return Unexpected(conflict.error());
        if (!conflict->empty()) return fail("DeleteConflict", *conflict);
        auto erased = tx.erase(ctx.account(), k_user, entity_key(user->name));
        if (!erased) return Unexpected(erased.error());
        if (!*erased) return no_such_entity(k_user_type, user->name);
        if (auto gone = tx.erase(ctx.account(), k_user_id, member(user->doc, "UserId")); !gone)
            return Unexpected(gone.error());
        // No policies_changed: the user had no policies or groups left (DeleteConflict),
        // its credentials no longer resolve, and a user re-created under its name has
        // another unique id, so another entry in the policy cache.
        return Node::make_object();
    });
}

Result<Node> list_users(CallContext& ctx) {
    auto prefix = read_path_prefix(ctx.input());
    if (!prefix) return Unexpected(prefix.error());
    if (auto ok = ctx.authorize("iam:ListUsers", "*"); !ok) return Unexpected(ok.error());
    return list_documents(
        ctx, ctx.account(), k_user, "", "Users",
        [&](const Node& d) { return member(d, "Path").rfind(*prefix, 0) == 0; },
        [](const Node& d) { return entity_output(d, false); });
}

}  // namespace jg::cloud::iam
