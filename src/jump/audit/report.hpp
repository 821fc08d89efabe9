// The audit's and the access matrix's outputs: text, JSON, SARIF 2.1.0, CSV, Graphviz.
#pragma once

#include <iosfwd>

#include "jump/audit/findings.hpp"

namespace jg::jump::audit {

// Grouped by severity, each path as a chain, then a summary line.
void write_findings_text(std::ostream& out, const Analysis& a);
// {"findings": [{"id", "rule", "severity", "title", "principal", "path", "evidence", "fix"}]}
void write_findings_json(std::ostream& out, const Analysis& a);
// SARIF 2.1.0 for code scanning: one rule per finding type, ARNs as logical locations.
void write_findings_sarif(std::ostream& out, const Analysis& a);

// One row per grant: USER ACCOUNT ROLE MFA VIA.
void write_access_table(std::ostream& out, const Analysis& a);
// {"grants": [{"user", "user_arn", "account", "role", "role_arn", "via", "mfa"}]}
void write_access_json(std::ostream& out, const Analysis& a);
void write_access_csv(std::ostream& out, const Analysis& a);
// Users and roles with their grants; offending paths in red, MFA-bypassable grants
// dashed orange. `grants`: draw the access matrix; else only the findings' paths.
void write_dot(std::ostream& out, const Analysis& a, bool grants);

}  // namespace jg::jump::audit
