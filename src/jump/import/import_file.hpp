// The declarative file `jumpgate import` writes: what was read from a live deployment
// (read_deployment.hpp), as a commented jumpgate.yaml in the format of config/config.hpp.
// Whatever the file cannot declare is kept as comments (users and memberships that are
// not jumpgate-shaped, instances no project names, …), never silently dropped.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace jg::jump {

struct ImportedProject {
    std::string name;
    std::vector<std::string> accounts;  // seed: prod, then staging
    std::string stack;                  // the iam-groups-NAME stack it was read from
    std::string layout;                 // "prod, staging" / "prod" / "" (AccountIds)
};

struct ImportedUser {
    std::string name;
    std::vector<std::string> groups;
    bool managed = false;  // tagged ManagedBy=jumpgate already (else plan adopts it)
};

// A user the file cannot declare as it is, and why ("no console password", "in group X,
// which the file cannot declare", …).
struct SkippedUser {
    std::string name;
    std::vector<std::string> why;
    bool managed = false;  // tagged ManagedBy=jumpgate: plan would offboard it
};

// How one of the five templates compares with the built-in sets.
struct TemplateVerdict {
    std::string file;
    std::string where;    // where its deployed body was read ("stack iam-roles", "StackSet iam-roles", …)
    std::string verdict;  // "seed", "hardened", "differs from seed and hardened", "not deployed"
};

struct Imported {
    std::string source;  // the target, for the header ("the local cloud at HOME", "http://…")
    std::string admin_account;
    std::string region;
    // "seed", "hardened", or the custom folder as the file names it (relative to the file).
    std::string templates;
    bool custom_templates = false;
    std::vector<TemplateVerdict> template_verdicts;
    std::optional<int> mfa_max_age;
    std::vector<ImportedProject> projects;
    std::vector<ImportedUser> users;
    std::vector<SkippedUser> skipped_users;
    std::vector<std::pair<std::string, std::string>> profiles;  // account, profile
    // What jumpgate's plan will adopt (its tag on users, its password policy), one line each.
    std::vector<std::string> adoptions;
    // Anything else read that the file cannot express, one line each.
    std::vector<std::string> notes;
};

// The file's text. Deterministic: the same Imported gives the same bytes.
std::string import_file_text(const Imported& imported);

// How `jumpgate import` writes a name as a YAML key or item: plain when YAML reads it back
// as that same string, else double-quoted.
std::string yaml_name(const std::string& name);

}  // namespace jg::jump
