#include "cloud/console_passkey.hpp"

#include <cctype>

#include "cloud/call_context.hpp"
#include "cloud/iam/fido_device.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/mfa_device.hpp"
#include "core/encoding.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cloud {

namespace {

Result<std::size_t> enabled_virtual_devices(store::Reader& r, const std::string& account, const std::string& user) {
    auto page = r.list(account, iam::k_mfa_device_kind, {});
    if (!page) return Unexpected(page.error());
    std::size_t n = 0;
    for (const auto& e : page->entries) {
        auto node = parse_json(e.body);
        if (node && iequals(iam::member(*node, "UserName"), user)) ++n;
    }
    return n;
}

ConsolePasskey summary(const iam::FidoDevice& d) {
    return ConsolePasskey{d.serial_number, d.device_name, d.credential_id, d.enable_date};
}

}  // namespace

Result<std::vector<ConsolePasskey>> console_passkeys(Cloud& cloud, std::string_view account, std::string_view user) {
    auto devices = cloud.store().read([&](store::Reader& r) { return iam::fido_devices(r, account, user); });
    if (!devices) return Unexpected(devices.error());
    std::vector<ConsolePasskey> out;
    for (const auto& d : *devices) out.push_back(summary(d));
    return out;
}

Result<ConsolePasskey> register_console_passkey(Cloud& cloud, const Credentials& who, const RequestInfo& info,
                                                std::string_view device_name, std::string_view client_data_json,
                                                std::string_view attestation_object,
                                                const webauthn::Expectation& expected) {
    auto caller = cloud.resolve(who);
    if (!caller) return Unexpected(caller.error());
    if (caller->user_name.empty() || caller->kind == CredentialKind::role_session)
        return fail("AccessDenied", "a passkey is registered by the IAM user's own console session, not by " + caller->arn);
    // The user's ARN (a console or GetSessionToken session keeps it).
    const std::string user_arn = caller->arn;
    static const Node k_empty = Node::make_object();
    CallContext ctx(cloud, *caller, k_empty, info);
    if (auto ok = ctx.authorize("iam:EnableMFADevice", user_arn); !ok) return Unexpected(ok.error());

    if (device_name.empty() || device_name.size() > 64)
        return fail("ValidationError", "the passkey's name must be 1 to 64 characters");
    for (char c : device_name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view("_+=,.@-").find(c) == std::string_view::npos)
            return fail("ValidationError", std::string("the passkey's name may hold letters, digits and _+=,.@- only, not '") +
                                               c + "'");
    auto made = webauthn::verify_registration(client_data_json, attestation_object, expected);
    if (!made) return Unexpected(made.error());

    iam::FidoDevice d;
    d.user_name = caller->user_name;
    d.device_name = std::string(device_name);
    d.credential_id = webauthn::base64url_encode(made->credential_id);
    d.rp_id = expected.rp_id;
    d.key = made->key;
    d.sign_count = made->sign_count;
    d.enable_date = cloud.clock().now();
    // AWS's FIDO serials end in a random suffix after the name the user gave.
    d.serial_number = "arn:aws:iam::" + caller->account + ":u2f/user/" + caller->user_name + "/" + d.device_name + "-" +
                      base32_encode(cloud.random().bytes(15), false);
    auto saved = cloud.store().write([&](store::Tx& tx) -> Result<void> {
        auto existing = tx.get(caller->account, iam::k_fido_device_kind, d.credential_id);
        if (!existing) return Unexpected(existing.error());
        if (*existing) return fail("EntityAlreadyExists", "this passkey is already registered");
        auto passkeys = iam::fido_devices(tx, caller->account, caller->user_name);
        if (!passkeys) return Unexpected(passkeys.error());
        auto virtuals = enabled_virtual_devices(tx, caller->account, caller->user_name);
        if (!virtuals) return Unexpected(virtuals.error());
        if (passkeys->size() + *virtuals >= iam::k_max_mfa_devices_per_user)
            return fail("LimitExceeded", "Cannot exceed quota for MFADevicesPerUser: 8");
        return iam::save_fido_device(tx, caller->account, d);
    });
    if (!saved) return Unexpected(saved.error());
    return summary(d);
}

Result<Time> check_console_passkey(Cloud& cloud, const ConsoleUser& user, std::string_view credential_id,
                                   std::string_view client_data_json, std::string_view authenticator_data,
                                   std::string_view signature, const webauthn::Expectation& expected) {
    const Time now = cloud.clock().now();
    return cloud.store().write([&](store::Tx& tx) -> Result<Time> {
        auto devices = iam::fido_devices(tx, user.account, user.user_name);
        if (!devices) return Unexpected(devices.error());
        for (auto& d : *devices) {
            if (d.credential_id != credential_id) continue;
            if (d.rp_id != expected.rp_id)
                return fail("AccessDenied", "WebAuthn: the passkey was registered for \"" + d.rp_id +
                                                "\", and this console is served as \"" + expected.rp_id + "\"");
            auto ok = webauthn::verify_assertion(client_data_json, authenticator_data, signature, d.key, d.sign_count,
                                                 expected);
            if (!ok) return Unexpected(ok.error());
            d.sign_count = ok->sign_count;
            if (auto saved = iam::save_fido_device(tx, user.account, d); !saved) return Unexpected(saved.error());
            return now;
        }
        return fail("AccessDenied", "WebAuthn: the credential is not a passkey of " + user.arn);
    });
}

}  // namespace jg::cloud
