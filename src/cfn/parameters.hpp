// Parameter values for a stack: defaults, the values given, and the template's constraints
// (AllowedValues, AllowedPattern, Min/MaxLength, Min/MaxValue), in CloudFormation's words.
#pragma once

#include <map>
#include <string>

#include "cfn/template.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cfn {

// Each parameter's value: a string, or a list of strings for List<Number>,
// CommaDelimitedList and List<AWS::...> (items space-trimmed).
tl::expected<std::map<std::string, Node>, Errors> bind_parameters(
    const Template& t, const std::map<std::string, std::string>& given);

// One value (a list item for list types) against the parameter's constraints.
Result<void> check_parameter_value(const Parameter& p, const std::string& value);

}  // namespace jg::cfn
