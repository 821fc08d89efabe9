#include "wire/client/xml_shape_reader.hpp"

#include <limits>

#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "wire/client/member_location.hpp"
#include "wire/policy_documents.hpp"
#include "wire/query_values.hpp"

namespace jg::wire {
namespace {

bool flattened(const ShapeRef& ref) { return ref.flattened || ref.shape->flattened; }

Node read_value(const ShapeRef& ref, const pugi::xml_node& element);

Node read_list(const ShapeRef& ref, const std::vector<pugi::xml_node>& items) {
    Node out = Node::make_array();
    for (const auto& item : items) out.push(read_value(ref.shape->element, item));
    return out;
}

std::vector<pugi::xml_node> children_named(const pugi::xml_node& parent, const std::string& name) {
    std::vector<pugi::xml_node> out;
    for (auto child = parent.child(name.c_str()); child; child = child.next_sibling(name.c_str())) out.push_back(child);
    return out;
}

void read_entries(const Shape& map, const std::vector<pugi::xml_node>& entries, Node& out) {
    std::string key_name = map.key.location_name.empty() ? std::string("key") : map.key.location_name;
    std::string value_name = map.value.location_name.empty() ? std::string("value") : map.value.location_name;
    for (const auto& entry : entries) {
        auto key = entry.child(key_name.c_str());
        auto value = entry.child(value_name.c_str());
        if (!key) continue;
        out.add(key.text().get(), value ? read_value(map.value, value) : Node::make_string(""));
    }
}

Node read_value(const ShapeRef& ref, const pugi::xml_node& element) {
    const Shape& shape = *ref.shape;
    switch (shape.type) {
        case ShapeType::structure: return read_xml_structure(shape, element);
        case ShapeType::list: {
            const std::string& name = shape.element.location_name.empty() ? std::string("member") : shape.element.location_name;
            return read_list(ref, children_named(element, name));
        }
        case ShapeType::map: {
            Node out = Node::make_object();
            read_entries(shape, children_named(element, "entry"), out);
            return out;
        }
        default: return read_scalar(shape, element.text().get());
    }
}

}  // namespace

Node read_scalar(const Shape& shape, std::string_view text) {
    switch (shape.type) {
        case ShapeType::integer:
        case ShapeType::long_integer:
            if (auto v = parse_integer(text, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()))
                return Node::make_number(std::to_string(*v));
            break;
        case ShapeType::float_number:
        case ShapeType::double_number:
            if (parse_decimal(text)) return Node::make_number(std::string(text));
            break;
        case ShapeType::boolean:
            if (auto v = parse_boolean(text)) return Node::make_bool(*v);
            break;
        case ShapeType::timestamp:
            if (auto v = parse_timestamp(text)) return Node::make_string(format_timestamp(*v));
            if (auto t = parse_http_date(text)) return Node::make_string(format_iso8601(*t));
            break;
        case ShapeType::blob:
            if (auto v = base64_decode(text)) return Node::make_string(std::move(*v));
            break;
        case ShapeType::string:
            if (is_url_encoded_document(shape))
                if (auto v = uri_decode(text)) return Node::make_string(std::move(*v));
            break;
        default: break;
    }
    return Node::make_string(std::string(text));
}

Node read_xml_structure(const Shape& shape, const pugi::xml_node& element) {
    Node out = Node::make_object();
    for (const auto& member : shape.members) {
        if (member_location(member) != MemberLocation::body) continue;  // headers and status are not in the XML
        if (member.xml_attribute) {
            if (auto attr = element.attribute(member.wire_name().c_str()))
                out.add(member.name, read_scalar(*member.shape, attr.value()));
            continue;
        }
        const Shape& ms = *member.shape;
        if (flattened(member) && ms.type == ShapeType::list) {
            // Repeated elements named by the element's locationName, else the member's name.
            const std::string& name = ms.element.location_name.empty() ? member.wire_name() : ms.element.location_name;
            auto items = children_named(element, name);
            if (!items.empty()) out.add(member.name, read_list(member, items));
        } else if (flattened(member) && ms.type == ShapeType::map) {
            auto entries = children_named(element, member.wire_name());
            if (entries.empty()) continue;
            Node map = Node::make_object();
            read_entries(ms, entries, map);
            out.add(member.name, std::move(map));
        } else if (auto child = element.child(member.wire_name().c_str())) {
            out.add(member.name, read_value(member, child));
        }
    }
    return out;
}

}  // namespace jg::wire
