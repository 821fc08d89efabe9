#include "wire/client/input_values.hpp"

#include <fmt/format.h>

#include <chrono>
#include <limits>

#include "core/clock.hpp"
#include "core/strings.hpp"
#include "wire/query_values.hpp"

namespace jg::wire {

Unexpected invalid_input(std::string_view path, std::string_view why) {
    return fail("ParamValidation", fmt::format("invalid parameter {}: {}", path.empty() ? "input" : path, why));
}

namespace {

std::string child_path(std::string_view parent, std::string_view member) {
    return parent.empty() ? std::string(member) : fmt::format("{}.{}", parent, member);
}

Unexpected wrong_kind(std::string_view path, std::string_view expected, const Node& got) {
    return invalid_input(path, fmt::format("expected {}, got {}", expected, got.kind_name()));
}

}  // namespace

Result<void> check_structure(const Shape& shape, const Node& node, std::string_view path) {
    if (!node.is_object()) return wrong_kind(path, "an object", node);
    for (const auto& [name, _] : node.members)
        if (!shape.find_member(name)) {
            std::vector<std::string> known;
            for (const auto& m : shape.members) known.push_back(m.name);
            return invalid_input(child_path(path, name),
                                 fmt::format("unknown parameter, must be one of: {}", join(known, ", ")));
        }
    for (const auto& member : shape.members)
        if (member.required) {
            const Node* value = node.find(member.name);
            if (!value || value->is_null()) return invalid_input(child_path(path, member.name), "missing required parameter");
        }
    return {};
}

Result<std::string> scalar_text(const Shape& shape, const Node& value, std::string_view path, TimestampStyle style) {
    switch (shape.type) {
        case ShapeType::string:
            if (!value.is_string()) return wrong_kind(path, "a string", value);
            return value.text;
        case ShapeType::integer:
        case ShapeType::long_integer: {
            bool is_long = shape.type == ShapeType::long_integer;
            auto v = (value.is_number() || value.is_string())
                         ? parse_integer(value.text,
                                         is_long ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int32_t>::min(),
                                         is_long ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int32_t>::max())
                         : std::nullopt;
            if (!v) return wrong_kind(path, is_long ? "a long integer" : "an integer", value);
            return std::to_string(*v);
        }
        case ShapeType::float_number:
        case ShapeType::double_number:
            if (!(value.is_number() || value.is_string()) || !parse_decimal(value.text))
                return wrong_kind(path, "a number", value);
            return value.text;
        case ShapeType::boolean: {
            auto v = (value.is_bool() || value.is_string()) ? parse_boolean(value.text) : std::nullopt;
            if (!v) return wrong_kind(path, "a boolean", value);
            return std::string(*v ? "true" : "false");
        }
        case ShapeType::timestamp: {
            auto v = (value.is_string() || value.is_number()) ? parse_timestamp(value.text) : std::nullopt;
            if (!v) return wrong_kind(path, "an ISO 8601 timestamp or epoch seconds", value);
            std::string_view format = shape.timestamp_format;
            if (format == "unixTimestamp") return std::to_string(v->seconds);
            if (format == "rfc822" || (format.empty() && style == TimestampStyle::http_date))
                return format_http_date(Time(std::chrono::seconds(v->seconds)));
            return format_timestamp(*v);
        }
        case ShapeType::blob:
            if (!value.is_string()) return wrong_kind(path, "a string of bytes", value);
            return base64_encode(value.text);
        default: return wrong_kind(path, "a scalar", value);
    }
}

}  // namespace jg::wire
