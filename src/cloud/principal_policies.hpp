// The compiled policies that speak for a caller: identity policies (a user's inline and
// attached policies and those of its groups; a role's), its permissions boundary and the
// session policy of a role session. Cached per principal until the account's policy
// generation moves.
#pragma once

#include <memory>

#include "cloud/caller.hpp"
#include "cloud/cloud.hpp"
#include "cloud/store/store.hpp"
#include "core/error.hpp"
#include "policy/compiled.hpp"

namespace jg::cloud {

Result<std::shared_ptr<const policy::PolicySet>> caller_policies(Cloud& cloud, store::Reader& r,
                                                                 const Caller& caller);

// The document of a managed policy by ARN in `account`: the default version of a customer
// managed policy, or an AWS managed policy from the offline catalog; nullopt if unknown.
Result<std::optional<std::string>> managed_policy_document(store::Reader& r, std::string_view account,
                                                           std::string_view arn);

}  // namespace jg::cloud
