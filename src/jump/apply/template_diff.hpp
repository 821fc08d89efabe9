// What an update of a stack or StackSet changes inside it, for plan to show: resources
// added and removed, and for each resource in both its changed properties — IAM policy
// documents (trust, managed, inline) statement by statement, so that a principal or a
// condition that changes shows as the statement removed and the one added.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "jump/render/templates.hpp"

namespace jg::jump {

// One line per difference, e.g. "+ resource X (AWS::IAM::Role)", "~ X.ManagedPolicyArns",
// "- X.AssumeRolePolicyDocument statement {...}", "+ X.Policies[P] statement {...}".
// A template that cannot be read gives one line saying so.
std::vector<std::string> template_diff(std::string_view live_body, std::string_view desired_body);

// "~ parameter K: OLD -> NEW" for each declared parameter whose live value differs.
std::vector<std::string> parameter_diff(const Parameters& live, const Parameters& desired);

}  // namespace jg::jump
