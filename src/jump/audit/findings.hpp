// What the audit reports: findings with stable ids (rule + a digest of principal and
// path, so the same problem keeps its id from run to run), and the access matrix.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jump/audit/graph.hpp"
#include "jump/audit/state.hpp"
#include "jump/config/config.hpp"

namespace jg::jump::audit {

enum class Severity { info, low, medium, high, critical };
std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view text);

// One rule: the table every output (text, JSON, SARIF) reads its words from.
struct Rule {
    std::string id;    // "JG101"
    std::string name;  // "escalation-to-admin"
    std::string title;
    std::string fix;
};
const std::vector<Rule>& rules();
const Rule* find_rule(std::string_view id);

struct Finding {
    std::string id;  // "JG101-5d1c0e9a2b": rule + digest of principal and path
    std::string rule;
    Severity severity = Severity::info;
    std::string title;
    std::string principal;          // ARN (or account id for account-wide findings)
    std::vector<std::string> path;  // ARNs hop by hop, the principal first
    std::vector<std::string> evidence;
    std::string fix;
};

// One user's access to one role, reached by sts:AssumeRole (directly or by chaining).
struct Grant {
    std::string user, user_arn, account, role, role_arn;
    std::vector<std::string> via;  // groups or policies allowing the first hop; then "role:ARN" hops
    std::string mfa;               // "required" | "bypassable" | "none"
    // MFA is required and the user's only MFA devices are passkeys (FIDO): the console's
    // switch role reaches the role, the CLI cannot (STS takes TOTP codes only).
    bool console_only = false;
};

struct Analysis {
    std::vector<Finding> findings;  // by severity (highest first), then rule, then principal
    std::vector<Grant> grants;      // by user, account, role
    // Edges on offending paths (from ARN, to ARN), for the graph drawing.
    std::vector<std::pair<std::string, std::string>> offending;
    size_t nodes = 0;
    uint64_t evaluations = 0;  // engine decisions
    uint64_t edge_checks = 0;  // candidate edges judged (Graph::edge_checks)
    std::vector<std::string> notes;
    std::vector<std::pair<std::string, double>> phases;  // name, seconds (for --stats)
};

struct AuditOptions {
    bool findings = true;  // false: the access matrix only
    bool via = true;       // name the groups/policies of each grant (costs an explanation per grant)
    const Config* intended = nullptr;  // the declarative file: adds the drift findings (JG112)
};

// The whole analysis over a loaded state.
Analysis analyze(const State& state, const AuditOptions& options = {});

}  // namespace jg::jump::audit
