// What a client checks and writes of an operation's input before it goes on the wire:
// the members against the input shape (botocore's parameter validation: unknown members,
// missing required ones, values of the wrong kind) and each scalar as text in the form
// its place on the wire wants. Shared by the Query and REST-XML request serialisers.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/node.hpp"
#include "wire/service_model.hpp"

namespace jg::wire {

// How a timestamp is written: ISO 8601 in Query parameters and XML bodies, an HTTP date
// in headers (REST protocols), unless the shape's timestampFormat says otherwise.
enum class TimestampStyle { iso8601, http_date };

// Error "ParamValidation": `path` names the input ("UserName", "Tags[0].Key").
Unexpected invalid_input(std::string_view path, std::string_view why);

// `node` must be an object whose every member the shape has and that holds every
// required member (a null value counts as absent).
Result<void> check_structure(const Shape& shape, const Node& node, std::string_view path);

// The text of a scalar value: strings as they are, integers and numbers as decimals,
// booleans "true"/"false", timestamps (ISO 8601 text or epoch seconds in the Node) in
// `style`, blobs (the raw bytes in the Node) in Base64.
Result<std::string> scalar_text(const Shape& shape, const Node& value, std::string_view path,
                                TimestampStyle style = TimestampStyle::iso8601);

inline bool is_scalar_shape(const Shape& shape) {
    return shape.type != ShapeType::structure && shape.type != ShapeType::list && shape.type != ShapeType::map;
}

}  // namespace jg::wire
