// AssumeRoleWithSAML: an unsigned call whose credential is the IdP's signed SAML response.
// PrincipalArn names a SAML provider of the role's account; the response's signature must
// verify with a signing certificate of the provider's metadata; the assertion must be
// within its Conditions, for AWS's audience (https://signin.aws.amazon.com/saml), name
// the role and provider in its Role attribute and give a RoleSessionName; then the trust
// policy decides for the Federated provider with saml:aud, saml:sub, saml:sub_type,
// saml:iss and saml:namequalifier.
#include <fmt/format.h>
#include <openssl/evp.h>

#include "cloud/iam/federation.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "cloud/sts/role_trust.hpp"
#include "cloud/sts/saml_assertion.hpp"
#include "cloud/sts/sts.hpp"
#include "core/encoding.hpp"
#include "policy/evaluator.hpp"
#include "policy/parser.hpp"
#include "policy/request.hpp"

namespace jg::cloud::sts {

namespace {

constexpr std::string_view k_role_attribute = "https://aws.amazon.com/SAML/Attributes/Role";
constexpr std::string_view k_session_attribute = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
const std::vector<std::string> k_aws_audiences = {"https://signin.aws.amazon.com/saml", "urn:amazon:webservices"};

Unexpected not_authorized() { return fail("AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML"); }

std::string trim_spaces(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    return s.substr(i);
}

// saml:namequalifier: Base64(SHA1(issuer + account id + "/" + provider name)), as AWS
// documents it.
std::string name_qualifier(const std::string& issuer, const std::string& account, const std::string& provider_name) {
    std::string data = issuer + account + "/" + provider_name;
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), out, &len, EVP_sha1(), nullptr);
    return base64_encode(std::string_view(reinterpret_cast<const char*>(out), len));
}

// "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" → "persistent" (AWS's SubjectType).
std::string subject_type(const std::string& format) {
    for (const char* short_name : {"persistent", "transient"})
        if (format == std::string("urn:oasis:names:tc:SAML:2.0:nameid-format:") + short_name) return short_name;
    return format;
}

}  // namespace

