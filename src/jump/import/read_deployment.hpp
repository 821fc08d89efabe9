// `jumpgate import`'s reading side: a live Jump-account deployment, as the article's runbook
// (by hand with the aws CLI) or jumpgate's apply left it, read through a Connection — the
// global-groups and administration-role stacks, the iam-groups-* stacks' parameters
// (projects and their accounts), the role StackSet and its instances, the execution-role
// stacks, the admin account's users with their group memberships, login profiles and own
// policies, and the password policy — into what the file will say (import_file.hpp).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "jump/api/connection.hpp"
#include "jump/import/import_file.hpp"

namespace jg::jump {

struct ReadOptions {
    // The admin (jump) account; empty: the local cloud's only account holding the
    // iam-global-groups stack (a remote target cannot list its accounts: required there).
    std::string admin_account;
    // How the file names the folder the deployed templates go to when they match neither
    // built-in set (relative to the file).
    std::string custom_templates_name = "jumpgate-templates";
    std::vector<std::pair<std::string, std::string>> profiles;  // --profile-for, for the file
};

struct LiveDeployment {
    Imported imported;
    // templates: custom — the five files' deployed bodies, by file name.
    std::map<std::string, std::string> custom_bodies;
};

// Errors: AdminAccountRequired (remote, or several candidates locally), NoDeployment (no
// iam-global-groups stack in the admin account and region), and the calls' own errors.
[[nodiscard]] Result<LiveDeployment> read_deployment(const Connection& target, const ReadOptions& options);

}  // namespace jg::jump
