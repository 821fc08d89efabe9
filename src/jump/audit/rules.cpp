// The rule table: one place for every finding's id, name, title and fix.
#include <algorithm>

#include "core/strings.hpp"
#include "jump/audit/findings.hpp"

namespace jg::jump::audit {

std::string_view to_string(Severity s) {
    switch (s) {
        case Severity::info: return "info";
        case Severity::low: return "low";
        case Severity::medium: return "medium";
        case Severity::high: return "high";
        case Severity::critical: return "critical";
    }
    return "?";
}

std::optional<Severity> parse_severity(std::string_view text) {
    for (Severity s : {Severity::info, Severity::low, Severity::medium, Severity::high, Severity::critical})
        if (text == to_string(s)) return s;
    return std::nullopt;
}

const std::vector<Rule>& rules() {
    static const std::vector<Rule> table = {
        {"JG101", "escalation-to-admin", "privilege escalation to an administrator-equivalent principal",
         "Restrict the trust policy of the administrator-equivalent role to the principals meant to use it (the "
         "StackSet execution role: the administration role's ARN only), deploy no jump roles to the admin account, "
         "and deny sts:AssumeRole/iam:PassRole on the StackSet roles to the other roles (templates: hardened)."},
        {"JG102", "mfa-bypass", "role reachable without MFA despite an MFA condition",
         "Use Bool (not BoolIfExists) with aws:MultiFactorAuthPresent in Allow statements of trust and assume-role "
         "policies, add aws:MultiFactorAuthAge, and put every human user under the MFA-enforcing Deny "
         "(templates: hardened)."},
        {"JG103", "admin-role-trusts-account", "administrator role trusts a whole account without conditions",
         "Name the one principal that may assume the role (for the StackSet execution role: "
         "arn:aws:iam::ADMIN:role/AWSCloudFormationStackSetAdministrationRole) instead of the account root."},
        {"JG104", "jump-role-in-admin-account", "jump role or StackSet execution role in the admin account",
         "Deploy the role StackSet and the execution role to member accounts only; the admin account holds the "
         "people, not the roles they switch to."},
        {"JG105", "console-user-without-mfa", "console user without an MFA device",
         "Enroll an MFA device for the user (jumpgate mfa enroll) or remove the login profile."},
        {"JG106", "admin-with-access-key", "administrator with an active access key",
         "Delete the access key; administrators use MFA sessions (jumpgate assume) instead of long-term keys."},
        {"JG107", "weak-password-policy", "password policy weaker than the CIS benchmark",
         "Set the account password policy to at least 14 characters and 24 remembered passwords "
         "(aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24)."},
        {"JG108", "policy-attached-to-user", "policy attached directly to a user",
         "Grant permissions through groups (group-<tier>[-<project>]), not to users directly."},
        {"JG109", "user-in-member-account", "IAM user in a member account",
         "Keep IAM users in the admin account only; people reach member accounts through the jump roles."},
        {"JG110", "role-trusts-anyone", "role trusts every principal (\"*\")",
         "Name the accounts or principals that may assume the role; add conditions such as aws:PrincipalOrgID or "
         "sts:ExternalId if it must stay open."},
        {"JG111", "role-trusts-unexpected-account", "role trusts an account outside the audited accounts",
         "Remove the foreign account from the trust policy or add it to the audit if it is expected."},
        {"JG112", "drift", "live state differs from the declarative file",
         "Run jumpgate plan and jumpgate apply to bring the accounts back to the file, or update the file."},
        {"JG113", "federated-ci-to-admin",
         "identity provider (CI workflow, SSO) reaches an administrator-equivalent role",
         "Give CI a deploy role with only what the pipeline needs, not an administrator role; pin the trust policy "
         "with StringEquals on the provider's :sub (e.g. token.actions.githubusercontent.com:sub = "
         "repo:ORG/REPO:environment:prod) and :aud (sts.amazonaws.com) instead of a wildcard or no condition; for a "
         "SAML IdP, map only the administrators to the role and require saml:aud."},
        {"JG114", "mfa-console-only", "user's only MFA devices are passkeys: MFA roles reachable in the console only",
         "A passkey or security key (FIDO) satisfies the console's MFA but not STS (get-session-token / assume-role "
         "--serial-number --token-code take TOTP codes only): assign a virtual MFA device too (jumpgate mfa enroll) "
         "if the user works from the CLI."},
        {"JG200", "policy-lint", "policy lint finding", "See the lint message; fix the policy document."},
    };
    return table;
}

const Rule* find_rule(std::string_view id) {
    for (const Rule& r : rules())
        if (r.id == id) return &r;
    return nullptr;
}

}  // namespace jg::jump::audit
