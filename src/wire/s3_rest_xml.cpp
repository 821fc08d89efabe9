#include "wire/s3_rest_xml.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <limits>

#include "core/clock.hpp"
#include "wire/query_values.hpp"
#include "wire/xml_writer.hpp"

namespace jg::wire::s3_rest {
namespace {

constexpr std::string_view k_malformed_xml =
    "The XML you provided was not well-formed or did not validate against our published schema";

Unexpected mismatch(const std::string& path, std::string_view expected, const Node& got) {
    return fail("InternalFailure", fmt::format("cannot encode {}: expected {}, got {}", path, expected, got.kind_name()));
}

std::optional<Time> parse_any_time(std::string_view text) {
    if (auto t = parse_timestamp(text)) return Time(std::chrono::milliseconds(t->seconds * 1000 + t->millis));
    if (auto t = parse_http_date(text)) return *t;
    return std::nullopt;
}

// An element's local name, without a namespace prefix.
std::string_view local_name(const pugi::xml_node& node) {
    std::string_view name = node.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

Result<Node> read_content(const Shape& shape, const pugi::xml_node& node, const std::string& path);

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        char32_t cp = 0;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
        else return false;
        if (s.size() - i <= n) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        static constexpr char32_t k_min[] = {0, 0x80, 0x800, 0x10000};
        if (cp < k_min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n + 1;
    }
    return true;
}

Result<Node> read_structure(const Shape& shape, const pugi::xml_node& node, const std::string& path) {
    Node out = Node::make_object();
    // S3 validates a body against its schema: an element the structure does not have is
    // MalformedXML, not something to skip.
    std::vector<std::string_view> known;
    for (const auto& member : shape.members) {
        if (!member.location.empty()) continue;
        const Shape& ms = *member.shape;
        const bool flat = member.flattened || ms.flattened;
        known.push_back(flat && ms.type == ShapeType::list && !ms.element.location_name.empty()
                            ? std::string_view(ms.element.location_name)
                            : std::string_view(member.wire_name()));
    }
    for (const auto& child : node.children())
        if (child.type() == pugi::node_element &&
            std::find(known.begin(), known.end(), local_name(child)) == known.end())
            return fail("MalformedXML", std::string(k_malformed_xml));
    for (const auto& member : shape.members) {
        if (!member.location.empty()) continue;
        const std::string member_path = path + "." + member.name;
        const Shape& ms = *member.shape;
        const bool flat = member.flattened || ms.flattened;
        if (flat && ms.type == ShapeType::list) {
            const std::string& tag = ms.element.location_name.empty() ? member.wire_name() : ms.element.location_name;
            Node items = Node::make_array();
            for (const auto& child : node.children())
                if (child.type() == pugi::node_element && local_name(child) == tag) {
                    auto item = read_content(*ms.element.shape, child, member_path);
                    if (!item) return item;
                    items.push(std::move(*item));
                }
            if (!items.items.empty()) out.add(member.name, std::move(items));
            continue;
        }
        for (const auto& child : node.children())
            if (child.type() == pugi::node_element && local_name(child) == member.wire_name()) {
                auto value = read_content(ms, child, member_path);
                if (!value) return value;
                out.add(member.name, std::move(*value));
                break;
            }
    }
    return out;
}

Result<Node> read_content(const Shape& shape, const pugi::xml_node& node, const std::string& path) {
    switch (shape.type) {
        case ShapeType::structure: return read_structure(shape, node, path);
        case ShapeType::list: {
            const std::string tag = shape.element.location_name.empty() ? "member" : shape.element.location_name;
            Node items = Node::make_array();
            for (const auto& child : node.children())
                if (child.type() == pugi::node_element && local_name(child) == tag) {
                    auto item = read_content(*shape.element.shape, child, path);
                    if (!item) return item;
                    items.push(std::move(*item));
                }
            return items;
        }
        case ShapeType::map: {
            const std::string key_tag = shape.key.location_name.empty() ? "key" : shape.key.location_name;
            const std::string value_tag = shape.value.location_name.empty() ? "value" : shape.value.location_name;
            Node map = Node::make_object();
            for (const auto& entry : node.children()) {
                if (entry.type() != pugi::node_element) continue;
                pugi::xml_node key, value;
                for (const auto& part : entry.children()) {
                    if (local_name(part) == key_tag) key = part;
                    if (local_name(part) == value_tag) value = part;
                }
                auto v = read_content(*shape.value.shape, value, path);
                if (!v) return v;
                map.add(key.text().get(), std::move(*v));
            }
            return map;
        }
        default: {
            auto value = scalar_from_text(shape, node.text().get(), path);
            if (!value) return fail("MalformedXML", std::string(k_malformed_xml));
            return value;
        }
    }
}

void open(std::string& out, std::string_view tag) {
    out += '<';
    out += tag;
    out += '>';
}
void close(std::string& out, std::string_view tag) {
    out += "</";
    out += tag;
    out += '>';
}

Result<void> write_content(std::string& out, const Shape& shape, const Node& node, const std::string& path);

}  // namespace

Result<Node> scalar_from_text(const Shape& shape, std::string_view text, std::string_view where) {
    auto invalid = [&](std::string_view what) {
        return fail("InvalidArgument", fmt::format("{} must be {}, got '{}'", where, what, text));
    };
    switch (shape.type) {
        case ShapeType::integer:
        case ShapeType::long_integer: {
            const bool is_long = shape.type == ShapeType::long_integer;
            auto v = parse_integer(text, is_long ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int32_t>::min(),
                                   is_long ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int32_t>::max());
            if (!v) return invalid(is_long ? "a long integer" : "an integer");
            return Node::make_number(std::to_string(*v));
        }
        case ShapeType::float_number:
        case ShapeType::double_number:
            if (!parse_decimal(text)) return invalid("a number");
            return Node::make_number(std::string(text));
        case ShapeType::boolean: {
            auto v = parse_boolean(text);
            if (!v) return invalid("true or false");
            return Node::make_bool(*v);
        }
        case ShapeType::timestamp: {
            auto t = parse_any_time(text);
            if (!t) return invalid("a timestamp");
            const auto ms = t->time_since_epoch().count();
            const auto seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
            return Node::make_string(format_timestamp({seconds, static_cast<int32_t>(ms - seconds * 1000)}));
        }
        case ShapeType::blob: {
            auto bytes = base64_decode(text);
            if (!bytes) return invalid("base64");
            return Node::make_string(std::move(*bytes));
        }
        case ShapeType::string: return Node::make_string(std::string(text));
        default: return invalid("a scalar");
    }
}

Result<std::string> scalar_to_text(const Shape& shape, const Node& node, const std::string& path, bool http_date) {
    switch (shape.type) {
        case ShapeType::string:
            if (!node.is_string()) return mismatch(path, "a string", node);
            return node.text;
        case ShapeType::integer:
        case ShapeType::long_integer: {
            auto v = (node.is_number() || node.is_string())
                         ? parse_integer(node.text, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max())
                         : std::nullopt;
            if (!v) return mismatch(path, "an integer", node);
            return std::to_string(*v);
        }
        case ShapeType::float_number:
        case ShapeType::double_number:
            if (!(node.is_number() || node.is_string()) || !parse_decimal(node.text)) return mismatch(path, "a number", node);
            return node.text;
        case ShapeType::boolean: {
            auto v = (node.is_bool() || node.is_string()) ? parse_boolean(node.text) : std::nullopt;
            if (!v) return mismatch(path, "a boolean", node);
            return std::string(*v ? "true" : "false");
        }
        case ShapeType::timestamp: {
            auto t = (node.is_string() || node.is_number()) ? parse_any_time(node.text) : std::nullopt;
            if (!t) return mismatch(path, "a timestamp", node);
            return http_date ? format_http_date(*t) : format_iso8601(*t, true);
        }
        case ShapeType::blob:
            if (!node.is_string()) return mismatch(path, "a string of bytes", node);
            return base64_encode(node.text);
        default: return mismatch(path, "a scalar", node);
    }
}

Result<Node> read_xml_structure(const Shape& shape, std::string_view body) {
    if (!valid_utf8(body)) return fail("MalformedXML", std::string(k_malformed_xml));
    pugi::xml_document doc;
    const auto parsed = doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed || !doc.document_element()) return fail("MalformedXML", std::string(k_malformed_xml));
    return read_structure(shape, doc.document_element(), shape.name);
}

