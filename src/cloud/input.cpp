#include "cloud/input.hpp"

#include <fmt/format.h>

#include <cctype>

#include "core/strings.hpp"

namespace jg::cloud {

namespace {

// botocore member names are UpperCamelCase; AWS's messages name them lowerCamelCase.
std::string lower_camel(std::string_view member) {
    std::string s(member);
    if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
}

}  // namespace

Unexpected validation_error(std::string_view member, std::optional<std::string_view> value, std::string_view what) {
    std::string shown = value ? fmt::format("'{}'", *value) : std::string("null");
    return fail("ValidationError", fmt::format("1 validation error detected: Value {} at '{}' failed to satisfy "
                                               "constraint: {}",
                                               shown, lower_camel(member), what));
}

Result<std::string> required_string(const Node& input, std::string_view member) {
    const Node* v = input.find(member);
    if (!v || v->is_null()) return validation_error(member, std::nullopt, "Member must not be null");
    if (!v->is_scalar()) return validation_error(member, std::nullopt, "Member must be a string");
    return v->text;
}

std::optional<std::string> optional_string(const Node& input, std::string_view member) {
    const Node* v = input.find(member);
    if (!v || v->is_null() || !v->is_scalar()) return std::nullopt;
    return v->text;
}

Result<std::optional<std::int64_t>> optional_int(const Node& input, std::string_view member) {
    const Node* v = input.find(member);
    if (!v || v->is_null()) return std::optional<std::int64_t>{};
    const std::string& t = v->text;
    bool digits = !t.empty() && v->is_scalar();
    for (std::size_t i = 0; i < t.size() && digits; ++i)
        digits = std::isdigit(static_cast<unsigned char>(t[i])) || (i == 0 && t[i] == '-' && t.size() > 1);
    if (!digits || t.size() > 18) return validation_error(member, t, "Member must be an integer");
    return std::optional<std::int64_t>(std::stoll(t));
}

Result<std::optional<bool>> optional_bool(const Node& input, std::string_view member) {
    const Node* v = input.find(member);
    if (!v || v->is_null()) return std::optional<bool>{};
    if (v->text == "true") return std::optional<bool>(true);
    if (v->text == "false") return std::optional<bool>(false);
    return validation_error(member, v->text, "Member must be a boolean");
}

Result<void> check_length(std::string_view member, std::string_view value, std::size_t min, std::size_t max) {
    if (value.size() < min)
        return validation_error(member, value, fmt::format("Member must have length greater than or equal to {}", min));
    if (value.size() > max)
        return validation_error(member, value, fmt::format("Member must have length less than or equal to {}", max));
    return {};
}

Result<void> check_name(std::string_view member, std::string_view value, std::size_t max) {
    if (auto ok = check_length(member, value, 1, max); !ok) return ok;
    for (char c : value)
        if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view("_+=,.@-").find(c) == std::string_view::npos)
            return validation_error(member, value, "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    return {};
}

Result<void> check_path(std::string_view member, std::string_view value) {
    if (auto ok = check_length(member, value, 1, 512); !ok) return ok;
    bool ok = value == "/" || (value.size() >= 3 && value.front() == '/' && value.back() == '/');
    for (char c : value) ok = ok && c >= 0x21 && c <= 0x7e;
    if (!ok)
        return validation_error(member, value,
                                "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    return {};
}

Result<Tags> read_tags(const Node& input, std::string_view member) {
    Tags tags;
    const Node* list = input.find(member);
    if (!list || list->is_null()) return tags;
    if (!list->is_array()) return validation_error(member, std::nullopt, "Member must be a list");
    if (list->items.size() > 50)
        return validation_error(member, std::nullopt, "Member must have length less than or equal to 50");
    for (const Node& t : list->items) {
        auto key = required_string(t, "Key");
        if (!key) return Unexpected(key.error());
        auto value = required_string(t, "Value");
        if (!value) return Unexpected(value.error());
        if (auto ok = check_length("tags.member.key", *key, 1, 128); !ok) return Unexpected(ok.error());
        if (auto ok = check_length("tags.member.value", *value, 0, 256); !ok) return Unexpected(ok.error());
        for (const auto& [k, v] : tags)
            if (iequals(k, *key)) return fail("InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        tags.emplace_back(std::move(*key), std::move(*value));
    }
    return tags;
}

Node tags_node(const Tags& tags) {
    Node list = Node::make_array();
    for (const auto& [k, v] : tags) {
        Node t = Node::make_object();
        t.add("Key", str(k));
        t.add("Value", str(v));
        list.push(std::move(t));
    }
    return list;
}

Result<Paging> read_paging(const Node& input) {
    Paging p;
    if (auto marker = optional_string(input, "Marker")) {
        if (auto ok = check_length("Marker", *marker, 1, 320); !ok) return Unexpected(ok.error());
        p.marker = *marker;
    }
    auto max = optional_int(input, "MaxItems");
    if (!max) return Unexpected(max.error());
    if (*max) {
        if (**max < 1) return validation_error("MaxItems", std::to_string(**max), "Member must have value greater than or equal to 1");
        if (**max > 1000)
            return validation_error("MaxItems", std::to_string(**max), "Member must have value less than or equal to 1000");
        p.max_items = static_cast<std::size_t>(**max);
    }
    return p;
}

void add_paging(Node& output, const store::Page& page) {
    output.add("IsTruncated", boolean(page.truncated));
    if (page.truncated && !page.entries.empty()) output.add("Marker", str(page.entries.back().name));
}

Node str(std::string_view s) { return Node::make_string(std::string(s)); }
Node num(std::int64_t n) { return Node::make_number(std::to_string(n)); }
Node boolean(bool b) { return Node::make_bool(b); }

}  // namespace jg::cloud
