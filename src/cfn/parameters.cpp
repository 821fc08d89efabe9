#include "cfn/parameters.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <vector>

#include "core/strings.hpp"

namespace jg::cfn {
namespace {

constexpr size_t k_max_pattern_input = 4096;  // CloudFormation's limit on a parameter value

Unexpected violation(const Parameter& p, std::string message) {
    if (!p.constraint_description.empty())
        message = fmt::format("Parameter '{}' failed to satisfy constraint: {}", p.name, p.constraint_description);
    return fail_at(p.loc, "ValidationError", std::move(message));
}

std::optional<double> parse_number(const std::string& s) {
    std::string t = jg::trim(s);
    if (t.empty()) return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size()) return std::nullopt;
    return v;
}

// Whether a quantified group itself holds a quantifier, as in (a+)+: std::regex backtracks
// and such patterns take exponential time on a near-miss, so they are refused up front.
bool nested_quantifier(const std::string& pattern) {
    std::vector<bool> quantified_inside;  // one entry per open group
    bool escaped = false;
    for (size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (escaped) {
            escaped = false;
            continue;
        }
        if (c == '\\') escaped = true;
        else if (c == '(') quantified_inside.push_back(false);
        else if ((c == '+' || c == '*' || c == '{') && !quantified_inside.empty()) quantified_inside.back() = true;
        else if (c == ')' && !quantified_inside.empty()) {
            bool inner = quantified_inside.back();
            quantified_inside.pop_back();
            char next = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
            if (inner && (next == '+' || next == '*' || next == '{')) return true;
            if (inner && !quantified_inside.empty()) quantified_inside.back() = true;
        }
    }
    return false;
}

}  // namespace

Result<void> check_parameter_value(const Parameter& p, const std::string& value) {
    if (!p.allowed_values.empty() &&
        std::find(p.allowed_values.begin(), p.allowed_values.end(), value) == p.allowed_values.end())
        return violation(p, fmt::format("Parameter '{}' must be one of AllowedValues", p.name));
    if (p.kind == ParamKind::number || p.kind == ParamKind::number_list) {
        auto n = parse_number(value);
        if (!n) return fail_at(p.loc, "ValidationError", fmt::format("Parameter '{}' must be a number", p.name));
        if (p.min_value && *n < *p.min_value)
            return violation(p, fmt::format("Parameter '{}' must be a number not less than {}", p.name, *p.min_value));
        if (p.max_value && *n > *p.max_value)
            return violation(p, fmt::format("Parameter '{}' must be a number not greater than {}", p.name, *p.max_value));
        return {};
    }
    if (p.min_length && static_cast<double>(value.size()) < *p.min_length)
        return violation(p, fmt::format("Parameter '{}' must contain at least {} characters", p.name, *p.min_length));
    if (p.max_length && static_cast<double>(value.size()) > *p.max_length)
        return violation(p, fmt::format("Parameter '{}' must contain at most {} characters", p.name, *p.max_length));
    if (p.allowed_pattern) {
        if (value.size() > k_max_pattern_input)
            return violation(p, fmt::format("Parameter '{}' must match pattern {}", p.name, *p.allowed_pattern));
        if (nested_quantifier(*p.allowed_pattern))
            return fail_at(p.loc, "ValidationError",
                           fmt::format("parameter '{}': AllowedPattern {} nests quantifiers (like (a+)+), which can take exponential time; jumpgate refuses it", p.name, *p.allowed_pattern));
        try {
            std::regex re(*p.allowed_pattern);
            if (!std::regex_match(value, re))
                return violation(p, fmt::format("Parameter '{}' must match pattern {}", p.name, *p.allowed_pattern));
        } catch (const std::exception&) {
            return fail_at(p.loc, "ValidationError",
                           fmt::format("Template format error: Parameter '{}' AllowedPattern {} is not a valid regular expression", p.name, *p.allowed_pattern));
        }
    }
    return {};
}

tl::expected<std::map<std::string, Node>, Errors> bind_parameters(
    const Template& t, const std::map<std::string, std::string>& given) {
    Errors errors;
    std::vector<std::string> unknown;
    for (const auto& [name, value] : given)
        if (!t.find_parameter(name)) unknown.push_back(name);
    if (!unknown.empty())
        errors.push_back(Error{"ValidationError", fmt::format("Parameters: [{}] do not exist in the template", jg::join(unknown, ", ")),
                               Location{t.loc.file, 0, 0}});  // given on the command line: the file, no line
    std::vector<std::string> missing;
    Location missing_loc;
    std::map<std::string, Node> out;
    for (const auto& p : t.parameters) {
        std::optional<std::string> value;
        if (auto it = given.find(p.name); it != given.end()) value = it->second;
        else value = p.default_value;
        if (!value) {
            if (missing.empty()) missing_loc = p.loc;
            missing.push_back(p.name);
            continue;
        }
        bool list = p.kind == ParamKind::number_list || p.kind == ParamKind::string_list;
        if (!list) {
            if (auto ok = check_parameter_value(p, *value); !ok) {
                errors.push_back(ok.error());
                continue;
            }
            out.emplace(p.name, Node::make_string(*value, p.loc));
            continue;
        }
        Node items = Node::make_array(p.loc);
        if (!value->empty()) {
            for (const auto& part : jg::split(*value, ',')) {
                std::string item = jg::trim(part);
                if (auto ok = check_parameter_value(p, item); !ok) {
                    errors.push_back(ok.error());
                    break;
                }
                items.push(Node::make_string(item, p.loc));
            }
        }
        out.emplace(p.name, std::move(items));
    }
    if (!missing.empty())
        errors.insert(errors.begin(), Error{"ValidationError", fmt::format("Parameters: [{}] must have values", jg::join(missing, ", ")), missing_loc});
    if (!errors.empty()) return tl::unexpected(std::move(errors));
    return out;
}

}  // namespace jg::cfn
