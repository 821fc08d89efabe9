#include "policy/request.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/arn.hpp"
#include "core/strings.hpp"

namespace jg::policy {
namespace {

bool is_account_id(std::string_view s) {
    if (s.size() != 12) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// "name.amazonaws.com" and the China/other-partition forms.
bool is_service_principal(std::string_view s) {
    return s.find(':') == std::string_view::npos && s.find('.') != std::string_view::npos;
}

}  // namespace

const char* principal_kind_name(PrincipalKind kind) {
    switch (kind) {
        case PrincipalKind::anonymous: return "anonymous";
        case PrincipalKind::root: return "root";
        case PrincipalKind::user: return "user";
        case PrincipalKind::role: return "role";
        case PrincipalKind::role_session: return "role session";
        case PrincipalKind::federated_user: return "federated user";
        case PrincipalKind::service: return "service";
        case PrincipalKind::identity_provider: return "identity provider";
    }
    return "?";
}

std::array<std::string_view, 6> RequestContext::resource_parts() const {
    std::array<std::string_view, 6> parts;
    std::string_view r(resource);
    uint32_t start = 0;
    for (size_t i = 0; i < 5; ++i) {
        parts[i] = r.substr(start, resource_colons[i] - start);
        start = resource_colons[i] + 1;
    }
    parts[5] = r.substr(start);
    return parts;
}

const std::vector<std::string>* RequestContext::find(std::string_view key) const {
    for (const auto& k : context)
        if (iequals(k.key, key)) return &k.values;
    return nullptr;
}

void set_resource(RequestContext& r, std::string_view resource, std::string_view resource_account) {
    r.resource.assign(resource.empty() ? std::string_view("*") : resource);
    r.resource_account.assign(resource_account);
    r.resource_is_arn = r.resource.rfind("arn:", 0) == 0 && std::count(r.resource.begin(), r.resource.end(), ':') >= 5;
    r.resource_colons = {};
    if (r.resource_is_arn) {
        size_t pos = 0;
        for (size_t i = 0; i < 5; ++i) {
            pos = r.resource.find(':', pos);
            r.resource_colons[i] = static_cast<uint32_t>(pos++);
        }
        if (r.resource_account.empty())
            r.resource_account.assign(r.resource, r.resource_colons[3] + 1, r.resource_colons[4] - r.resource_colons[3] - 1);
    }
}

Result<RequestContext> make_request(const RequestInput& in) {
    RequestContext r;
    r.principal = in.principal;
    std::string principal_type, username, userid;
    if (in.principal == "*") {
        r.principal_kind = PrincipalKind::anonymous;
    } else if (auto arn = parse_arn(in.principal)) {
        r.principal_account = arn->account;
        if (!is_account_id(arn->account))
            return fail("InvalidInput", fmt::format("principal \"{}\" has no 12-digit account id", in.principal));
        const std::string& res = arn->resource;
        if (arn->service == "iam" && res == "root") {
            r.principal_kind = PrincipalKind::root;
            principal_type = "Account";
            userid = arn->account;
        } else if (arn->service == "iam" && res.rfind("user/", 0) == 0 && res.size() > 5) {
            r.principal_kind = PrincipalKind::user;
            principal_type = "User";
            username = res.substr(res.rfind('/') + 1);
        } else if (arn->service == "iam" && res.rfind("role/", 0) == 0 && res.size() > 5) {
            r.principal_kind = PrincipalKind::role;
            principal_type = "AssumedRole";
        } else if (arn->service == "sts" && res.rfind("assumed-role/", 0) == 0) {
            auto parts = split(res, '/');
            if (parts.size() != 3 || parts[1].empty() || parts[2].empty())
                return fail("InvalidInput",
                            fmt::format("principal \"{}\": an assumed-role ARN is arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION",
                                        in.principal));
            r.principal_kind = PrincipalKind::role_session;
            principal_type = "AssumedRole";
            // The role's path is not part of a session ARN; the role ARN is rebuilt without it.
            r.role_arn = fmt::format("arn:{}:iam::{}:role/{}", arn->partition, arn->account, parts[1]);
        } else if (arn->service == "iam" && ((res.rfind("oidc-provider/", 0) == 0 && res.size() > 14) ||
                                             (res.rfind("saml-provider/", 0) == 0 && res.size() > 14))) {
            r.principal_kind = PrincipalKind::identity_provider;
        } else if (arn->service == "sts" && res.rfind("federated-user/", 0) == 0 && res.size() > 15) {
            r.principal_kind = PrincipalKind::federated_user;
            principal_type = "FederatedUser";
        } else {
            return fail("InvalidInput",
                        fmt::format("principal \"{}\" is not a user, role, assumed-role, federated-user or root ARN",
                                    in.principal));
        }
    } else if (is_service_principal(in.principal)) {
        r.principal_kind = PrincipalKind::service;
    } else {
        return fail("InvalidInput",
                    fmt::format("principal \"{}\" is not an ARN, a service principal or \"*\"", in.principal));
    }

    r.action = in.action;
    auto colon = in.action.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == in.action.size() ||
        in.action.find(':', colon + 1) != std::string::npos || in.action.find_first_of("*?") != std::string::npos)
        return fail("InvalidInput", fmt::format("action \"{}\" is not of the form service:Action", in.action));
    r.action_service = to_lower(in.action.substr(0, colon));
    r.action_name = to_lower(in.action.substr(colon + 1));

    set_resource(r, in.resource, in.resource_account);

    for (const auto& [key, values] : in.context) {
        if (key.empty()) return fail("InvalidInput", "empty context key name");
        if (r.find(key)) return fail("InvalidInput", fmt::format("context key \"{}\" is given twice", key));
        r.context.push_back(ContextKey{to_lower(key), values});
    }
    auto imply = [&](const char* key, const std::string& value) {
        if (!value.empty() && !r.find(key)) r.context.push_back(ContextKey{key, {value}});
    };
    if (r.principal_kind != PrincipalKind::anonymous && r.principal_kind != PrincipalKind::service &&
        r.principal_kind != PrincipalKind::identity_provider) {
        // aws:PrincipalArn of a role session is the role's ARN, not the session's.
        imply("aws:principalarn", r.principal_kind == PrincipalKind::role_session ? r.role_arn : r.principal);
        imply("aws:principalaccount", r.principal_account);
        imply("aws:principaltype", principal_type);
        imply("aws:username", username);
        imply("aws:userid", userid);
    }
    return r;
}

}  // namespace jg::policy
