// Issuing temporary credentials and checking MFA codes, shared by the STS handlers.
#include "cloud/iam/mfa_device.hpp"
#include "cloud/input.hpp"
#include "cloud/session_token.hpp"
#include "cloud/sts/sts.hpp"
#include "core/ids.hpp"
#include "policy/parser.hpp"

namespace jg::cloud::sts {

Node issue_credentials(CallContext& ctx, Caller& session) {
    session.access_key_id = new_account_key_id(ctx.cloud().random(), IdKind::temporary_key, session.account);
    Node c = Node::make_object();
    c.add("AccessKeyId", str(session.access_key_id));
    c.add("SecretAccessKey", str(derive_session_secret(ctx.cloud().server_key(), session.access_key_id)));
    c.add("SessionToken", str(seal_session(ctx.cloud().server_key(), session, ctx.cloud().random())));
    c.add("Expiration", str(format_iso8601(*session.expiration)));
    return c;
}

Result<Time> check_mfa(CallContext& ctx, const std::string& serial, const std::optional<std::string>& code) {
    if (auto ok = check_length("SerialNumber", serial, 9, 256); !ok) return Unexpected(ok.error());
    if (!code) return validation_error("TokenCode", std::nullopt, "Member must not be null");
    if (auto ok = check_length("TokenCode", *code, 6, 6); !ok) return Unexpected(ok.error());
    const Caller& caller = ctx.caller();
    Time now = ctx.now();
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Time> {
        auto device = iam::load_mfa_device(tx, caller.account, serial);
        if (!device) return Unexpected(device.error());
        // Only a device enabled for this very user counts (root devices are not modelled).
        if (!*device || !(*device)->enabled() || caller.user_name.empty() ||
            (*device)->user_name != caller.user_name)
            return fail("AccessDenied",
                        "MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial "
                        "number is valid and associated with this user.");
        if (auto ok = iam::accept_mfa_code(**device, *code, now); !ok) return Unexpected(ok.error());
        if (auto ok = iam::save_mfa_device(tx, caller.account, **device); !ok) return Unexpected(ok.error());
        return now;
    });
}

Result<std::int64_t> role_session_duration(const Node& in) {
    auto duration = optional_int(in, "DurationSeconds");
    if (!duration) return Unexpected(duration.error());
    const std::int64_t seconds = duration->value_or(3600);
    if (seconds < 900)
        return validation_error("DurationSeconds", std::to_string(seconds), "Member must have value greater than or equal to 900");
    if (seconds > 43200)
        return validation_error("DurationSeconds", std::to_string(seconds), "Member must have value less than or equal to 43200");
    return seconds;
}

Result<std::optional<std::string>> role_session_policy(const Node& in) {
    auto session_policy = optional_string(in, "Policy");
    if (session_policy) {
        if (auto ok = check_length("Policy", *session_policy, 1, 2048); !ok) return Unexpected(ok.error());
        auto parsed = policy::parse_policy_text(*session_policy, policy::PolicyKind::identity);
        if (!parsed) return fail("MalformedPolicyDocument", parsed.error().message);
    }
    return session_policy;
}

}  // namespace jg::cloud::sts
