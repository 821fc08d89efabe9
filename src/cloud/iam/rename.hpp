// UpdateUser and UpdateGroup (rename.cpp): a new name and/or path, the unique id kept.
#pragma once

#include "cloud/call_context.hpp"

namespace jg::cloud::iam {

Result<Node> update_user(CallContext& ctx);
Result<Node> update_group(CallContext& ctx);

}  // namespace jg::cloud::iam
