// Console passwords: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile,
// DeleteLoginProfile and ChangePassword. Every new password goes through the account's
// password policy (or AWS's default one) and reuse prevention (login_profile.cpp); only
// scrypt hashes are stored.
#include <fmt/format.h>

#include "cloud/iam/iamcred.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/login_profile.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"

namespace jg::cloud::iam {

namespace {

Unexpected no_profile(std::string_view user) {
    return fail("NoSuchEntity", fmt::format("Login Profile for User {} cannot be found.", user));
}

Result<std::optional<LoginProfile>> load_profile(store::Reader& r, std::string_view account, std::string_view user) {
    auto doc = get_doc(r, account, k_login_profile, entity_key(user));
    if (!doc) return Unexpected(doc.error());
    if (!*doc) return std::optional<LoginProfile>{};
    auto profile = login_profile_from_node(**doc);
    if (!profile) return Unexpected(profile.error());
    return std::optional<LoginProfile>(std::move(*profile));
}

Result<void> save_profile(store::Tx& tx, std::string_view account, const LoginProfile& p) {
    return put_doc(tx, account, k_login_profile, entity_key(p.user_name), login_profile_to_node(p));
}

// The user of a login-profile call: UserName is required and at most 64 characters
// (userNameType), the user must exist, and the caller may perform `action` on it.
Result<TargetUser> profile_user(CallContext& ctx, std::string_view action) {
    return authorized_user(ctx, action, 64, true);
}

}  // namespace

Result<Node> create_login_profile(CallContext& ctx) {
    auto name = required_string(ctx.input(), "UserName");
    if (!name) return Unexpected(name.error());
    auto password = required_string(ctx.input(), "Password");
    if (!password) return Unexpected(password.error());
    if (auto ok = check_password_input("password", *password); !ok) return Unexpected(ok.error());
    auto reset = optional_bool(ctx.input(), "PasswordResetRequired");
    if (!reset) return Unexpected(reset.error());
    auto target = profile_user(ctx, "iam:CreateLoginProfile");
    if (!target) return Unexpected(target.error());

    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto existing = load_profile(tx, ctx.account(), target->name);
        if (!existing) return Unexpected(existing.error());
        if (*existing)
            return fail("EntityAlreadyExists", fmt::format("Login Profile for user {} already exists.", target->name));
        auto policy = load_password_policy(tx, ctx.account());
        if (!policy) return Unexpected(policy.error());
        LoginProfile profile;
        profile.user_name = target->name;
        profile.create_date = ctx.now();
        profile.password_reset_required = reset->value_or(false);
        if (auto ok = set_password(profile, *password, *policy, ctx.now(), ctx.cloud().random()); !ok)
            return Unexpected(ok.error());
        if (auto ok = save_profile(tx, ctx.account(), profile); !ok) return Unexpected(ok.error());
        Node out = Node::make_object();
        out.add("LoginProfile", login_profile_output(profile));
        return out;
    });
}

Result<Node> get_login_profile(CallContext& ctx) {
    auto name = required_string(ctx.input(), "UserName");
    if (!name) return Unexpected(name.error());
    auto target = profile_user(ctx, "iam:GetLoginProfile");
    if (!target) return Unexpected(target.error());
    auto profile =
        ctx.cloud().store().read([&](store::Reader& r) { return load_profile(r, ctx.account(), target->name); });
    if (!profile) return Unexpected(profile.error());
    if (!*profile) return no_profile(target->name);
    Node out = Node::make_object();
    out.add("LoginProfile", login_profile_output(**profile));
    return out;
}

Result<Node> update_login_profile(CallContext& ctx) {
    auto name = required_string(ctx.input(), "UserName");
    if (!name) return Unexpected(name.error());
    auto password = optional_string(ctx.input(), "Password");
    if (password)
        if (auto ok = check_password_input("password", *password); !ok) return Unexpected(ok.error());
    auto reset = optional_bool(ctx.input(), "PasswordResetRequired");
    if (!reset) return Unexpected(reset.error());
    auto target = profile_user(ctx, "iam:UpdateLoginProfile");
    if (!target) return Unexpected(target.error());

    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto profile = load_profile(tx, ctx.account(), target->name);
        if (!profile) return Unexpected(profile.error());
        if (!*profile) return no_profile(target->name);
        if (password) {
            auto policy = load_password_policy(tx, ctx.account());
            if (!policy) return Unexpected(policy.error());
            if (auto ok = set_password(**profile, *password, *policy, ctx.now(), ctx.cloud().random()); !ok)
                return Unexpected(ok.error());
        }
        if (*reset) (*profile)->password_reset_required = **reset;
        if (auto ok = save_profile(tx, ctx.account(), **profile); !ok) return Unexpected(ok.error());
        return empty_output();
    });
}

Result<Node> delete_login_profile(CallContext& ctx) {
    auto name = required_string(ctx.input(), "UserName");
    if (!name) return Unexpected(name.error());
    auto target = profile_user(ctx, "iam:DeleteLoginProfile");
    if (!target) return Unexpected(target.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto erased = tx.erase(ctx.account(), k_login_profile, entity_key(target->name));
        if (!erased) return Unexpected(erased.error());
        if (!*erased) return no_profile(target->name);
        return empty_output();
    });
}

Result<Node> change_password(CallContext& ctx) {
    auto old_password = required_string(ctx.input(), "OldPassword");
    if (!old_password) return Unexpected(old_password.error());
    auto new_password = required_string(ctx.input(), "NewPassword");
    if (!new_password) return Unexpected(new_password.error());
    if (auto ok = check_password_input("oldPassword", *old_password); !ok) return Unexpected(ok.error());
    if (auto ok = check_password_input("newPassword", *new_password); !ok) return Unexpected(ok.error());

    // Only an IAM user changes its own password (root's is not an IAM login profile).
    const Caller& caller = ctx.caller();
    if (caller.user_name.empty() || caller.is_root)
        return fail("InvalidUserType", "only IAM users can change their own password");

    // Allowed by an identity policy, or for everyone by the account's
    // AllowUsersToChangePassword — but never against an explicit deny.
    auto policy = ctx.cloud().store().read([&](store::Reader& r) { return load_password_policy(r, ctx.account()); });
    if (!policy) return Unexpected(policy.error());
    if (auto ok = ctx.authorize("iam:ChangePassword", caller.arn); !ok) {
        const bool explicit_deny = ok.error().message.find("with an explicit deny") != std::string::npos;
        if (explicit_deny || !*policy || !(*policy)->allow_users_to_change_password) return Unexpected(ok.error());
    }

    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto profile = load_profile(tx, ctx.account(), caller.user_name);
        if (!profile) return Unexpected(profile.error());
        if (!*profile) return no_profile(caller.user_name);
        auto matches = password_matches(**profile, *old_password);
        if (!matches) return Unexpected(matches.error());
        // AWS's wording for a wrong old password is not recorded; ours says what failed.
        if (!*matches) return fail("AccessDenied", "the old password is incorrect");
        if (auto ok = set_password(**profile, *new_password, *policy, ctx.now(), ctx.cloud().random()); !ok)
            return Unexpected(ok.error());
        (*profile)->password_reset_required = false;
        if (auto ok = save_profile(tx, ctx.account(), **profile); !ok) return Unexpected(ok.error());
        return empty_output();
    });
}

}  // namespace jg::cloud::iam
