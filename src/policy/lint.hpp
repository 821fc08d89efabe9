// Policy lint: a pure function from a policy document to findings, in the spirit of IAM
// Access Analyzer's policy validation — grammar errors, unknown services and actions,
// condition operators and value types, MFA conditions that do not do what they seem,
// overly broad iam:PassRole, redundancy, and the IAM size quotas.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::policy {

// Ordered: a threshold of `warning` also catches errors.
enum class Severity { info, warning, error };

// Where the policy is used; it decides the size quota and whether Principal is required.
enum class PolicyUse { managed, user, group, role, trust };

struct Finding {
    std::string code;  // stable, kebab-case: "unknown-action", "mfa-bool-if-exists-allow", …
    Severity severity = Severity::error;
    Location where;
    std::string message;
};

struct LintOptions {
    PolicyUse use = PolicyUse::managed;
};

// Every finding of one document (already read as JSON), ordered by position.
std::vector<Finding> lint_policy(const Node& document, const LintOptions& options = {});

// IAM's quota for the document size of a policy used that way (characters, whitespace
// outside strings not counted): managed 6,144; inline user 2,048, group 5,120, role
// 10,240; role trust policy 2,048 (page reference_iam-quotas).
std::size_t size_quota(PolicyUse use);

std::string_view to_string(Severity severity);
std::string_view to_string(PolicyUse use);
std::optional<Severity> parse_severity(std::string_view text);
std::optional<PolicyUse> parse_policy_use(std::string_view text);

}  // namespace jg::policy
