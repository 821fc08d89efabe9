#include "wire/client/query_request.hpp"

#include <fmt/format.h>

#include "wire/client/input_values.hpp"

namespace jg::wire {
namespace {

bool flattened(const ShapeRef& ref) { return ref.flattened || ref.shape->flattened; }

class Flattener {
public:
    explicit Flattener(FormParams& out) : m_out(out) {}

    Result<void> value(const ShapeRef& ref, const Node& node, const std::string& prefix, const std::string& path) {
        const Shape& shape = *ref.shape;
        switch (shape.type) {
            case ShapeType::structure: return structure(shape, node, prefix, path);
            case ShapeType::list: return list(ref, node, prefix, path);
            case ShapeType::map: return map(ref, node, prefix, path);
            default: {
                auto text = scalar_text(shape, node, path);
                if (!text) return Unexpected(text.error());
                m_out.emplace_back(prefix, std::move(*text));
                return {};
            }
        }
    }

    // Members in the order the input gives them (as botocore walks its dict).
    Result<void> structure(const Shape& shape, const Node& node, const std::string& prefix, const std::string& path) {
        if (auto ok = check_structure(shape, node, path); !ok) return ok;
        for (const auto& [name, member_value] : node.members) {
            if (member_value.is_null()) continue;
            const ShapeRef& member = *shape.find_member(name);
            std::string key = prefix.empty() ? member.wire_name() : prefix + "." + member.wire_name();
            std::string member_path = path.empty() ? name : path + "." + name;
            if (auto ok = value(member, member_value, key, member_path); !ok) return ok;
        }
        return {};
    }

private:
    FormParams& m_out;

    Result<void> list(const ShapeRef& ref, const Node& node, const std::string& prefix, const std::string& path) {
        if (!node.is_array()) return invalid_input(path, fmt::format("expected an array, got {}", node.kind_name()));
        // An empty list is sent as the bare name, so that the service sees it was given.
        if (node.items.empty()) {
            m_out.emplace_back(prefix, std::string());
            return {};
        }
        const ShapeRef& element = ref.shape->element;
        std::string items_prefix;
        if (flattened(ref)) {
            // A flattened list whose element has a locationName replaces the last name.
            items_prefix = prefix;
            if (!element.location_name.empty()) {
                auto dot = prefix.rfind('.');
                items_prefix = (dot == std::string::npos ? std::string() : prefix.substr(0, dot + 1)) + element.location_name;
            }
        } else {
            items_prefix = prefix + "." + (element.location_name.empty() ? std::string("member") : element.location_name);
        }
        for (size_t i = 0; i < node.items.size(); ++i)
            if (auto ok = value(element, node.items[i], fmt::format("{}.{}", items_prefix, i + 1), fmt::format("{}[{}]", path, i));
                !ok)
                return ok;
        return {};
    }

    Result<void> map(const ShapeRef& ref, const Node& node, const std::string& prefix, const std::string& path) {
        if (!node.is_object()) return invalid_input(path, fmt::format("expected an object, got {}", node.kind_name()));
        const Shape& shape = *ref.shape;
        std::string entries = flattened(ref) ? prefix : prefix + ".entry";
        std::string key_name = shape.key.location_name.empty() ? std::string("key") : shape.key.location_name;
        std::string value_name = shape.value.location_name.empty() ? std::string("value") : shape.value.location_name;
        size_t i = 0;
        for (const auto& [k, v] : node.members) {
            ++i;
            std::string entry_path = fmt::format("{}[{}]", path, k);
            if (auto ok = value(shape.key, Node::make_string(k), fmt::format("{}.{}.{}", entries, i, key_name), entry_path); !ok)
                return ok;
            if (auto ok = value(shape.value, v, fmt::format("{}.{}.{}", entries, i, value_name), entry_path); !ok) return ok;
        }
        return {};
    }
};

}  // namespace

Result<FormParams> query_params(const ServiceModel& model, const Operation& op, const Node& input) {
    FormParams params{{"Action", op.name}, {"Version", model.metadata().api_version}};
    if (!op.input) {
        if (!input.is_null() && !(input.is_object() && input.members.empty()))
            return invalid_input("", fmt::format("{} takes no parameters", op.name));
        return params;
    }
    const Node empty = Node::make_object();
    Flattener flattener(params);
    if (auto ok = flattener.structure(*op.input, input.is_null() ? empty : input, {}, {}); !ok)
        return Unexpected(ok.error());
    return params;
}

namespace {

// Python's quote_plus, which botocore uses: RFC 3986's unreserved characters as they are,
// a space as '+', every other byte %XX.
void append_form_encoded(std::string& out, std::string_view text) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' || u == '_' ||
            u == '.' || u == '~') {
            out += c;
        } else if (u == ' ') {
            out += '+';
        } else {
            out += '%';
            out += k_hex[u >> 4];
            out += k_hex[u & 15];
        }
    }
}

}  // namespace

std::string form_encode(const FormParams& params) {
    std::string out;
    for (const auto& [name, value] : params) {
        if (!out.empty()) out += '&';
        append_form_encoded(out, name);
        out += '=';
        append_form_encoded(out, value);
    }
    return out;
}

}  // namespace jg::wire
