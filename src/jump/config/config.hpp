// The declarative file (jumpgate.yaml): the admin ("jump") account, the projects and
// their member accounts, the users and their groups. Everything apply does is derived
// from this one file; a file with any error is refused whole, before anything changes.
//
// Schema (issue 7):
//   admin_account: "111111111111"
//   region: ap-northeast-1
//   templates: seed | article | hardened | PATH   # built in, or a folder of your own
//   mfa_max_age: 3600            # hardened only
//   tiers: {admin: ARN, ...}     # optional; default admin/developer/operator
//   projects: {NAME: {accounts: [ID, ...]}}
//   users: {NAME: {groups: [group-<tier> | group-<tier>-<project>, ...]}}
//   profiles: {ID: PROFILE}      # optional: credentials per account for remote targets
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace jg::jump {

// How the templates are deployed: `seed` the article's way (a project's prod and staging
// accounts as ProdAccountId/StagingAccountId, the role StackSet in the admin account too),
// `hardened` jumpgate's (a project's accounts as AccountIds, member accounts only).
enum class TemplateSet { seed, hardened };

// The folder of templates jumpgate carries for each set (templates/<folder> in the
// repository, embedded in the binary): seed -> "article", hardened -> "hardened".
std::string_view builtin_templates_folder(TemplateSet set);

struct Tier {
    std::string name;        // "admin" → role-admin, group-admin, group-admin-<project>
    std::string policy_arn;  // the managed policy role-<tier> carries
};

struct Project {
    std::string name;
    std::vector<std::string> accounts;  // in file order; with seed: prod, then staging
    Location loc;
};

struct UserSpec {
    std::string name;
    std::vector<std::string> groups;  // in file order
    Location loc;
};

struct AccountProfile {
    std::string account;
    std::string profile;
};

struct Config {
    std::string path;  // the file it was read from ("" when parsed from text)
    std::string admin_account;
    std::string region;
    TemplateSet templates = TemplateSet::hardened;
    std::optional<int> mfa_max_age;  // seconds; hardened only
    std::vector<Tier> tiers;
    std::vector<Project> projects;
    std::vector<UserSpec> users;
    // templates: PATH — the user's folder of the five templates, resolved against the file's
    // folder; "" for the built-in sets. Its set (how it is deployed) is `seed` when its
    // iam-groups.yaml declares ProdAccountId, else `hardened`.
    std::string templates_dir;
    std::vector<AccountProfile> profiles;

    // The admin account first, then every project account in file order, each once.
    std::vector<std::string> accounts() const;
    // Every group the templates create: group-<tier> for each tier, then
    // group-<tier>-<project> for each project and tier.
    std::vector<std::string> group_names() const;
    const Project* find_project(std::string_view name) const;
    const UserSpec* find_user(std::string_view name) const;
    // "seed", "hardened", or the folder of templates: PATH (for messages).
    std::string templates_label() const;
};

// The article's three tiers, in its order.
std::vector<Tier> default_tiers();

// At most this many groups per user (IAM quota, not adjustable).
inline constexpr size_t k_max_groups_per_user = 10;
// With templates: seed a project has a prod and at most one staging account
// (iam-groups.yaml's ProdAccountId / StagingAccountId).
inline constexpr size_t k_seed_max_project_accounts = 2;

// Parses and validates the file's text. Every problem found is reported, each as
// "FILE:LINE:COL: message" on its own line of the error's message (code "InvalidConfig";
// "YamlSyntax" when the text is not YAML).
Result<Config> parse_config(std::string_view text, const std::string& file_name);

// The file the commands read when -f is not given.
inline constexpr std::string_view k_default_config_path = "./jumpgate.yaml";

// Reads and parses `path` (code "ConfigNotFound" when there is no such file, naming it and
// `jumpgate init`).
Result<Config> load_config(const std::string& path);

// The folder of the file `config.path` ("." when it has none).
std::string config_dir(const Config& config);

// Syntax checks shared with the commands that edit the file.
bool is_account_id(std::string_view s);
bool is_user_name(std::string_view s);
bool is_project_name(std::string_view s);

}  // namespace jg::jump
