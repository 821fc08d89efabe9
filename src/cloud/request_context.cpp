#include "cloud/request_context.hpp"

#include <chrono>

#include "core/strings.hpp"

namespace jg::cloud {

Result<policy::RequestContext> build_request_context(
    const Caller& caller, const RequestInfo& info, Time now, std::string_view action,
    std::string_view resource, std::string_view resource_account,
    const std::vector<std::pair<std::string, std::vector<std::string>>>& extra) {
    policy::RequestInput in;
    in.principal = caller.arn;
    in.action = std::string(action);
    in.resource = std::string(resource);
    in.resource_account = std::string(resource_account);
    in.context = extra;
    // Keys the action gives itself win (AssumeRole's sts:RoleSessionName names the new
    // session, not the calling one).
    auto add = [&](const char* key, std::string value) {
        for (const auto& [k, v] : extra)
            if (iequals(k, key)) return;
        in.context.push_back({key, {std::move(value)}});
    };

    // Who: make_request would derive these from the ARN; the role session's principal
    // ARN is the role ARN with its path, and aws:userid needs the unique id.
    if (caller.kind == CredentialKind::role_session) add("aws:PrincipalArn", caller.role_arn);
    add("aws:userid", caller.user_id);
    if (!caller.user_name.empty()) add("aws:username", caller.user_name);
    if (!caller.source_identity.empty()) add("aws:SourceIdentity", caller.source_identity);
    if (caller.kind == CredentialKind::role_session) add("sts:RoleSessionName", caller.session_name);

    // MFA: absent for long-term keys; "false" for temporary credentials obtained without
    // a code; "true" plus the age in seconds when a code was checked.
    if (caller.mfa_present) {
        add("aws:MultiFactorAuthPresent", *caller.mfa_present ? "true" : "false");
        if (*caller.mfa_present && caller.mfa_auth_time) {
            auto age = std::chrono::duration_cast<std::chrono::seconds>(now - *caller.mfa_auth_time).count();
            add("aws:MultiFactorAuthAge", std::to_string(age < 0 ? 0 : age));
        }
    }

    // The request itself.
    add("aws:CurrentTime", format_iso8601(now));
    add("aws:EpochTime", std::to_string(epoch_seconds(now)));
    add("aws:SourceIp", info.source_ip);
    add("aws:SecureTransport", info.secure_transport ? "true" : "false");
    add("aws:RequestedRegion", info.region);
    return policy::make_request(in);
}

}  // namespace jg::cloud
