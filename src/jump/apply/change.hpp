// One difference between the file and the live state: what plan shows and apply performs.
#pragma once

#include <string>
#include <vector>

namespace jg::jump {

enum class ChangeAction { create, update, remove };

struct Change {
    ChangeAction action = ChangeAction::create;
    std::string account;
    std::string kind;    // account, stack, bucket, object, bucket-policy, stack-set, stack-instance,
                         // password-policy, user, login-profile, membership
    std::string name;
    std::string detail;  // a short human description ("groups: group-admin", "offboarding")
    // For stack and StackSet updates: what changes inside (template_diff.hpp), one line each.
    std::vector<std::string> diff = {};
    // Adoption: jumpgate adds its own mark to what exists (its tag on a user, its password
    // policy), creating or removing nothing; plan lists it apart from drift.
    bool adoption = false;
};

const char* action_name(ChangeAction action);  // "create", "update", "delete"

// `{"changes": [{"action", "account", "kind", "name", "detail"[, "diff": [...]][, "adoption": true]}, ...]}`.
std::string changes_json(const std::vector<Change>& changes);

// One line per change ("+ create  ACCOUNT  KIND  NAME  (DETAIL)", its diff lines indented
// below it; an adoption as "= adopt  …"), then a summary line.
std::string changes_text(const std::vector<Change>& changes);

// What a plan destroys, called out before apply asks: one line per deletion, users being
// offboarded first. Empty when the plan deletes nothing.
std::string destructive_text(const std::vector<Change>& changes);

}  // namespace jg::jump
