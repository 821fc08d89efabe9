#include "wire/query_decoder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>

#include "core/strings.hpp"
#include "wire/query_values.hpp"

namespace jg::wire {

QueryParams parse_form(std::string_view body) {
    QueryParams out;
    size_t pos = 0;
    while (pos <= body.size()) {
        size_t end = body.find('&', pos);
        if (end == std::string_view::npos) end = body.size();
        std::string_view pair = body.substr(pos, end - pos);
        if (!pair.empty()) {
            size_t eq = pair.find('=');
            if (eq == std::string_view::npos)
                out.emplace_back(percent_decode(pair), std::string());
            else
                out.emplace_back(percent_decode(pair.substr(0, eq)), percent_decode(pair.substr(eq + 1)));
        }
        pos = end + 1;
    }
    return out;
}

std::string percent_decode(std::string_view text) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

namespace {

using ParamMap = std::map<std::string, std::string, std::less<>>;

// AWS names members in validation messages with a lower-case first letter ("userName",
// "sAMLProviderArn").
std::string path_name(std::string_view member) {
    std::string s(member);
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
}

std::string join_path(std::string_view parent, std::string_view child) {
    std::string out;
    out.reserve(parent.size() + 1 + child.size());
    out.append(parent);
    if (!parent.empty()) out += '.';
    out.append(child);
    return out;
}

std::string bound(double v) {
    if (std::abs(v) < 1e15 && v == std::floor(v)) return std::to_string(static_cast<int64_t>(v));
    return fmt::format("{}", v);
}

bool is_scalar(ShapeType t) {
    return t != ShapeType::structure && t != ShapeType::list && t != ShapeType::map;
}

void check_length(const Shape& shape, double length, std::vector<std::string>& out) {
    if (shape.min && length < *shape.min)
        out.push_back("Member must have length greater than or equal to " + bound(*shape.min));
    if (shape.max && length > *shape.max)
        out.push_back("Member must have length less than or equal to " + bound(*shape.max));
}

// CloudFormation's StackSets take the accounts and regions of an operation as one
// comma-separated value too: the console's "account numbers" field and the article's
// `create-stack-instances --accounts A,B,C` (which the aws CLI sends as a single list member)
// deploy to each account. Such a member counts as its comma-separated items, each validated
// on its own. (Observed through the article's runbook, not a documented rule.)
bool comma_joined(const Shape& list) { return list.name == "AccountList" || list.name == "RegionList"; }

std::vector<std::string> list_items(const Shape& list, const std::string& text) {
    if (!comma_joined(list) || text.find(',') == std::string::npos) return {text};
    std::vector<std::string> out;
    std::string_view rest = text;
    while (true) {
        size_t comma = rest.find(',');
        out.emplace_back(trim(rest.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return out;
}

struct Scalar {
    std::optional<Node> value;            // absent when the text is not of the shape's type
    std::vector<std::string> violations;  // "Member must …" constraint texts
};

// The wording for values of the wrong type is jumpgate's: AWS's own texts for these are
// not recorded anywhere we could check.
Scalar decode_scalar(const Shape& shape, const std::string& text) {
    Scalar r;
    switch (shape.type) {
        case ShapeType::string: {
            check_length(shape, static_cast<double>(utf16_length(text)), r.violations);
            if (shape.pattern && !shape.pattern->matches(text))
                r.violations.push_back("Member must satisfy regular expression pattern: " + shape.pattern->source());
            if (!shape.enum_values.empty()) {
                bool known = false;
                for (const auto& e : shape.enum_values) known = known || e == text;
                if (!known)
                    r.violations.push_back(fmt::format("Member must satisfy enum value set: [{}]", join(shape.enum_values, ", ")));
            }
            r.value = Node::make_string(text);
            break;
        }
        case ShapeType::integer:
        case ShapeType::long_integer: {
            bool is_long = shape.type == ShapeType::long_integer;
            auto v = parse_integer(text, is_long ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int32_t>::min(),
                                   is_long ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int32_t>::max());
            if (!v) {
                r.violations.push_back(is_long ? "Member must be a long integer" : "Member must be an integer");
                break;
            }
            if (shape.min && static_cast<double>(*v) < *shape.min)
                r.violations.push_back("Member must have value greater than or equal to " + bound(*shape.min));
            if (shape.max && static_cast<double>(*v) > *shape.max)
                r.violations.push_back("Member must have value less than or equal to " + bound(*shape.max));
            r.value = Node::make_number(std::to_string(*v));
            break;
        }
        case ShapeType::float_number:
        case ShapeType::double_number: {
            auto v = parse_decimal(text);
            if (!v) {
                r.violations.push_back("Member must be a number");
                break;
            }
            if (shape.min && *v < *shape.min)
                r.violations.push_back("Member must have value greater than or equal to " + bound(*shape.min));
            if (shape.max && *v > *shape.max)
                r.violations.push_back("Member must have value less than or equal to " + bound(*shape.max));
            r.value = Node::make_number(text);
            break;
        }
        case ShapeType::boolean: {
            auto v = parse_boolean(text);
            if (!v) r.violations.push_back("Member must be a boolean (true or false)");
            else r.value = Node::make_bool(*v);
            break;
        }
        case ShapeType::timestamp: {
            auto v = parse_timestamp(text);
            if (!v) r.violations.push_back("Member must be a timestamp in ISO 8601 format");
            else r.value = Node::make_string(format_timestamp(*v));
            break;
        }
        case ShapeType::blob: {
            auto v = base64_decode(text);
            if (!v) {
                r.violations.push_back("Member must be base64-encoded");
                break;
            }
            check_length(shape, static_cast<double>(v->size()), r.violations);
            r.value = Node::make_string(std::move(*v));
            break;
        }
        default: break;
    }
    return r;
}

class Decoder {
public:
    explicit Decoder(const ParamMap& params) : m_params(params) {}

    std::vector<std::string> errors;

    // Always an object, also when nothing of it was sent (the top-level input).
    Node decode_struct(const Shape& shape, const std::string& key, const std::string& path) {
        Node out = Node::make_object();
        for (const auto& member : shape.members) {
            std::string member_key = join_path(key, member_wire_name(member));
            std::string member_path = join_path(path, path_name(member.name));
            auto value = decode(member, member_key, member_path);
            if (value)
                out.add(member.name, std::move(*value));
            else if (member.required)
                errors.push_back(fmt::format("Value null at '{}' failed to satisfy constraint: Member must not be null",
                                             member_path));
        }
        return out;
    }

private:
    const ParamMap& m_params;

    static bool flattened(const ShapeRef& ref) { return ref.flattened || (ref.shape && ref.shape->flattened); }

    // A flattened list whose element has a locationName is sent under that name.
    static const std::string& member_wire_name(const ShapeRef& member) {
        if (member.shape->type == ShapeType::list && flattened(member) && !member.shape->element.location_name.empty())
            return member.shape->element.location_name;
        return member.wire_name();
    }

    const std::string* exact(const std::string& key) const {
        auto it = m_params.find(key);
        return it == m_params.end() ? nullptr : &it->second;
    }

    bool has_children(const std::string& key) const {
        std::string prefix = key + ".";
        auto it = m_params.lower_bound(prefix);
        return it != m_params.end() && it->first.compare(0, prefix.size(), prefix) == 0;
    }

    // The numbered children `prefix.N…` (N ≥ 1), in numeric order, as their key prefixes.
    std::vector<std::string> numbered(const std::string& prefix) const {
        std::map<int64_t, std::string> found;
        std::string dotted = prefix + ".";
        for (auto it = m_params.lower_bound(dotted); it != m_params.end(); ++it) {
            const std::string& k = it->first;
            if (k.compare(0, dotted.size(), dotted) != 0) break;
            size_t end = k.find('.', dotted.size());
            std::string_view n = std::string_view(k).substr(dotted.size(), end == std::string::npos ? std::string::npos
                                                                                                   : end - dotted.size());
            auto index = parse_integer(n, 1, 1000000);
            if (index && n[0] != '+' && n[0] != '-') found.emplace(*index, dotted + std::string(n));
        }
        std::vector<std::string> out;
        out.reserve(found.size());
        for (auto& [_, p] : found) out.push_back(std::move(p));
        return out;
    }

    std::string value_text(const Shape& shape, std::string_view rendered) const {
        return shape.sensitive ? std::string("Value") : fmt::format("Value '{}'", rendered);
    }

    void report(const Shape& shape, std::string_view rendered, const std::string& path,
                const std::vector<std::string>& violations) {
        for (const auto& v : violations)
            errors.push_back(fmt::format("{} at '{}' failed to satisfy constraint: {}", value_text(shape, rendered), path, v));
    }

    std::optional<Node> decode(const ShapeRef& ref, const std::string& key, const std::string& path) {
        const Shape& shape = *ref.shape;
        switch (shape.type) {
            case ShapeType::structure:
                if (!has_children(key)) return std::nullopt;
                return decode_struct(shape, key, path);
            case ShapeType::list: return decode_list(ref, key, path);
            case ShapeType::map: return decode_map(ref, key, path);
            default: {
                const std::string* text = exact(key);
                if (!text) return std::nullopt;
                Scalar s = decode_scalar(shape, *text);
                report(shape, *text, path, s.violations);
                return std::move(s.value);
            }
        }
    }

    // Scalar elements are judged together, as AWS does: "Value '[a, b]' at 'x' failed to
    // satisfy constraint: Member must satisfy constraint: [Member must …]".
    std::optional<Node> decode_list(const ShapeRef& ref, const std::string& key, const std::string& path) {
        const Shape& shape = *ref.shape;
        const ShapeRef& element = shape.element;
        std::string items_prefix =
            flattened(ref) ? key : join_path(key, element.location_name.empty() ? "member" : element.location_name);
        std::vector<std::string> items = numbered(items_prefix);
        if (items.empty() && !exact(key)) return std::nullopt;
        Node out = Node::make_array();
        std::vector<std::string> texts;
        std::vector<std::string> element_violations;
        for (size_t i = 0; i < items.size(); ++i) {
            std::string item_path = fmt::format("{}.{}.member", path, i + 1);
            if (is_scalar(element.shape->type)) {
                const std::string* text = exact(items[i]);
                if (!text) continue;
                for (const std::string& one : list_items(shape, *text)) {
                    Scalar s = decode_scalar(*element.shape, one);
                    texts.push_back(one);
                    for (auto& v : s.violations)
                        if (std::find(element_violations.begin(), element_violations.end(), v) == element_violations.end())
                            element_violations.push_back(std::move(v));
                    if (s.value) out.push(std::move(*s.value));
                }
            } else {
                auto value = decode(element, items[i], item_path);
                if (value) out.push(std::move(*value));
                texts.push_back("…");
            }
        }
        std::string rendered = fmt::format("[{}]", join(texts, ", "));
        if (!element_violations.empty())
            report(shape, rendered, path,
                   {fmt::format("Member must satisfy constraint: [{}]", join(element_violations, ", "))});
        std::vector<std::string> violations;
        check_length(shape, static_cast<double>(out.items.size()), violations);
        report(shape, rendered, path, violations);
        return out;
    }

    // Maps are judged as a whole too: "Map keys must satisfy constraint: […]" and
    // "Map value must satisfy constraint: […]".
    std::optional<Node> decode_map(const ShapeRef& ref, const std::string& key, const std::string& path) {
        const Shape& shape = *ref.shape;
        std::string entries_prefix = flattened(ref) ? key : join_path(key, "entry");
        std::vector<std::string> entries = numbered(entries_prefix);
        if (entries.empty() && !exact(key)) return std::nullopt;
        std::string key_name = shape.key.location_name.empty() ? std::string("key") : shape.key.location_name;
        std::string value_name = shape.value.location_name.empty() ? std::string("value") : shape.value.location_name;
        Node out = Node::make_object();
        std::vector<std::string> rendered_entries;
        std::vector<std::string> key_violations;
        std::vector<std::string> value_violations;
        auto merge = [](std::vector<std::string>& into, std::vector<std::string> more) {
            for (auto& v : more)
                if (std::find(into.begin(), into.end(), v) == into.end()) into.push_back(std::move(v));
        };
        for (size_t i = 0; i < entries.size(); ++i) {
            const std::string* k = exact(join_path(entries[i], key_name));
            if (!k) continue;
            Scalar ks = decode_scalar(*shape.key.shape, *k);
            merge(key_violations, std::move(ks.violations));
            std::string value_key = join_path(entries[i], value_name);
            std::optional<Node> value;
            std::string rendered_value = "…";
            if (is_scalar(shape.value.shape->type)) {
                if (const std::string* v = exact(value_key)) {
                    Scalar vs = decode_scalar(*shape.value.shape, *v);
                    merge(value_violations, std::move(vs.violations));
                    value = std::move(vs.value);
                    rendered_value = *v;
                }
            } else {
                value = decode(shape.value, value_key, fmt::format("{}.entry.{}.value", path, i + 1));
            }
            rendered_entries.push_back(fmt::format("{}={}", *k, rendered_value));
            if (value) out.add(*k, std::move(*value));
        }
        std::string rendered = fmt::format("{{{}}}", join(rendered_entries, ", "));
        if (!key_violations.empty())
            report(shape, rendered, path, {fmt::format("Map keys must satisfy constraint: [{}]", join(key_violations, ", "))});
        if (!value_violations.empty())
            report(shape, rendered, path,
                   {fmt::format("Map value must satisfy constraint: [{}]", join(value_violations, ", "))});
        std::vector<std::string> violations;
        check_length(shape, static_cast<double>(out.members.size()), violations);
        report(shape, rendered, path, violations);
        return out;
    }
};

Unexpected validation_error(const std::vector<std::string>& errors) {
    return fail("ValidationError", fmt::format("{} validation error{} detected: {}", errors.size(),
                                               errors.size() == 1 ? "" : "s", join(errors, "; ")));
}

}  // namespace

Result<Node> decode_query_input(const Shape* shape, const QueryParams& params) {
    if (!shape) return Node::make_object();
    ParamMap map;
    for (const auto& [k, v] : params)
        if (k != "Action" && k != "Version") map.emplace(k, v);
    Decoder decoder(map);
    Node out = decoder.decode_struct(*shape, {}, {});
    if (!decoder.errors.empty()) return validation_error(decoder.errors);
    return out;
}

Result<QueryRequest> decode_query(const ServiceModel& model, const QueryParams& params) {
    const std::string* action = nullptr;
    const std::string* version = nullptr;
    for (const auto& [k, v] : params) {
        if (k == "Action" && !action) action = &v;
        if (k == "Version" && !version) version = &v;
    }
    // A request without Version is read as the model's version (hand-written requests
    // often omit it); another version has no operations here.
    const std::string& api_version = version ? *version : model.metadata().api_version;
    // No Action at all is AWS's common error MissingAction (what other emulators of the
    // Query protocol answer too); an Action this version lacks is InvalidAction.
    if (!action || action->empty()) return fail("MissingAction", "Missing Action");
    const Operation* op = model.find_operation(*action);
    if (!op || api_version != model.metadata().api_version)
        return fail("InvalidAction", fmt::format("Could not find operation {} for version {}", *action, api_version));
    auto input = decode_query_input(op->input, params);
    if (!input) return tl::unexpected(input.error());
    return QueryRequest{op, std::move(*input)};
}

}  // namespace jg::wire
