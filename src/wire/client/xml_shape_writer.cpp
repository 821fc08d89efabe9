#include "wire/client/xml_shape_writer.hpp"

#include <fmt/format.h>

#include "wire/client/input_values.hpp"

namespace jg::wire {
namespace {

// ElementTree's escaping, so that bodies (and their signatures) match botocore's.
void escape_text(std::string& out, std::string_view text, bool attribute) {
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"':
                if (attribute) out += "&quot;";
                else out += c;
                break;
            default: out += c;
        }
    }
}

class Writer {
public:
    explicit Writer(std::string& out) : m_out(out) {}

    Result<void> element(std::string_view tag, const ShapeRef& ref, const Node& node, const std::string& path,
                         std::string_view xml_namespace = {}) {
        const Shape& shape = *ref.shape;
        switch (shape.type) {
            case ShapeType::structure: return structure(tag, shape, node, path, xml_namespace);
            case ShapeType::list: return list(tag, ref, node, path);
            case ShapeType::map: return map(tag, shape, node, path);
            default: {
                auto text = scalar_text(shape, node, path);
                if (!text) return Unexpected(text.error());
                open(tag, {});
                escape_text(m_out, *text, false);
                close(tag);
                return {};
            }
        }
    }

private:
    std::string& m_out;

    void open(std::string_view tag, std::string_view attributes) { m_out += fmt::format("<{}{}>", tag, attributes); }
    void close(std::string_view tag) { m_out += fmt::format("</{}>", tag); }

    Result<void> structure(std::string_view tag, const Shape& shape, const Node& node, const std::string& path,
                           std::string_view xml_namespace) {
        if (auto ok = check_structure(shape, node, path); !ok) return ok;
        std::string attributes;
        if (!xml_namespace.empty()) {
            attributes += " xmlns=\"";
            escape_text(attributes, xml_namespace, true);
            attributes += '"';
        }
        for (const auto& [name, value] : node.members) {
            const ShapeRef& member = *shape.find_member(name);
            if (!member.xml_attribute || value.is_null()) continue;
            auto text = scalar_text(*member.shape, value, path + "." + name);
            if (!text) return Unexpected(text.error());
            attributes += fmt::format(" {}=\"", member.wire_name());
            escape_text(attributes, *text, true);
            attributes += '"';
        }
        open(tag, attributes);
        for (const auto& [name, value] : node.members) {
            const ShapeRef& member = *shape.find_member(name);
            if (member.xml_attribute || value.is_null()) continue;
            if (auto ok = element(member.wire_name(), member, value, path + "." + name, member.xml_namespace); !ok)
                return ok;
        }
        close(tag);
        return {};
    }

    Result<void> list(std::string_view tag, const ShapeRef& ref, const Node& node, const std::string& path) {
        if (!node.is_array()) return invalid_input(path, fmt::format("expected an array, got {}", node.kind_name()));
        const ShapeRef& item = ref.shape->element;
        const bool flat = ref.flattened || ref.shape->flattened;
        std::string item_tag = flat ? std::string(tag) : (item.location_name.empty() ? "member" : item.location_name);
        if (!flat) open(tag, {});
        for (size_t i = 0; i < node.items.size(); ++i)
            if (auto ok = element(item_tag, item, node.items[i], fmt::format("{}[{}]", path, i)); !ok) return ok;
        if (!flat) close(tag);
        return {};
    }

    Result<void> map(std::string_view tag, const Shape& shape, const Node& node, const std::string& path) {
        if (!node.is_object()) return invalid_input(path, fmt::format("expected an object, got {}", node.kind_name()));
        const std::string key_tag = shape.key.location_name.empty() ? "key" : shape.key.location_name;
        const std::string value_tag = shape.value.location_name.empty() ? "value" : shape.value.location_name;
        open(tag, {});
        for (const auto& [k, v] : node.members) {
            open("entry", {});
            const std::string entry_path = fmt::format("{}[{}]", path, k);
            if (auto ok = element(key_tag, shape.key, Node::make_string(k), entry_path); !ok) return ok;
            if (auto ok = element(value_tag, shape.value, v, entry_path); !ok) return ok;
            close("entry");
        }
        close(tag);
        return {};
    }
};

}  // namespace

Result<std::string> write_xml_payload(const ShapeRef& ref, const Node& value, const std::string& path) {
    std::string out;
    Writer writer(out);
    if (auto ok = writer.element(ref.wire_name(), ref, value, path, ref.xml_namespace); !ok) return Unexpected(ok.error());
    return out;
}

}  // namespace jg::wire
