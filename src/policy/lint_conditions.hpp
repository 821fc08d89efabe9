// The Condition checks of policy lint (lint.cpp holds the driver and the other checks).
#pragma once

#include <vector>

#include "core/node.hpp"
#include "policy/lint.hpp"

namespace jg::policy {

// Findings for one statement's Condition block. `allow` is the statement's effect.
void lint_conditions(const Node& condition, bool allow, std::vector<Finding>& out);

}  // namespace jg::policy
