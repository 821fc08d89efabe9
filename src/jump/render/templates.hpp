// The five templates of the runbook and the parameters each deployment gets. Both template
// sets have the same five files (the article's names); what differs is where they come
// from and which parameters they declare:
//   seed      the article's templates as published, read from the seed folder
//             (`seed_templates:` in the file, else $JUMPGATE_SEED_DIR, else the source
//             tree's ../shared/seed/templates) — never copied into this repository;
//   hardened  jumpgate's own templates in the repository's templates/hardened/ (else
//             $JUMPGATE_HARDENED_DIR), which take a project's accounts as one list.
// A parameter is passed only when the template declares it, so either set works with the
// same values: AdminAccountId, ProjectName, ProdAccountId/StagingAccountId/
// HasStagingAccount (seed), AccountIds (hardened), MfaMaxAge (when the file sets it).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "jump/config/config.hpp"

namespace jg::jump {

// The runbook's templates, by file name.
inline constexpr const char* k_execution_role_template = "stackset-execution-role.yaml";
inline constexpr const char* k_admin_role_template = "stackset-admin-role.yaml";
inline constexpr const char* k_global_groups_template = "iam-global-groups.yaml";
inline constexpr const char* k_project_groups_template = "iam-groups.yaml";
inline constexpr const char* k_roles_template = "iam-roles.yaml";

using Parameters = std::vector<std::pair<std::string, std::string>>;

struct TemplateFile {
    std::string name;  // file name
    std::string body;  // the bytes as read
    std::vector<std::string> declared;  // parameter names the template declares
};

struct TemplateBundle {
    TemplateSet set = TemplateSet::seed;
    std::string dir;
    std::map<std::string, TemplateFile> files;

    const TemplateFile& file(const std::string& name) const { return files.at(name); }
};

// The folder the file's template set is read from (see above).
std::string template_dir(const Config& config);

// Reads the five templates; errors name the folder and the missing or broken file.
Result<TemplateBundle> load_templates(const Config& config);

// The parameters of one deployment of `template_name` (`project` for iam-groups.yaml).
Parameters template_parameters(const TemplateBundle& bundle, const Config& config, const std::string& template_name,
                               const Project* project = nullptr);

// The accounts the role StackSet (iam-roles) is deployed to: with seed the admin account
// too (the article's 2-4), with hardened only the project accounts.
std::vector<std::string> role_instance_accounts(const Config& config);

// Writes OUT/templates/<the five files> and the parameter files in CloudFormation's
// `--parameters file://` format: OUT/parameters/accounts/ID/stackset-execution-role.json,
// OUT/parameters/iam-global-groups.json, OUT/parameters/iam-roles.json,
// OUT/parameters/projects/NAME/iam-groups.json, and OUT/parameters/iam-roles-accounts.json
// (the StackSet's instance accounts). Returns the paths written.
Result<std::vector<std::string>> render(const Config& config, const std::string& out_dir);

}  // namespace jg::jump
