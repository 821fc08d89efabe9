#include "jump/audit/neutral.hpp"

#include <algorithm>

#include "core/strings.hpp"

namespace jg::jump::audit {
namespace {

bool has_variable(const std::vector<policy::Value>& values) {
    return std::any_of(values.begin(), values.end(),
                       [](const policy::Value& v) { return v.text.find("${") != std::string::npos; });
}

bool is_account_id(const std::string& s) {
    return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Condition keys whose value differs between two users of one account.
bool names_the_caller(const std::string& key) {
    std::string k = to_lower(key);
    if (k.rfind("aws:principal", 0) == 0) return k != "aws:principalaccount" && k != "aws:principaltype";
    return k == "aws:username" || k == "aws:userid" || k == "sts:rolesessionname" || k == "aws:sourceidentity" ||
           k == "sts:sourceidentity" || k == "aws:federatedprovider";
}

bool neutral(const policy::Statement& s) {
    if (has_variable(s.actions) || has_variable(s.resources)) return false;
    for (const auto& c : s.conditions)
        if (names_the_caller(c.key) || has_variable(c.values)) return false;
    if (s.not_principal) return false;
    for (const auto& p : s.principal.aws)
        if (p.text != "*" && !is_account_id(p.text) && !p.text.ends_with(":root")) return false;
    return true;
}

}  // namespace

bool principal_neutral(const policy::CompiledSlot& slot, const policy::RequestContext& action) {
    for (const auto& s : slot.statements())
        if (policy::action_matches(s, action) && !neutral(slot.policies()[s.policy].policy.statements[s.statement]))
            return false;
    return true;
}

bool principal_neutral(const policy::PolicySet& set, const policy::RequestContext& action) {
    return principal_neutral(set.identity, action) && principal_neutral(set.boundary, action);
}

}  // namespace jg::jump::audit
