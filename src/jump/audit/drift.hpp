// Drift between the declarative file (what apply makes) and the live state: the roles the
// file's StackSets put in each account, the groups, users and memberships of the admin
// account, the managed policy each jump role carries and the policies of each group. One
// JG112 finding per difference; what grants more than the file (an extra user,
// membership, role or policy) is high, what grants less (something missing) medium.
#pragma once

#include <string>
#include <vector>

#include "jump/audit/findings.hpp"
#include "jump/audit/state.hpp"
#include "jump/config/config.hpp"

namespace jg::jump::audit {

// Appends the drift findings; accounts of the file that the state lacks are named in
// `notes` (their drift is unknown), not guessed.
void add_drift_findings(const State& state, const Config& config, std::vector<Finding>& out,
                        std::vector<std::string>& notes);

}  // namespace jg::jump::audit
