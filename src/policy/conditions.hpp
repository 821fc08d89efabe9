// Condition blocks compiled once (values pre-parsed by the operator's type) and evaluated
// against a request: missing keys, IfExists, ForAllValues/ForAnyValue, NOR for negated
// operators, Null, policy variables in String/Arn/Bool values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "policy/model.hpp"
#include "policy/operators.hpp"
#include "policy/pattern.hpp"
#include "policy/request.hpp"

namespace jg::policy {

struct CompiledValue {
    Template text;
    std::optional<double> number;
    std::optional<int64_t> date;
    std::optional<IpNet> ip;
    std::optional<std::string> binary;
};

struct CompiledCondition {
    ConditionOp positive = ConditionOp::string_equals;  // a negated operator's counterpart
    bool negated = false;
    SetQualifier qualifier = SetQualifier::none;
    bool if_exists = false;
    std::string key;  // lower-case
    std::vector<CompiledValue> values;
};

// `variables`: the document is Version 2012-10-17.
CompiledCondition compile_condition(const Condition& c, bool variables);

bool condition_matches(const CompiledCondition& c, const RequestContext& request);

}  // namespace jg::policy
