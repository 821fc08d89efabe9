// AssumeRoleWithWebIdentity: an unsigned call whose credential is an OpenID Connect ID
// token. In AWS's order: the token parses as a JWT; its "iss" names an OIDC provider of
// the role's account; its signature verifies with the issuer's keys (oidc_keys.hpp: the
// JWKS registered in the home); it has not expired and is already valid (exp, nbf, iat);
// one of its audiences is in the provider's ClientIDList; then the role's trust policy
// decides for the principal "Federated": the provider's ARN, with the condition keys
// HOST/PATH:sub, :aud, :amr, aws:FederatedProvider and sts:RoleSessionName.
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "cloud/iam/federation.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "cloud/sts/jwt.hpp"
#include "cloud/sts/oidc_keys.hpp"
#include "cloud/sts/role_trust.hpp"
#include "cloud/sts/sts.hpp"
#include "policy/evaluator.hpp"
#include "policy/parser.hpp"
#include "policy/request.hpp"

namespace jg::cloud::sts {

namespace {

// Clock skew AWS tolerates on nbf/iat (STS allows a few minutes).
constexpr std::int64_t k_skew_seconds = 300;

Unexpected invalid_token(std::string message) { return fail("InvalidIdentityToken", std::move(message)); }

Unexpected not_authorized() {
    return fail("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
}

Result<void> check_chars(std::string_view member, std::string_view value, std::string_view extra,
                         std::string_view pattern) {
    for (char c : value)
        if (!std::isalnum(static_cast<unsigned char>(c)) && extra.find(c) == std::string_view::npos)
            return validation_error(member, value, fmt::format("Member must satisfy regular expression pattern: {}", pattern));
    return {};
}

// A NumericDate claim (seconds since the epoch, possibly fractional); nullopt when absent.
Result<std::optional<std::int64_t>> time_claim(const Node& claims, std::string_view name) {
    const Node* n = claims.find(name);
    if (!n) return std::optional<std::int64_t>{};
    if (!n->is_number()) return invalid_token(fmt::format("The token's \"{}\" claim is not a number.", name));
    char* end = nullptr;
    double v = std::strtod(n->text.c_str(), &end);
    if (end == n->text.c_str() || !std::isfinite(v))
        return invalid_token(fmt::format("The token's \"{}\" claim is not a number.", name));
    return std::optional<std::int64_t>(static_cast<std::int64_t>(std::floor(v)));
}

// "aud" is a string or an array of strings.
std::vector<std::string> audiences(const Node& claims) {
    std::vector<std::string> out;
    if (const Node* aud = claims.find("aud")) {
        if (aud->is_string()) out.push_back(aud->text);
        else if (aud->is_array())
            for (const Node& a : aud->items)
                if (a.is_string()) out.push_back(a.text);
    }
    return out;
}

std::string string_claim(const Node& claims, std::string_view name) {
    const Node* n = claims.find(name);
    return n && n->is_string() ? n->text : std::string();
}

}  // namespace

Result<Node> assume_role_with_web_identity(CallContext& ctx) {
    const Node& in = ctx.input();
    auto role_arn = required_string(in, "RoleArn");
    if (!role_arn) return Unexpected(role_arn.error());
    if (auto ok = check_length("RoleArn", *role_arn, 20, 2048); !ok) return Unexpected(ok.error());
    auto session_name = required_string(in, "RoleSessionName");
    if (!session_name) return Unexpected(session_name.error());
    if (auto ok = check_length("RoleSessionName", *session_name, 2, 64); !ok) return Unexpected(ok.error());
    if (auto ok = check_chars("RoleSessionName", *session_name, "_+=,.@-", "[\\w+=,.@-]*"); !ok)
        return Unexpected(ok.error());
    auto token = required_string(in, "WebIdentityToken");
    if (!token) return Unexpected(token.error());
    if (auto ok = check_length("WebIdentityToken", *token, 4, 20000); !ok) return Unexpected(ok.error());
    auto duration = role_session_duration(in);
    if (!duration) return Unexpected(duration.error());
    const std::int64_t seconds = *duration;
    auto session_policy = role_session_policy(in);
    if (!session_policy) return Unexpected(session_policy.error());
    if (optional_string(in, "ProviderId"))
        return fail("InvalidParameterValue",
                    "ProviderId is only for OAuth 2.0 providers (Login with Amazon, Facebook), which jumpgate does "
                    "not model; OpenID Connect tokens name their issuer in \"iss\"");
    auto arn = parse_arn(*role_arn);
    if (!arn || arn->service != "iam") return validation_error("RoleArn", *role_arn, "Member must be a role ARN");

    // 1. The token and its issuer: a provider of the role's account.
    auto jwt = parse_jwt(*token);
    if (!jwt) return Unexpected(jwt.error());
    std::string issuer = string_claim(jwt->claims, "iss");
    if (issuer.empty()) return invalid_token("The token has no \"iss\" claim.");
    // GitHub and most issuers write "https://host"; a bare "host/path" is keyed the same.
    auto provider_key = iam::oidc_provider_key(issuer.find("://") == std::string::npos ? "https://" + issuer : issuer);
    const std::string no_provider = fmt::format("No OpenIDConnect provider found in your account for {}", issuer);
    if (!provider_key) return invalid_token(no_provider);
    struct Found {
        Node provider;
        std::optional<std::string> jwks;
    };
    auto found = ctx.cloud().store().read([&](store::Reader& r) -> Result<std::optional<Found>> {
        auto provider = iam::find_oidc_provider(r, arn->account, *provider_key);
        if (!provider) return Unexpected(provider.error());
        if (!*provider) return std::optional<Found>{};
        auto jwks = issuer_jwks(r, *provider_key);
        if (!jwks) return Unexpected(jwks.error());
        return std::optional<Found>(Found{std::move(**provider), std::move(*jwks)});
    });
    if (!found) return Unexpected(found.error());
    if (!*found) return invalid_token(no_provider);
    const Node& provider = (*found)->provider;
    const std::string provider_arn = iam::member(provider, "Arn");

    // 2. Its signature, with the issuer's keys.
    if (!(*found)->jwks)
        return invalid_token(
            "Couldn't retrieve verification key from your identity provider,  please reference "
            "AssumeRoleWithWebIdentity documentation for requirements");
    if (auto ok = verify_jwt(*jwt, *(*found)->jwks); !ok) return Unexpected(ok.error());

    // 3. Its validity in time.
    const std::int64_t now = epoch_seconds(ctx.now());
    auto exp = time_claim(jwt->claims, "exp");
    if (!exp) return Unexpected(exp.error());
    if (!*exp) return invalid_token("The token has no \"exp\" claim.");
    if (now >= **exp)
        return fail("ExpiredTokenException",
                    fmt::format("Token expired: current date/time {} must be before the expiration date/time {}", now, **exp));
    auto nbf = time_claim(jwt->claims, "nbf");
    if (!nbf) return Unexpected(nbf.error());
    if (*nbf && **nbf > now + k_skew_seconds)
        return invalid_token(fmt::format("Token is not yet valid: current date/time {} is before the not-before date/time {}",
                                         now, **nbf));
    auto iat = time_claim(jwt->claims, "iat");
    if (!iat) return Unexpected(iat.error());
    if (*iat && **iat > now + k_skew_seconds)
        return invalid_token(fmt::format("Token was issued in the future: issued at {}, current date/time {}", **iat, now));

    // 4. Its audience: a client id of the provider.
    std::string audience;
    const Node* client_ids = provider.find("ClientIDList");
    for (const std::string& aud : audiences(jwt->claims)) {
        if (client_ids)
            for (const Node& id : client_ids->items)
                if (id.text == aud && audience.empty()) audience = aud;
    }
    if (audience.empty()) return invalid_token("Incorrect token audience");
    std::string subject = string_claim(jwt->claims, "sub");
    if (subject.empty()) return invalid_token("The token has no \"sub\" claim.");

    // 5. The role's trust policy, for the provider as the Federated principal.
    auto role = load_role(ctx.cloud(), *arn);
    if (!role) return Unexpected(role.error());
    if (!*role) return not_authorized();
    policy::RequestInput request;
    request.principal = provider_arn;
    request.action = "sts:AssumeRoleWithWebIdentity";
    request.resource = (*role)->arn;
    request.resource_account = (*role)->account;
    const std::string prefix = iam::member(provider, "Url");
    request.context.push_back({prefix + ":sub", {subject}});
    request.context.push_back({prefix + ":aud", {audience}});
    if (const Node* amr = jwt->claims.find("amr")) {
        std::vector<std::string> values;
        if (amr->is_string()) values.push_back(amr->text);
        else if (amr->is_array())
            for (const Node& a : amr->items) values.push_back(a.text);
        if (!values.empty()) request.context.push_back({prefix + ":amr", values});
    }
    request.context.push_back({"aws:FederatedProvider", {provider_arn}});
    request.context.push_back({"sts:RoleSessionName", {*session_name}});
    request.context.push_back({"aws:CurrentTime", {format_iso8601(ctx.now())}});
    request.context.push_back({"aws:EpochTime", {std::to_string(now)}});
    request.context.push_back({"aws:SourceIp", {ctx.info().source_ip}});
    request.context.push_back({"aws:SecureTransport", {ctx.info().secure_transport ? "true" : "false"}});
    request.context.push_back({"aws:RequestedRegion", {ctx.info().region}});
    auto made = policy::make_request(request);
    if (!made) return fail("InternalFailure", "request context: " + made.error().message);
    if (policy::decide(*(*role)->trust, *made) != policy::Decision::allowed) return not_authorized();
    if (seconds > (*role)->max_session)
        return fail("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");

    // The session.
    Caller session;
    session.kind = CredentialKind::role_session;
    session.account = (*role)->account;
    session.arn = fmt::format("arn:aws:sts::{}:assumed-role/{}/{}", session.account, (*role)->name, *session_name);
    session.user_id = (*role)->id + ":" + *session_name;
    session.role_name = (*role)->name;
    session.role_id = (*role)->id;
    session.role_arn = (*role)->arn;
    session.session_name = *session_name;
    session.session_policy = session_policy->value_or("");
    session.mfa_present = false;
    session.expiration = ctx.now() + std::chrono::seconds(seconds);

    Node out = Node::make_object();
    out.add("Credentials", issue_credentials(ctx, session));
    out.add("SubjectFromWebIdentityToken", str(subject));
    Node user = Node::make_object();
    user.add("AssumedRoleId", str(session.user_id));
    user.add("Arn", str(session.arn));
    out.add("AssumedRoleUser", std::move(user));
    out.add("Provider", str(provider_arn));
    out.add("Audience", str(audience));
    return out;
}

}  // namespace jg::cloud::sts
