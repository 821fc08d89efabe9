// Policy documents (JSON) into the typed model, with IAM's validation rules. Every error
// has the code "MalformedPolicyDocument", the line:col of the offending element, and
// AWS's own wording in the message where AWS has one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/node.hpp"
#include "policy/model.hpp"

namespace jg::policy {

// A document already read into a Node (inline in a larger file, for instance).
[[nodiscard]] Result<Policy> parse_policy(const Node& document, PolicyKind kind);

// JSON text; `file_name` only labels locations. JSON syntax errors keep the code
// "JsonSyntax".
[[nodiscard]] Result<Policy> parse_policy_text(std::string_view text, PolicyKind kind,
                                               std::string file_name = {});

// Size of a document as IAM counts it against its quotas: characters of the compact JSON
// (whitespace between tokens is not counted).
size_t policy_size(const Node& document);

}  // namespace jg::policy
