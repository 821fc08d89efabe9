// IAM's List* calls over store documents: Marker/MaxItems paging with an optional filter
// (PathPrefix, Scope, ...), in key order.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "cloud/call_context.hpp"
#include "cloud/input.hpp"

namespace jg::cloud::iam {

// Lists `kind` in `account` under `prefix`; each kept document becomes `shape(doc)` in
// the output list `list_member`; adds IsTruncated/Marker. `keep` filters (nullptr: all).
Result<Node> list_documents(CallContext& ctx, std::string_view account, std::string_view kind, std::string_view prefix,
                            std::string_view list_member, const std::function<bool(const Node&)>& keep,
                            const std::function<Node(const Node&)>& shape);

// PathPrefix: "/" or "/…/"-shaped, up to 512 characters (default "/": everything).
Result<std::string> read_path_prefix(const Node& input);

}  // namespace jg::cloud::iam
