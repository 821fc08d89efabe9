// The five templates of the runbook and the parameters each deployment gets. Every set has
// the same five files (the article's names); what differs is where they come from and
// which parameters they declare:
//   seed (alias article)  jumpgate's own text of the article's templates, same behaviour,
//                         flaws included (templates/article, embedded in the binary);
//   hardened              jumpgate's corrected templates (templates/hardened, embedded),
//                         which take a project's accounts as one list;
//   PATH                  a folder holding the user's own five files, validated whole
//                         (present, parsed and checked by the CloudFormation engine, every
//                         required parameter one jumpgate passes) before anything changes.
// A parameter is passed only when the template declares it, so any set works with the
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
    std::string dir;  // the folder of templates: PATH, or "templates/<set>" for a built-in set
    std::map<std::string, TemplateFile> files;

    const TemplateFile& file(const std::string& name) const { return files.at(name); }
};

// The file's five templates, checked: errors (code "InvalidTemplates") name each missing or
// broken file, with the line and column of each problem, one per line of the message.
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
