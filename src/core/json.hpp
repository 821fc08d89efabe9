// JSON read into a located Node tree, and written back out.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/node.hpp"

namespace jg {

struct JsonOptions {
    int max_depth = 256;  // deeper nesting is an error, never a stack overflow
};

// Strict RFC 8259 JSON. Errors carry the line and column of the offending byte and use the
// code "JsonSyntax". Duplicate keys are kept in order; callers decide what they mean.
Result<Node> parse_json(std::string_view text, std::string file_name = {},
                        JsonOptions options = {});

// Compact (indent < 0) or pretty (indent spaces per level) JSON of a Node. Numbers are
// written as their source text.
std::string to_json(const Node& node, int indent = -1);

// `s` as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);

}  // namespace jg
