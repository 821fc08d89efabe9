// STS handlers (2011-06-15): GetCallerIdentity, GetSessionToken, AssumeRole.
#pragma once

#include "cloud/call_context.hpp"

namespace jg::cloud::sts {

Result<Node> get_caller_identity(CallContext& ctx);

}  // namespace jg::cloud::sts
