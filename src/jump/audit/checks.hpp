// The per-account findings that need no path search (trusts, credentials, password
// policy, layout, policy lint), and the finishing of every finding (rule words, ids,
// order).
#pragma once

#include <vector>

#include "jump/audit/findings.hpp"
#include "jump/audit/graph.hpp"

namespace jg::jump::audit {

void add_account_checks(const State& state, Graph& g, std::vector<Finding>& out);

// Titles and fixes from the rule table, stable ids, sorted by severity, rule, principal.
void finish_findings(std::vector<Finding>& findings);

}  // namespace jg::jump::audit
