#include "cloud/sts/service_session.hpp"

#include <fmt/format.h>

#include "cloud/iam/keys.hpp"
#include "cloud/iam/trust_principals.hpp"
#include "cloud/session_token.hpp"
#include "core/arn.hpp"
#include "core/ids.hpp"
#include "policy/evaluator.hpp"
#include "policy/parser.hpp"
#include "policy/request.hpp"

namespace jg::cloud::sts {

Result<Credentials> assume_role_as_service(Cloud& cloud, std::string_view role_arn, std::string_view service,
                                           std::string_view session_name, const RequestInfo& info) {
    auto refused = [&] {
        return fail("AccessDenied", fmt::format("{} is not authorized to perform: sts:AssumeRole on resource: {}", service, role_arn));
    };
    auto arn = parse_arn(role_arn);
    if (!arn || arn->service != "iam" || arn->resource.rfind("role/", 0) != 0) return refused();
    std::string name = arn->resource.substr(arn->resource.rfind('/') + 1);
    struct Role {
        Node doc;
        std::string trust;
    };
    auto role = cloud.store().read([&](store::Reader& r) -> Result<std::optional<Role>> {
        auto doc = iam::get_doc(r, arn->account, iam::k_role, iam::entity_key(name));
        if (!doc) return Unexpected(doc.error());
        if (!*doc || iam::member(**doc, "Arn") != role_arn) return std::optional<Role>{};
        std::string stale;
        auto trust = iam::effective_trust(r, **doc, stale);
        if (!trust) return Unexpected(trust.error());
        return std::optional<Role>(Role{**doc, *trust});
    });
    if (!role) return Unexpected(role.error());
    if (!*role) return refused();

    auto parsed = policy::parse_policy_text((*role)->trust, policy::PolicyKind::resource);
    if (!parsed) return fail("InternalFailure", "stored trust policy no longer parses: " + parsed.error().message);
    policy::PolicySet set;
    set.resource.add(policy::NamedPolicy{"trust policy", std::move(*parsed)});
    policy::RequestInput input{std::string(service), "sts:AssumeRole", std::string(role_arn), arn->account,
                               {{"aws:RequestedRegion", {info.region}},
                                // The service acts for the account that owns the role (a stack's
                                // RoleARN, the StackSet administration role): AWS sets it as
                                // aws:SourceAccount, which confused-deputy conditions test.
                                {"aws:SourceAccount", {arn->account}}}};
    auto request = policy::make_request(input);
    if (!request) return fail("InternalFailure", "request context: " + request.error().message);
    if (policy::decide(set, *request) != policy::Decision::allowed) return refused();

    Caller session;
    session.kind = CredentialKind::role_session;
    session.account = arn->account;
    session.role_name = iam::member((*role)->doc, "RoleName");
    session.role_id = iam::member((*role)->doc, "RoleId");
    session.role_arn = std::string(role_arn);
    session.session_name = std::string(session_name);
    session.arn = fmt::format("arn:aws:sts::{}:assumed-role/{}/{}", session.account, session.role_name, session_name);
    session.user_id = session.role_id + ":" + std::string(session_name);
    session.mfa_present = false;
    session.expiration = cloud.clock().now() + std::chrono::hours(1);
    session.access_key_id = new_account_key_id(cloud.random(), IdKind::temporary_key, session.account);
    return Credentials{session.access_key_id, seal_session(cloud.server_key(), session, cloud.random())};
}

}  // namespace jg::cloud::sts
