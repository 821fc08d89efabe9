#include "policy/lint_conditions.hpp"

#include <fmt/format.h>

#include "core/strings.hpp"
#include "policy/action_catalog.hpp"
#include "policy/operators.hpp"

namespace jg::policy {
namespace {

// The operator family a condition key of this type is compared with. ARN keys also take
// the String operators (AWS documents both for aws:SourceArn and aws:PrincipalArn).
bool type_fits(ValueType op_type, ConditionKeyType key_type) {
    switch (element_type(key_type)) {
        case ConditionKeyType::string: return op_type == ValueType::string;
        case ConditionKeyType::arn: return op_type == ValueType::arn || op_type == ValueType::string;
        case ConditionKeyType::numeric: return op_type == ValueType::numeric;
        case ConditionKeyType::date: return op_type == ValueType::date;
        case ConditionKeyType::boolean: return op_type == ValueType::boolean;
        case ConditionKeyType::ip_address: return op_type == ValueType::ip;
        case ConditionKeyType::binary: return op_type == ValueType::binary;
        default: return true;
    }
}

std::string_view family_name(ValueType t) {
    switch (t) {
        case ValueType::string: return "String";
        case ValueType::numeric: return "Numeric";
        case ValueType::date: return "Date";
        case ValueType::boolean: return "Bool";
        case ValueType::binary: return "Binary";
        case ValueType::ip: return "IpAddress";
        case ValueType::arn: return "Arn";
        case ValueType::null: return "Null";
    }
    return "String";
}

bool is_bool_text(std::string_view v) { return iequals(v, "true") || iequals(v, "false"); }

// Whether a value can be read the way the operator compares it. Values holding policy
// variables are resolved at request time and are not judged here.
bool value_fits(ValueType t, const std::string& v) {
    if (v.find("${") != std::string::npos) return true;
    switch (t) {
        case ValueType::numeric: return parse_number(v).has_value();
        case ValueType::date: return parse_date(v).has_value();
        case ValueType::boolean:
        case ValueType::null: return is_bool_text(v);
        case ValueType::ip: return parse_ip(v).has_value();
        case ValueType::binary: return base64_decode(v).has_value();
        default: return true;
    }
}

void add(std::vector<Finding>& out, std::string code, Severity severity, const Location& where,
         std::string message) {
    out.push_back(Finding{std::move(code), severity, where, std::move(message)});
}

std::vector<const Node*> values_of(const Node& n) {
    std::vector<const Node*> out;
    if (n.is_array()) {
        for (const Node& item : n.items)
            if (item.is_scalar()) out.push_back(&item);
    } else if (n.is_scalar()) {
        out.push_back(&n);
    }
    return out;
}

// aws:MultiFactorAuthPresent is absent from requests signed with long-term access keys,
// so an …IfExists test passes for them and a plain Bool test fails (page
// id_credentials_mfa_configure-api-require).
void check_mfa(const std::string& op_text, const ParsedOperator& op, const Node& values, bool allow,
               const Location& where, std::vector<Finding>& out) {
    if (op.op != ConditionOp::bool_ || op.qualifier != SetQualifier::none) return;
    for (const Node* v : values_of(values)) {
        if (allow && op.if_exists && iequals(v->text, "true")) {
            add(out, "mfa-bool-if-exists-allow", Severity::warning, where,
                fmt::format("\"{}\" with aws:MultiFactorAuthPresent \"true\" in an Allow also matches requests "
                            "signed with long-term access keys, which carry no MFA key: MFA can be bypassed; "
                            "use \"Bool\" to require MFA",
                            op_text));
        } else if (!allow && !op.if_exists && iequals(v->text, "false")) {
            add(out, "mfa-bool-deny", Severity::warning, where,
                fmt::format("\"{}\" with aws:MultiFactorAuthPresent \"false\" in a Deny does not match requests "
                            "signed with long-term access keys, where the key is absent; use \"BoolIfExists\" "
                            "to deny them too",
                            op_text));
        }
    }
}

void check_key(const std::string& op_text, const ParsedOperator& op, const std::string& key, const Location& key_loc,
               const Node& values, bool allow, std::vector<Finding>& out) {
    ValueType op_type = value_type(op.op);
    // Values must read as the operator's type, whatever the key.
    for (const Node* v : values_of(values)) {
        if (!value_fits(op_type, v->text))
            add(out, "type-mismatch", Severity::warning, v->loc,
                fmt::format("\"{}\" is not a valid {} value for \"{}\"", v->text,
                            op_type == ValueType::null ? "Null (true or false)" : family_name(op_type), op_text));
    }
    if (iequals(key, "aws:MultiFactorAuthPresent")) check_mfa(op_text, op, values, allow, key_loc, out);

    const ConditionKeyInfo* info = ActionCatalog::instance().find_global_condition_key(key);
    if (!info) {
        if (starts_with_icase(key, "aws:"))
            add(out, "unknown-condition-key", Severity::warning, key_loc,
                fmt::format("\"{}\" is not a global condition key: a condition on a key that is never in the "
                            "request is false (true for negated operators)",
                            key));
        return;
    }
    if (op_type != ValueType::null && !type_fits(op_type, info->type)) {
        add(out, "type-mismatch", Severity::warning, key_loc,
            fmt::format("\"{}\" compares \"{}\" as {}, but the key is of type {}", op_text, info->key,
                        family_name(op_type), to_string(info->type)));
    }
    if (op.qualifier != SetQualifier::none && !is_multivalued(info->type)) {
        add(out, "set-operator-single-valued", Severity::warning, key_loc,
            fmt::format("\"{}\" is a set operator, but \"{}\" is single-valued{}", op_text, info->key,
                        op.qualifier == SetQualifier::for_all_values && allow
                            ? ": ForAllValues is also true when the key is absent"
                            : ""));
    }
}

}  // namespace

void lint_conditions(const Node& condition, bool allow, std::vector<Finding>& out) {
    if (!condition.is_object()) return;  // a grammar error, reported by the parser
    for (std::size_t i = 0; i < condition.members.size(); ++i) {
        const auto& [op_text, block] = condition.members[i];
        auto op = parse_operator(op_text);
        if (!op) {
            add(out, "unknown-condition-operator", Severity::error, condition.key_locs[i],
                fmt::format("\"{}\" is not a condition operator", op_text));
            continue;
        }
        if (!block.is_object()) continue;
        for (std::size_t k = 0; k < block.members.size(); ++k)
            check_key(op_text, *op, block.members[k].first, block.key_locs[k], block.members[k].second, allow, out);
    }
}

}  // namespace jg::policy
