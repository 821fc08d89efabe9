// What a handler gets: the cloud, the resolved caller, the AWS-shaped input, and the one
// way to authorise what it is about to do.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cloud/caller.hpp"
#include "cloud/cloud.hpp"
#include "core/error.hpp"
#include "core/node.hpp"
#include "policy/compiled.hpp"

namespace jg::cloud {

// Extra facts of one authorisation.
struct AuthorizeOptions {
    // A resource-based policy (bucket policy, ...) as JSON text, "" when none.
    std::string_view resource_policy;
    // The account owning the resource; "" = the account part of the resource ARN.
    std::string_view resource_account;
    // Service-specific context keys (sts:ExternalId, s3:prefix, ...).
    std::vector<std::pair<std::string, std::vector<std::string>>> context;
};

class CallContext {
public:
    CallContext(Cloud& cloud, const Caller& caller, const Node& input, const RequestInfo& info)
        : m_cloud(cloud), m_caller(caller), m_input(input), m_info(info) {}

    Cloud& cloud() { return m_cloud; }
    const Caller& caller() const { return m_caller; }
    const Node& input() const { return m_input; }
    const RequestInfo& info() const { return m_info; }
    // The caller's own account: where IAM calls act.
    const std::string& account() const { return m_caller.account; }
    Time now() const { return m_cloud.clock().now(); }

    // Allows or refuses `iam_action` ("iam:CreateUser") on `resource_arn` for the caller,
    // through the policy engine with the caller's identity policies, boundary and session
    // policy (and a resource policy when given). Refusals are AccessDenied with AWS's
    // wording: "User: ARN is not authorized to perform: ACTION on resource: ARN because no
    // identity-based policy allows the ACTION action" (or "with an explicit deny in an
    // identity-based policy", ...).
    Result<void> authorize(std::string_view iam_action, std::string_view resource_arn,
                           const AuthorizeOptions& options = {});

    // The same decision over a given resource slot (a cached compiled trust policy).
    Result<void> authorize_with(std::string_view iam_action, std::string_view resource_arn,
                                const policy::CompiledSlot* resource, const AuthorizeOptions& options);

private:
    Cloud& m_cloud;
    const Caller& m_caller;
    const Node& m_input;
    const RequestInfo& m_info;
};

}  // namespace jg::cloud
