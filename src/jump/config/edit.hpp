// Edits of the declarative file that keep its comments, order and layout: a careful
// line-based edit of the block YAML that `jumpgate init` writes and people write by hand.
// Each edit returns the new text, which the caller validates (parse_config) before
// writing it; a layout it cannot edit safely (flow-style sections) is an error, never a
// guess.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace jg::jump {

// Adds `NAME:\n  groups: [G, ...]` at the end of `users:` (creating the section when absent).
Result<std::string> edit_add_user(std::string_view text, const std::string& name, const std::vector<std::string>& groups);

// Removes the user's entry (its key line and everything indented under it).
Result<std::string> edit_remove_user(std::string_view text, const std::string& name);

// Adds `NAME:\n  accounts: ["ID", ...]` at the end of `projects:`.
Result<std::string> edit_add_project(std::string_view text, const std::string& name,
                                     const std::vector<std::string>& accounts);

// Appends ID to the project's `accounts:` list, flow (`[...]`) or block (`- ID`) style.
Result<std::string> edit_add_account(std::string_view text, const std::string& project, const std::string& account);

}  // namespace jg::jump
