#include "cloud/console_signin.hpp"

#include "cloud/iam/fido_device.hpp"
#include "cloud/iam/iamcred.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/login_profile.hpp"
#include "cloud/iam/mfa_device.hpp"
#include "cloud/session_token.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"

namespace jg::cloud {

namespace {

Unexpected refused() { return fail("AccessDenied", std::string(k_signin_refused)); }

bool all_digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}

// The account id behind an id or an alias; "" when there is none.
Result<std::string> account_of(store::Reader& r, std::string_view account_or_alias) {
    if (account_or_alias.size() == 12 && all_digits(account_or_alias)) {
        auto doc = iam::get_doc(r, "", iam::k_account, account_or_alias);
        if (!doc) return Unexpected(doc.error());
        return *doc ? std::string(account_or_alias) : std::string();
    }
    auto alias = iam::get_doc(r, "", iam::k_account_alias, account_or_alias);
    if (!alias) return Unexpected(alias.error());
    return *alias ? iam::member(**alias, "AccountId") : std::string();
}

Result<std::vector<iam::MfaDevice>> enabled_devices(store::Reader& r, const std::string& account,
                                                    const std::string& user) {
    auto page = r.list(account, iam::k_mfa_device_kind, {});
    if (!page) return Unexpected(page.error());
    std::vector<iam::MfaDevice> out;
    for (const auto& e : page->entries) {
        auto node = parse_json(e.body);
        if (!node) return fail("InternalFailure", "stored mfa device is not JSON");
        auto d = iam::mfa_device_from_node(*node);
        if (!d) return Unexpected(d.error());
        if (d->enabled() && iam::entity_key(d->user_name) == iam::entity_key(user)) out.push_back(std::move(*d));
    }
    return out;
}

}  // namespace

Result<ConsoleUser> check_console_password(Cloud& cloud, std::string_view account_or_alias, std::string_view user,
                                           std::string_view password) {
    if (user.empty() || password.empty() || account_or_alias.empty()) return refused();
    auto found = cloud.store().read([&](store::Reader& r) -> Result<std::optional<std::pair<ConsoleUser, iam::LoginProfile>>> {
        using Out = std::optional<std::pair<ConsoleUser, iam::LoginProfile>>;
        auto account = account_of(r, account_or_alias);
        if (!account) return Unexpected(account.error());
        if (account->empty()) return Out{};
        auto doc = iam::get_doc(r, *account, iam::k_user, iam::entity_key(user));
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return Out{};
        auto profile_doc = iam::get_doc(r, *account, iam::k_login_profile, iam::entity_key(user));
        if (!profile_doc) return Unexpected(profile_doc.error());
        if (!*profile_doc) return Out{};
        auto profile = iam::login_profile_from_node(**profile_doc);
        if (!profile) return Unexpected(profile.error());
        auto devices = enabled_devices(r, *account, iam::member(**doc, "UserName"));
        if (!devices) return Unexpected(devices.error());
        auto passkeys = iam::fido_devices(r, *account, iam::member(**doc, "UserName"));
        if (!passkeys) return Unexpected(passkeys.error());
        ConsoleUser u;
        u.account = *account;
        u.user_name = iam::member(**doc, "UserName");
        u.arn = iam::member(**doc, "Arn");
        u.user_id = iam::member(**doc, "UserId");
        u.password_reset_required = profile->password_reset_required;
        u.has_totp = !devices->empty();
        u.has_passkey = !passkeys->empty();
        u.has_mfa = u.has_totp || u.has_passkey;
        return Out(std::pair{std::move(u), std::move(*profile)});
    });
    if (!found) return Unexpected(found.error());
    if (!*found) return refused();
    iam::LoginProfile& profile = (*found)->second;
    const std::string checked_hash = profile.password_hash;
    bool upgraded = false;
    auto matches = iam::sign_in(profile, password, cloud.random(), upgraded);
    if (!matches) return Unexpected(matches.error());
    if (!*matches) return refused();
    if (upgraded) {
        // Stored only if the hash is still the one checked (a concurrent change wins).
        const std::string account = (*found)->first.account;
        auto saved = cloud.store().write([&](store::Tx& tx) -> Result<void> {
            auto current = iam::get_doc(tx, account, iam::k_login_profile, iam::entity_key(profile.user_name));
            if (!current) return Unexpected(current.error());
            if (!*current) return {};
            auto stored = iam::login_profile_from_node(**current);
            if (!stored) return Unexpected(stored.error());
            if (stored->password_hash != checked_hash) return {};
            stored->password_hash = profile.password_hash;
            return iam::put_doc(tx, account, iam::k_login_profile, iam::entity_key(profile.user_name),
                                iam::login_profile_to_node(*stored));
        });
        if (!saved) return Unexpected(saved.error());
    }
    return std::move((*found)->first);
}

Result<Time> check_console_mfa(Cloud& cloud, const ConsoleUser& user, std::string_view code) {
    const Time now = cloud.clock().now();
    return cloud.store().write([&](store::Tx& tx) -> Result<Time> {
        auto devices = enabled_devices(tx, user.account, user.user_name);
        if (!devices) return Unexpected(devices.error());
        if (devices->empty()) return fail("AccessDenied", "the user has no MFA device");
        Error last{};
        for (auto& d : *devices) {
            auto ok = iam::accept_mfa_code(d, code, now);
            if (!ok) {
                last = ok.error();
                continue;
            }
            if (auto saved = iam::save_mfa_device(tx, user.account, d); !saved) return Unexpected(saved.error());
            return now;
        }
        return Unexpected(last);
    });
}

ConsoleCredentials issue_console_session(Cloud& cloud, const ConsoleUser& user, std::optional<Time> mfa_time,
                                         std::chrono::seconds duration) {
    Caller session;
    session.kind = CredentialKind::console;
    session.account = user.account;
    session.arn = user.arn;
    session.user_id = user.user_id;
    session.user_name = user.user_name;
    session.mfa_present = mfa_time.has_value();
    session.mfa_auth_time = mfa_time;
    session.expiration = cloud.clock().now() + duration;
    session.access_key_id = new_account_key_id(cloud.random(), IdKind::temporary_key, session.account);
    ConsoleCredentials out;
    out.credentials = Credentials{session.access_key_id, seal_session(cloud.server_key(), session, cloud.random())};
    out.secret_access_key = derive_session_secret(cloud.server_key(), session.access_key_id);
    out.expiration = *session.expiration;
    return out;
}

Result<std::string> console_account_id(Cloud& cloud, std::string_view account_or_alias) {
    return cloud.store().read([&](store::Reader& r) { return account_of(r, account_or_alias); });
}

Result<std::optional<iam::PasswordPolicy>> console_password_policy(Cloud& cloud, std::string_view account) {
    return cloud.store().read([&](store::Reader& r) { return iam::load_password_policy(r, account); });
}

}  // namespace jg::cloud
