// AssumeRole: the trust policy and the caller's identity policies decide (policy engine,
// evaluation per AWS's cross-account rules); the session is sealed into its token.
#include <fmt/format.h>

#include "cloud/iam/keys.hpp"
#include "cloud/iam/trust_principals.hpp"
#include "cloud/input.hpp"
#include "cloud/sts/role_trust.hpp"
#include "cloud/sts/sts.hpp"
#include "core/arn.hpp"
#include "policy/parser.hpp"

namespace jg::cloud::sts {

namespace {

constexpr std::int64_t k_chain_limit = 3600;

}  // namespace

Result<std::optional<Role>> load_role(Cloud& cloud, const Arn& arn) {
    std::string_view res = arn.resource;
    if (res.rfind("role/", 0) != 0) return std::optional<Role>{};
    std::string name(res.substr(res.rfind('/') + 1));
    return cloud.store().read([&](store::Reader& r) -> Result<std::optional<Role>> {
        auto doc = iam::get_doc(r, arn.account, iam::k_role, iam::entity_key(name));
        if (!doc) return Unexpected(doc.error());
        if (!*doc || iam::member(**doc, "Arn") != arn.str()) return std::optional<Role>{};
        Role role;
        role.name = iam::member(**doc, "RoleName");
        role.id = iam::member(**doc, "RoleId");
        role.arn = iam::member(**doc, "Arn");
        role.account = arn.account;
        if (auto m = iam::member(**doc, "MaxSessionDuration"); !m.empty()) role.max_session = std::stoll(m);
        auto generation = iam::policy_generation(r, arn.account);
        if (!generation) return Unexpected(generation.error());
        // Principals deleted (or re-created) since the trust policy was stored match nobody.
        std::string stale;
        auto trust_text = iam::effective_trust(r, **doc, stale);
        if (!trust_text) return Unexpected(trust_text.error());
        std::string key = "trust|" + arn.account + "|" + role.id + "|" + stale;
        role.trust = cloud.policy_cache().find(key, *generation);
        if (!role.trust) {
            auto parsed = policy::parse_policy_text(*trust_text, policy::PolicyKind::resource);
            if (!parsed) return fail("InternalFailure", "stored trust policy no longer parses: " + parsed.error().message);
            auto set = std::make_shared<policy::PolicySet>();
            set->resource.add(policy::NamedPolicy{"trust policy", std::move(*parsed)});
            role.trust = set;
            cloud.policy_cache().store(key, *generation, set);
        }
        return std::optional<Role>(std::move(role));
    });
}

namespace {

// AWS answers a refused AssumeRole without saying why (and the same for a missing role).
Unexpected not_authorized(const Caller& caller, std::string_view role_arn) {
    return fail("AccessDenied",
                fmt::format("User: {} is not authorized to perform: sts:AssumeRole on resource: {}", caller.arn, role_arn));
}

Result<void> check_chars(std::string_view member, std::string_view value, std::string_view extra, std::string_view pattern) {
    for (char c : value)
        if (!std::isalnum(static_cast<unsigned char>(c)) && extra.find(c) == std::string_view::npos)
            return validation_error(member, value, fmt::format("Member must satisfy regular expression pattern: {}", pattern));
    return {};
}

}  // namespace

Result<Node> assume_role(CallContext& ctx) {
    const Caller& caller = ctx.caller();
    const Node& in = ctx.input();

    // Validate the input (botocore's constraints) before anything else.
    auto role_arn = required_string(in, "RoleArn");
    if (!role_arn) return Unexpected(role_arn.error());
    if (auto ok = check_length("RoleArn", *role_arn, 20, 2048); !ok) return Unexpected(ok.error());
    auto session_name = required_string(in, "RoleSessionName");
    if (!session_name) return Unexpected(session_name.error());
    if (auto ok = check_length("RoleSessionName", *session_name, 2, 64); !ok) return Unexpected(ok.error());
    if (auto ok = check_chars("RoleSessionName", *session_name, "_+=,.@-", "[\\w+=,.@-]*"); !ok) return Unexpected(ok.error());
    auto duration = role_session_duration(in);
    if (!duration) return Unexpected(duration.error());
    const std::int64_t seconds = *duration;
    auto external_id = optional_string(in, "ExternalId");
    if (external_id) {
        if (auto ok = check_length("ExternalId", *external_id, 2, 1224); !ok) return Unexpected(ok.error());
        if (auto ok = check_chars("ExternalId", *external_id, "_+=,.@:/-", "[\\w+=,.@:\\/-]*"); !ok) return Unexpected(ok.error());
    }
    auto source_identity = optional_string(in, "SourceIdentity");
    if (source_identity) {
        if (auto ok = check_length("SourceIdentity", *source_identity, 2, 64); !ok) return Unexpected(ok.error());
        if (auto ok = check_chars("SourceIdentity", *source_identity, "_+=,.@-", "[\\w+=,.@-]*"); !ok) return Unexpected(ok.error());
        if (source_identity->rfind("aws:", 0) == 0)
            return fail("ValidationError", "SourceIdentity cannot start with the prefix 'aws:'");
    }
    auto session_policy = role_session_policy(in);
    if (!session_policy) return Unexpected(session_policy.error());
    auto arn = parse_arn(*role_arn);
    if (!arn || arn->service != "iam")
        return validation_error("RoleArn", *role_arn, "Member must be a role ARN");

    // Who may not: the root user, and (AWS) a chain that asks for more than an hour.
    if (caller.is_root) return fail("AccessDenied", "Roles may not be assumed by root accounts.");
    if (caller.kind == CredentialKind::role_session && seconds > k_chain_limit)
        return fail("ValidationError",
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
    // A source identity, once set, stays for the whole chain.
    if (!caller.source_identity.empty() && source_identity && *source_identity != caller.source_identity)
        return fail("AccessDenied", "SourceIdentity cannot be changed once it is set in a role chain.");

    auto role = load_role(ctx.cloud(), *arn);
    if (!role) return Unexpected(role.error());
    if (!*role) return not_authorized(caller, *role_arn);

    // MFA given with the call: checked first, then visible to the trust policy.
    Caller asking = caller;
    if (auto serial = optional_string(in, "SerialNumber")) {
        auto checked = check_mfa(ctx, *serial, optional_string(in, "TokenCode"));
        if (!checked) return Unexpected(checked.error());
        asking.mfa_present = true;
        asking.mfa_auth_time = *checked;
    }

    // The decision: trust policy (resource slot) and the caller's own policies.
    AuthorizeOptions auth;
    auth.resource_account = (*role)->account;
    auth.context.push_back({"sts:RoleSessionName", {*session_name}});
    if (external_id) auth.context.push_back({"sts:ExternalId", {*external_id}});
    std::string si = source_identity.value_or(caller.source_identity);
    if (!si.empty()) auth.context.push_back({"sts:SourceIdentity", {si}});
    CallContext as_asked(ctx.cloud(), asking, in, ctx.info());
    if (auto ok = as_asked.authorize_with("sts:AssumeRole", (*role)->arn, &(*role)->trust->resource, auth); !ok) {
        if (ok.error().code == "AccessDenied") return not_authorized(caller, *role_arn);
        return Unexpected(ok.error());
    }
    if (seconds > (*role)->max_session)
        return fail("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");

    // The session. Per the reference sheet (§3), an MFA code given to AssumeRole itself
    // satisfies the trust policy but the role session does not carry it; MFA facts of
    // the calling session (GetSessionToken with MFA) are carried along.
    Caller session;
    session.kind = CredentialKind::role_session;
    session.account = (*role)->account;
    session.arn = fmt::format("arn:aws:sts::{}:assumed-role/{}/{}", session.account, (*role)->name, *session_name);
    session.user_id = (*role)->id + ":" + *session_name;
    session.role_name = (*role)->name;
    session.role_id = (*role)->id;
    session.role_arn = (*role)->arn;
    session.session_name = *session_name;
    session.source_identity = si;
    session.session_policy = session_policy->value_or("");
    session.mfa_present = caller.mfa_present.value_or(false);
    if (caller.mfa_present.value_or(false)) session.mfa_auth_time = caller.mfa_auth_time;
    session.expiration = ctx.now() + std::chrono::seconds(seconds);

    Node out = Node::make_object();
    out.add("Credentials", issue_credentials(ctx, session));
    Node user = Node::make_object();
    user.add("AssumedRoleId", str(session.user_id));
    user.add("Arn", str(session.arn));
    out.add("AssumedRoleUser", std::move(user));
    if (!si.empty()) out.add("SourceIdentity", str(si));
    return out;
}

}  // namespace jg::cloud::sts
