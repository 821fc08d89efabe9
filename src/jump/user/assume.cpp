#include "jump/user/assume.hpp"

#include "core/json.hpp"
#include "jump/user/console_url.hpp"

namespace jg::jump::user {

namespace {

// A cached session must outlive the call that uses it by this much.
constexpr std::chrono::seconds k_min_remaining{60};

std::string text_of(const Node& n, std::string_view key) {
    const Node* v = n.find(key);
    return v && v->is_scalar() ? v->text : std::string{};
}

struct IssuedCredentials {
    AwsCredentials credentials;
    Time expiration{};
};

Result<IssuedCredentials> credentials_of(const Node& out, std::string_view action) {
    const Node* c = out.find("Credentials");
    if (!c) return fail("InternalFailure", std::string(action) + " answered without Credentials");
    IssuedCredentials r{{text_of(*c, "AccessKeyId"), text_of(*c, "SecretAccessKey"), text_of(*c, "SessionToken")}, {}};
    auto expiration = parse_iso8601(text_of(*c, "Expiration"));
    if (!expiration) return fail("InternalFailure", std::string(action) + " answered with a bad Expiration");
    r.expiration = *expiration;
    return r;
}

// A new MFA session: the device, a code for it, GetSessionToken; stored in the cache.
Result<MfaSession> new_mfa_session(const UserCall& call, const AssumeRequest& request, const SessionCache& cache,
                                   const CodeSource& code_source) {
    std::string serial;
    if (request.mfa_serial) {
        serial = *request.mfa_serial;
    } else {
        auto device = enabled_device(call, request.user);
        if (!device) return Unexpected(device.error());
        if (!*device)
            return fail("NoMfaDevice", "IAM user '" + request.user + "' has no MFA device; register one with "
                                       "`jumpgate mfa enroll --user " + request.user + "`");
        serial = **device;
    }
    auto code = code_source(serial);
    if (!code) return Unexpected(code.error());
    if (!is_mfa_code(*code)) return fail("InvalidArgument", "the MFA code must be six digits");
    Node input = Node::make_object();
    input.add("SerialNumber", Node::make_string(serial));
    input.add("TokenCode", Node::make_string(*code));
    if (request.session_duration_seconds)
        input.add("DurationSeconds", Node::make_number(std::to_string(*request.session_duration_seconds)));
    auto out = call("sts", "GetSessionToken", input);
    if (!out) return Unexpected(out.error());
    auto issued = credentials_of(*out, "GetSessionToken");
    if (!issued) return Unexpected(issued.error());
    MfaSession session{call.credentials.access_key_id, serial, issued->credentials, issued->expiration};
    if (auto ok = cache.store(session); !ok) return Unexpected(ok.error());
    return session;
}

Result<Node> assume(const UserCall& call, const AwsCredentials& session, const AssumeRequest& request,
                    const std::string& role_arn) {
    Node input = Node::make_object();
    input.add("RoleArn", Node::make_string(role_arn));
    input.add("RoleSessionName", Node::make_string(request.user));
    if (request.duration_seconds)
        input.add("DurationSeconds", Node::make_number(std::to_string(*request.duration_seconds)));
    return call.api.call(session, "sts", "AssumeRole", input, call.region);
}

}  // namespace

Result<std::string> role_arn_of(const std::string& account, const std::string& role) {
    // The console's rules for the two fields are IAM's; reuse them.
    if (account.size() != 12 || account.find_first_not_of("0123456789") != std::string::npos)
        return fail("InvalidArgument", "account '" + account + "' is not a 12-digit account id");
    if (auto url = switch_role_url(account, role, {}); !url) return Unexpected(url.error());
    return "arn:aws:iam::" + account + ":role/" + role;
}

Result<RoleSession> assume_with_mfa(const UserCall& call, const AssumeRequest& request, const SessionCache& cache,
                                    const Clock& clock, const CodeSource& code_source) {
    auto role_arn = role_arn_of(request.account, request.role);
    if (!role_arn) return Unexpected(role_arn.error());

    // The cached MFA session, unless it was made for another device than the one asked for.
    auto cached = cache.find(call.credentials.access_key_id, clock.now(), k_min_remaining);
    if (!cached) return Unexpected(cached.error());
    std::optional<MfaSession> session = *cached;
    if (session && request.mfa_serial && session->mfa_serial != *request.mfa_serial) session.reset();
    const bool from_cache = session.has_value();
    if (!session) {
        auto fresh = new_mfa_session(call, request, cache, code_source);
        if (!fresh) return Unexpected(fresh.error());
        session = std::move(*fresh);
    }

    auto out = assume(call, session->credentials, request, *role_arn);
    if (!out && from_cache && (out.error().code == "AccessDenied" || out.error().code == "ExpiredToken" ||
                               out.error().code == "InvalidClientTokenId")) {
        // The role may demand a more recent MFA sign-in than the cached one (or the
        // session was revoked): one fresh code, one retry. A refusal with no code at hand
        // (or a code already spent on the cached session) leaves the refusal as the answer;
        // the cached session stays good for the user's other roles.
        const bool denied = out.error().code == "AccessDenied";
        if (!denied)
            if (auto ok = cache.drop(call.credentials.access_key_id); !ok) return Unexpected(ok.error());
        auto fresh = new_mfa_session(call, request, cache, code_source);
        if (!fresh && denied) return Unexpected(out.error());
        if (!fresh) return Unexpected(fresh.error());
        session = std::move(*fresh);
        out = assume(call, session->credentials, request, *role_arn);
        if (!out) return Unexpected(out.error());
        auto issued = credentials_of(*out, "AssumeRole");
        if (!issued) return Unexpected(issued.error());
        const Node* user = out->find("AssumedRoleUser");
        return RoleSession{issued->credentials, issued->expiration, user ? text_of(*user, "Arn") : std::string{},
                           *role_arn, false};
    }
    if (!out) return Unexpected(out.error());
    auto issued = credentials_of(*out, "AssumeRole");
    if (!issued) return Unexpected(issued.error());
    const Node* user = out->find("AssumedRoleUser");
    return RoleSession{issued->credentials, issued->expiration, user ? text_of(*user, "Arn") : std::string{},
                       *role_arn, from_cache};
}

std::string format_env(const RoleSession& s) {
    // Values are [A-Za-z0-9+/=]: no shell quoting needed, but quote anyway for safety.
    return "export AWS_ACCESS_KEY_ID='" + s.credentials.access_key_id + "'\n" +
           "export AWS_SECRET_ACCESS_KEY='" + s.credentials.secret_access_key + "'\n" +
           "export AWS_SESSION_TOKEN='" + s.credentials.session_token + "'\n" +
           "export AWS_CREDENTIAL_EXPIRATION='" + format_iso8601(s.expiration) + "'\n";
}

std::string format_json(const RoleSession& s) {
    Node c = Node::make_object();
    c.add("AccessKeyId", Node::make_string(s.credentials.access_key_id));
    c.add("SecretAccessKey", Node::make_string(s.credentials.secret_access_key));
    c.add("SessionToken", Node::make_string(s.credentials.session_token));
    c.add("Expiration", Node::make_string(format_iso8601(s.expiration)));
    Node user = Node::make_object();
    user.add("Arn", Node::make_string(s.assumed_role_arn));
    Node out = Node::make_object();
    out.add("Credentials", std::move(c));
    out.add("AssumedRoleUser", std::move(user));
    return to_json(out, 4) + "\n";
}

std::string format_credential_process(const RoleSession& s) {
    Node out = Node::make_object();
    out.add("Version", Node::make_number("1"));
    out.add("AccessKeyId", Node::make_string(s.credentials.access_key_id));
    out.add("SecretAccessKey", Node::make_string(s.credentials.secret_access_key));
    out.add("SessionToken", Node::make_string(s.credentials.session_token));
    out.add("Expiration", Node::make_string(format_iso8601(s.expiration)));
    return to_json(out) + "\n";
}

}  // namespace jg::jump::user