Result<Node> assume_role_with_saml(CallContext& ctx) {
    const Node& in = ctx.input();
    auto role_arn = required_string(in, "RoleArn");
    if (!role_arn) return Unexpected(role_arn.error());
    if (auto ok = check_length("RoleArn", *role_arn, 20, 2048); !ok) return Unexpected(ok.error());
    auto principal_arn = required_string(in, "PrincipalArn");
    if (!principal_arn) return Unexpected(principal_arn.error());
    if (auto ok = check_length("PrincipalArn", *principal_arn, 20, 2048); !ok) return Unexpected(ok.error());
    auto assertion_text = required_string(in, "SAMLAssertion");
    if (!assertion_text) return Unexpected(assertion_text.error());
    if (auto ok = check_length("SAMLAssertion", *assertion_text, 4, 100000); !ok) return Unexpected(ok.error());
    auto duration = role_session_duration(in);
    if (!duration) return Unexpected(duration.error());
    const std::int64_t seconds = *duration;
    auto session_policy = role_session_policy(in);
    if (!session_policy) return Unexpected(session_policy.error());
    auto role = parse_arn(*role_arn);
    if (!role || role->service != "iam") return validation_error("RoleArn", *role_arn, "Member must be a role ARN");
    auto provider = parse_arn(*principal_arn);
    const std::string prefix = "saml-provider/";
    if (!provider || provider->service != "iam" || provider->resource.rfind(prefix, 0) != 0)
        return validation_error("PrincipalArn", *principal_arn, "Member must be a SAML provider ARN");
    const std::string provider_name = provider->resource.substr(prefix.size());

    // 1. The provider and its signing certificates.
    auto doc = ctx.cloud().store().read([&](store::Reader& r) {
        return iam::get_doc(r, provider->account, iam::k_saml_provider, iam::entity_key(provider_name));
    });
    if (!doc) return Unexpected(doc.error());
    if (!*doc || iam::member(**doc, "Arn") != *principal_arn)
        return fail("InvalidIdentityToken", fmt::format("SAML provider {} does not exist.", *principal_arn));
    auto certificates = saml_signing_certificates(iam::member(**doc, "SAMLMetadataDocument"));

    // 2. The response's signature, then the assertion's conditions.
    auto assertion = verify_saml_response(*assertion_text, certificates);
    if (!assertion) return Unexpected(assertion.error());
    Time now = ctx.now();
    if (assertion->not_on_or_after && now >= *assertion->not_on_or_after)
        return fail("ExpiredTokenException", "Token must be redeemed within 5 minutes of issuance");
    if (assertion->not_before && now + std::chrono::minutes(5) < *assertion->not_before)
        return fail("InvalidIdentityToken", "The SAML assertion is not yet valid (Conditions NotBefore).");
    bool for_aws = false;
    for (const auto& aud : assertion->audiences)
        for_aws = for_aws || std::find(k_aws_audiences.begin(), k_aws_audiences.end(), aud) != k_aws_audiences.end();
    if (!for_aws)
        return fail("InvalidIdentityToken",
                    "The SAML assertion's audience is not AWS (https://signin.aws.amazon.com/saml).");
    auto sessions = assertion->attributes.find(std::string(k_session_attribute));
    if (sessions == assertion->attributes.end() || sessions->second.empty())
        return fail("InvalidIdentityToken", "RoleSessionName is required in AuthnResponse");
    std::string session_name = trim_spaces(sessions->second.front());
    if (auto ok = check_length("RoleSessionName", session_name, 2, 64); !ok) return Unexpected(ok.error());
    // The Role attribute pairs "role ARN,provider ARN" (either order).
    bool role_listed = false;
    if (auto roles = assertion->attributes.find(std::string(k_role_attribute)); roles != assertion->attributes.end())
        for (const auto& v : roles->second) {
            auto comma = v.find(',');
            if (comma == std::string::npos) continue;
            std::string a = trim_spaces(v.substr(0, comma)), b = trim_spaces(v.substr(comma + 1));
            role_listed = role_listed || (a == *role_arn && b == *principal_arn) || (b == *role_arn && a == *principal_arn);
        }
    if (!role_listed) return not_authorized();

    // 3. The role's trust policy for the provider.
    auto loaded = load_role(ctx.cloud(), *role);
    if (!loaded) return Unexpected(loaded.error());
    if (!*loaded || (*loaded)->account != provider->account) return not_authorized();
    const std::string audience = assertion->audiences.empty() ? std::string() : assertion->audiences.front();
    const std::string qualifier = name_qualifier(assertion->issuer, provider->account, provider_name);
    const std::string type = subject_type(assertion->subject_type);
    policy::RequestInput request;
    request.principal = *principal_arn;
    request.action = "sts:AssumeRoleWithSAML";
    request.resource = (*loaded)->arn;
    request.resource_account = (*loaded)->account;
    request.context.push_back({"saml:aud", {"https://signin.aws.amazon.com/saml"}});
    request.context.push_back({"saml:sub", {assertion->subject}});
    request.context.push_back({"saml:sub_type", {type}});
    request.context.push_back({"saml:iss", {assertion->issuer}});
    request.context.push_back({"saml:namequalifier", {qualifier}});
    request.context.push_back({"aws:FederatedProvider", {*principal_arn}});
    request.context.push_back({"sts:RoleSessionName", {session_name}});
    request.context.push_back({"aws:CurrentTime", {format_iso8601(now)}});
    request.context.push_back({"aws:EpochTime", {std::to_string(epoch_seconds(now))}});
    request.context.push_back({"aws:SourceIp", {ctx.info().source_ip}});
    request.context.push_back({"aws:RequestedRegion", {ctx.info().region}});
    auto made = policy::make_request(request);
    if (!made) return fail("InternalFailure", "request context: " + made.error().message);
    if (policy::decide(*(*loaded)->trust, *made) != policy::Decision::allowed) return not_authorized();
    if (seconds > (*loaded)->max_session)
        return fail("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");

    Caller session;
    session.kind = CredentialKind::role_session;
    session.account = (*loaded)->account;
    session.arn = fmt::format("arn:aws:sts::{}:assumed-role/{}/{}", session.account, (*loaded)->name, session_name);
    session.user_id = (*loaded)->id + ":" + session_name;
    session.role_name = (*loaded)->name;
    session.role_id = (*loaded)->id;
    session.role_arn = (*loaded)->arn;
    session.session_name = session_name;
    session.session_policy = session_policy->value_or("");
    session.mfa_present = false;
    session.expiration = now + std::chrono::seconds(seconds);

    Node out = Node::make_object();
    out.add("Credentials", issue_credentials(ctx, session));
    Node user = Node::make_object();
    user.add("AssumedRoleId", str(session.user_id));
    user.add("Arn", str(session.arn));
    out.add("AssumedRoleUser", std::move(user));
    out.add("Subject", str(assertion->subject));
    out.add("SubjectType", str(type));
    out.add("Issuer", str(assertion->issuer));
    out.add("Audience", str("https://signin.aws.amazon.com/saml"));
    out.add("NameQualifier", str(qualifier));
    return out;
}

}  // namespace jg::cloud::sts
