// AWS Query requests (IAM, STS, CloudFormation) decoded into a typed Node by the
// operation's input shape from the service model, validated the way AWS validates them.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/node.hpp"
#include "wire/service_model.hpp"

namespace jg::wire {

// Form parameters in the order they were sent.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// An application/x-www-form-urlencoded body or query string: '&'-separated `name=value`
// pairs, '+' for space, %XX escapes. A malformed escape is kept literally (as browsers and
// Python's urllib do); empty pairs are skipped.
QueryParams parse_form(std::string_view body);
std::string percent_decode(std::string_view text);

struct QueryRequest {
    const Operation* operation = nullptr;
    // An object with the input shape's members in model order: strings and timestamps
    // (normalised ISO 8601) as strings, blobs as their decoded bytes, numbers, booleans,
    // lists as arrays, maps as objects; members not sent are absent.
    Node input;
};

// Looks up `Action` (and checks `Version`) and decodes the rest by the operation's input.
// Errors: MissingAction ("Missing Action") without an Action; InvalidAction ("Could not
// find operation X for version Y") for an unknown action or another API version (a missing
// Version is taken as the model's); ValidationError with AWS's "N validation
// error(s) detected: …" wording for missing members, wrong types and broken constraints.
// Parameters the shape does not know are ignored, as AWS ignores them.
[[nodiscard]] Result<QueryRequest> decode_query(const ServiceModel& model, const QueryParams& params);

// The input of one operation, without Action/Version handling (`shape` may be null: the
// operation takes no input, and the result is an empty object).
[[nodiscard]] Result<Node> decode_query_input(const Shape* shape, const QueryParams& params);

}  // namespace jg::wire
