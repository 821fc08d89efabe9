#include "policy/conditions.hpp"

#include "core/strings.hpp"

namespace jg::policy {
namespace {

// A value ArnLike can compare: "arn:" and six parts.
bool split_arn_shaped(std::string_view s) {
    size_t colons = 0;
    for (char ch : s)
        if (ch == ':' && ++colons == 5) return s.rfind("arn:", 0) == 0;
    return false;
}

}  // namespace

CompiledCondition compile_condition(const Condition& c, bool variables) {
    CompiledCondition out;
    out.positive = positive_of(c.op);
    out.negated = op_is_negated(c.op);
    out.qualifier = c.qualifier;
    out.if_exists = c.if_exists;
    out.key = to_lower(c.key);
    // Variables only in string, ARN and Bool values (reference_policies_variables).
    ValueType type = value_type(c.op);
    bool vars = variables && (type == ValueType::string || type == ValueType::arn || type == ValueType::boolean);
    for (const auto& v : c.values) {
        CompiledValue cv;
        cv.text = Template::parse(v.text, vars);
        switch (type) {
            case ValueType::numeric: cv.number = parse_number(v.text); break;
            case ValueType::date: cv.date = parse_date(v.text); break;
            case ValueType::ip: cv.ip = parse_ip(v.text); break;
            case ValueType::binary: cv.binary = base64_decode(v.text); break;
            default: break;
        }
        out.values.push_back(std::move(cv));
    }
    return out;
}

namespace {

// Does one request value match one policy value under the (non-negated) operator?
bool value_matches(ConditionOp op, const CompiledValue& pv, std::string_view rv, const RequestContext& request) {
    thread_local std::string buf;
    switch (op) {
        case ConditionOp::string_equals:
        case ConditionOp::string_equals_ignore_case:
        case ConditionOp::bool_: {
            const std::string* text = &pv.text.plain();
            if (pv.text.has_variables()) {
                if (!pv.text.expand(request, false, buf)) return false;
                text = &buf;
            }
            if (op == ConditionOp::string_equals) return *text == rv;
            return iequals(*text, rv);  // Bool: "true"/"TRUE" alike
        }
        case ConditionOp::string_like: {
            const std::string* text = &pv.text.pattern();
            if (pv.text.has_variables()) {
                if (!pv.text.expand(request, true, buf)) return false;
                text = &buf;
            }
            return glob_match(*text, rv);
        }
        case ConditionOp::arn_equals:
        case ConditionOp::arn_like: {
            const std::string* text = &pv.text.pattern();
            if (pv.text.has_variables()) {
                if (!pv.text.expand(request, true, buf)) return false;
                text = &buf;
            }
            if (!split_arn_shaped(rv)) return false;
            return arn_glob_match(*text, rv);
        }
        case ConditionOp::numeric_equals:
        case ConditionOp::numeric_less_than:
        case ConditionOp::numeric_less_than_equals:
        case ConditionOp::numeric_greater_than:
        case ConditionOp::numeric_greater_than_equals: {
            auto n = parse_number(rv);
            if (!n || !pv.number) return false;
            double a = *n, b = *pv.number;
            switch (op) {
                case ConditionOp::numeric_equals: return a == b;
                case ConditionOp::numeric_less_than: return a < b;
                case ConditionOp::numeric_less_than_equals: return a <= b;
                case ConditionOp::numeric_greater_than: return a > b;
                default: return a >= b;
            }
        }
        case ConditionOp::date_equals:
        case ConditionOp::date_less_than:
        case ConditionOp::date_less_than_equals:
        case ConditionOp::date_greater_than:
        case ConditionOp::date_greater_than_equals: {
            auto d = parse_date(rv);
            if (!d || !pv.date) return false;
            int64_t a = *d, b = *pv.date;
            switch (op) {
                case ConditionOp::date_equals: return a == b;
                case ConditionOp::date_less_than: return a < b;
                case ConditionOp::date_less_than_equals: return a <= b;
                case ConditionOp::date_greater_than: return a > b;
                default: return a >= b;
            }
        }
        case ConditionOp::ip_address: {
            auto ip = parse_ip(rv);
            return ip && pv.ip && ip_in(*ip, *pv.ip);
        }
        case ConditionOp::binary_equals: {
            if (pv.binary) {
                auto bin = base64_decode(rv);
                if (bin) return *bin == *pv.binary;
            }
            return pv.text.plain() == rv;
        }
        default: return false;
    }
}

// Some policy value matches this request value.
bool any_value_matches(const CompiledCondition& c, std::string_view rv, const RequestContext& request) {
    for (const auto& pv : c.values)
        if (value_matches(c.positive, pv, rv, request)) return true;
    return false;
}

}  // namespace

bool condition_matches(const CompiledCondition& c, const RequestContext& request) {
    const std::vector<std::string>* values = request.find_lower(c.key);
    bool missing = !values || values->empty();
    if (c.positive == ConditionOp::null) {
        // Null: "true" asks for the key to be absent, "false" for it to be present.
        for (const auto& pv : c.values) {
            bool want_absent = iequals(pv.text.source(), "true");
            if (!want_absent && !iequals(pv.text.source(), "false")) continue;
            if (want_absent == missing) return true;
        }
        return false;
    }
    if (missing) {
        // A missing key fails a condition, except under IfExists, a negated operator
        // (NOR over nothing) and ForAllValues (vacuously true). ForAnyValue is false
        // for a missing key whatever the suffix: there is no value to satisfy it
        // (reference_policies_condition-single-vs-multi-valued-context-keys).
        if (c.qualifier == SetQualifier::for_any_value) return false;
        if (c.if_exists || c.qualifier == SetQualifier::for_all_values) return true;
        return c.negated;
    }
    // Per request value: does it satisfy the operator? For a negated operator that is
    // "matches none of the policy values".
    auto satisfied = [&](const std::string& rv) { return any_value_matches(c, rv, request) != c.negated; };
    switch (c.qualifier) {
        case SetQualifier::for_all_values:
            for (const auto& rv : *values)
                if (!satisfied(rv)) return false;
            return true;
        case SetQualifier::for_any_value:
            for (const auto& rv : *values)
                if (satisfied(rv)) return true;
            return false;
        case SetQualifier::none:
            break;
    }
    // Without a qualifier, values of the key are ORed (any matches) and a negated
    // operator is true only if no request value matches any policy value (NOR).
    for (const auto& rv : *values)
        if (any_value_matches(c, rv, request)) return !c.negated;
    return c.negated;
}

}  // namespace jg::policy
