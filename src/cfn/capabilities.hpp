// Which capabilities a stack needs before CloudFormation will create it (IAM resources need
// CAPABILITY_IAM; IAM resources with custom names need CAPABILITY_NAMED_IAM).
#pragma once

#include <string>
#include <vector>

#include "cfn/template.hpp"

namespace jg::cfn {

// Over `resources` (all of a template's, or the ones whose condition holds); empty, or one
// of "CAPABILITY_IAM" / "CAPABILITY_NAMED_IAM" (which implies the former).
std::vector<std::string> required_capabilities(const std::vector<const Resource*>& resources);

}  // namespace jg::cfn
