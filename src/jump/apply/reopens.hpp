// What a plan re-opens, by the audit's rule ids (hardened -> seed): read from the plan's
// own changes — statements it adds and stacks and instances it creates — so that an
// operator sees before apply which findings the next audit will report again.
#pragma once

#include <string>
#include <vector>

#include "jump/apply/change.hpp"

namespace jg::jump {

// One line per rule: "JG102 mfa-bypass: ... (the change that does it)".
std::vector<std::string> reopened_findings(const std::vector<Change>& changes, const std::string& admin_account);

}  // namespace jg::jump
