// IAM handlers (2010-05-08), one function per API operation, grouped in files by entity.
#pragma once

#include "cloud/call_context.hpp"

namespace jg::cloud::iam {

// users.cpp
Result<Node> create_user(CallContext& ctx);
Result<Node> get_user(CallContext& ctx);

}  // namespace jg::cloud::iam
