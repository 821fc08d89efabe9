// The plain input of an authorisation decision: who, what, on which resource, with which
// context keys. Built once per request; evaluation reads it without allocating.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace jg::policy {

enum class PrincipalKind {
    anonymous,       // "*": an unsigned request
    root,            // arn:aws:iam::A:root
    user,            // arn:aws:iam::A:user/PATH/NAME
    role,            // arn:aws:iam::A:role/PATH/NAME (the role itself, as some services act)
    role_session,    // arn:aws:sts::A:assumed-role/ROLE/SESSION
    federated_user,  // arn:aws:sts::A:federated-user/NAME
    service,         // cloudformation.amazonaws.com
    // arn:aws:iam::A:oidc-provider/HOST/PATH or arn:aws:iam::A:saml-provider/NAME: the caller
    // of AssumeRoleWithWebIdentity/SAML, matched by a trust policy's "Federated" principal.
    // It has no identity policies: only the trust policy can grant.
    identity_provider,
};

const char* principal_kind_name(PrincipalKind kind);

struct ContextKey {
    std::string key;  // lower-case: key names are case-insensitive
    std::vector<std::string> values;
};

struct RequestContext {
    PrincipalKind principal_kind = PrincipalKind::anonymous;
    std::string principal;          // as given
    std::string principal_account;  // empty for anonymous and service principals
    std::string role_arn;           // role_session: arn:aws:iam::A:role/ROLE
    std::string action;             // "svc:Action" as given
    std::string action_service;     // lower-case "svc"
    std::string action_name;        // lower-case "action"
    std::string resource;           // ARN (or "*")
    std::string resource_account;   // the account that owns the resource
    std::vector<ContextKey> context;
    bool resource_is_arn = false;  // "arn:" and six parts (see resource_parts)
    std::array<uint32_t, 5> resource_colons{};  // positions of its first five colons

    // The six parts of the resource ARN (views into `resource`; valid while it lives).
    std::array<std::string_view, 6> resource_parts() const;
    // Values of a context key given in lower case (the compiled form's fast path).
    const std::vector<std::string>* find_lower(std::string_view key) const {
        for (const auto& k : context)
            if (k.key == key) return &k.values;
        return nullptr;
    }
    // Values of a context key (case-insensitive name), or nullptr when absent.
    const std::vector<std::string>* find(std::string_view key) const;
    bool same_account() const { return !principal_account.empty() && principal_account == resource_account; }
};

struct RequestInput {
    std::string principal;
    std::string action;
    std::string resource;
    std::string resource_account;  // when empty: the account part of the resource ARN
    std::vector<std::pair<std::string, std::vector<std::string>>> context;
};

// Classifies the principal and adds only the keys its ARN implies (aws:PrincipalArn,
// aws:PrincipalAccount, aws:PrincipalType, aws:username for users, aws:userid for root)
// unless the input already gives them. Errors name the bad field.
[[nodiscard]] Result<RequestContext> make_request(const RequestInput& input);

// Points a made request at another resource (empty: "*"); `resource_account` empty takes
// the ARN's account. The rest of the request stays: one request serves a loop over many
// resources without being made again.
void set_resource(RequestContext& request, std::string_view resource, std::string_view resource_account);

}  // namespace jg::policy
