// The one builder of the policy engine's RequestContext from a caller: the global
// condition keys AWS sets for each credential type (reference sheet §3).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cloud/caller.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "policy/request.hpp"

namespace jg::cloud {

// Keys set: aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:userid,
// aws:username (users only), aws:CurrentTime, aws:EpochTime, aws:SourceIp,
// aws:SecureTransport, aws:RequestedRegion, aws:MultiFactorAuthPresent and
// aws:MultiFactorAuthAge (only where AWS sets them), aws:SourceIdentity,
// sts:RoleSessionName (role sessions);
// plus `extra` (service keys such as sts:ExternalId).
Result<policy::RequestContext> build_request_context(
    const Caller& caller, const RequestInfo& info, Time now, std::string_view action,
    std::string_view resource, std::string_view resource_account,
    const std::vector<std::pair<std::string, std::vector<std::string>>>& extra = {});

}  // namespace jg::cloud