Result<void> write_xml_members(std::string& out, const Shape& shape, const Node& node, const std::string& path) {
    if (!node.is_object()) return mismatch(path, "an object", node);
    for (const auto& [name, _] : node.members)
        if (!shape.find_member(name))
            return fail("InternalFailure",
                        fmt::format("cannot encode {}: the shape {} has no member '{}'", path, shape.name, name));
    for (const auto& member : shape.members) {
        if (!member.location.empty()) continue;
        const Node* value = node.find(member.name);
        if (!value || value->is_null()) continue;
        const std::string member_path = path + "." + member.name;
        const Shape& ms = *member.shape;
        if ((member.flattened || ms.flattened) && ms.type == ShapeType::list) {
            if (!value->is_array()) return mismatch(member_path, "an array", *value);
            const std::string& tag = ms.element.location_name.empty() ? member.wire_name() : ms.element.location_name;
            for (const auto& item : value->items)
                if (auto ok = write_xml_element(out, tag, *ms.element.shape, item, member_path); !ok) return ok;
        } else if (auto ok = write_xml_element(out, member.wire_name(), ms, *value, member_path); !ok) {
            return ok;
        }
    }
    return {};
}

Result<void> write_xml_element(std::string& out, std::string_view tag, const Shape& shape, const Node& node,
                               const std::string& path) {
    open(out, tag);
    if (auto ok = write_content(out, shape, node, path); !ok) return ok;
    close(out, tag);
    return {};
}

namespace {

Result<void> write_content(std::string& out, const Shape& shape, const Node& node, const std::string& path) {
    switch (shape.type) {
        case ShapeType::structure: return write_xml_members(out, shape, node, path);
        case ShapeType::list: {
            if (!node.is_array()) return mismatch(path, "an array", node);
            const std::string tag = shape.element.location_name.empty() ? "member" : shape.element.location_name;
            for (const auto& item : node.items)
                if (auto ok = write_xml_element(out, tag, *shape.element.shape, item, path); !ok) return ok;
            return {};
        }
        case ShapeType::map: {
            if (!node.is_object()) return mismatch(path, "an object", node);
            const std::string key_tag = shape.key.location_name.empty() ? "key" : shape.key.location_name;
            const std::string value_tag = shape.value.location_name.empty() ? "value" : shape.value.location_name;
            for (const auto& [k, v] : node.members) {
                open(out, "entry");
                open(out, key_tag);
                append_xml_text(out, k);
                close(out, key_tag);
                if (auto ok = write_xml_element(out, value_tag, *shape.value.shape, v, path); !ok) return ok;
                close(out, "entry");
            }
            return {};
        }
        default: {
            auto text = scalar_to_text(shape, node, path, false);
            if (!text) return tl::unexpected(text.error());
            append_xml_text(out, *text);
            return {};
        }
    }
}

}  // namespace

}  // namespace jg::wire::s3_rest
