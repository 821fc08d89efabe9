#include "jump/apply/reopens.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "jump/apply/deployment.hpp"

namespace jg::jump {

namespace {

// An Allow statement the change adds that holds `part` (BoolIfExists is right in a Deny:
// it also denies long-term keys; in an Allow it lets them through).
bool added_allow_with(const Change& c, std::string_view part) {
    return std::any_of(c.diff.begin(), c.diff.end(), [&](const std::string& l) {
        return l.rfind("+ ", 0) == 0 && l.find(" statement ") != std::string::npos &&
               l.find(R"("Effect":"Allow")") != std::string::npos && l.find(part) != std::string::npos;
    });
}

std::string where(const Change& c) { return fmt::format("{} {} in {}", c.kind, c.name, c.account); }

}  // namespace

std::vector<std::string> reopened_findings(const std::vector<Change>& changes, const std::string& admin_account) {
    std::vector<std::string> out;
    // One line per rule, naming the first change that opens it.
    auto note = [&](const char* rule, const std::string& why) {
        const std::string prefix = std::string(rule) + ": ";
        if (std::none_of(out.begin(), out.end(), [&](const std::string& l) { return l.rfind(prefix, 0) == 0; }))
            out.push_back(prefix + why);
    };
    for (const Change& c : changes) {
        if (c.action == ChangeAction::remove) continue;
        if (added_allow_with(c, "BoolIfExists"))
            note("JG102 mfa-bypass", "a BoolIfExists MFA condition lets long-term keys through (" + where(c) + ")");
        const bool execution_role = c.kind == "stack" && c.name == k_execution_role_stack;
        if (execution_role && added_allow_with(c, ":root"))
            note("JG101 escalation-to-admin / JG103 admin-role-trusts-account",
                 "the execution role (AdministratorAccess) trusts the whole admin account (" + where(c) + ")");
        if (c.account == admin_account && c.action == ChangeAction::create &&
            (c.kind == "stack-instance" || execution_role))
            note("JG104 jump-role-in-admin-account", "roles are deployed into the admin account (" + where(c) + ")");
    }
    return out;
}

}  // namespace jg::jump
