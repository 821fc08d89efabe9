#include "jump/import/import_file.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/strings.hpp"
#include "jump/config/config.hpp"

namespace jg::jump {

namespace {

bool plain_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}

// Words YAML 1.1 reads as booleans or null.
bool yaml_keyword(const std::string& s) {
    static const char* const k_words[] = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"};
    const std::string lower = to_lower(s);
    return std::any_of(std::begin(k_words), std::end(k_words), [&](const char* w) { return lower == w; });
}

std::string accounts_list(const std::vector<std::string>& accounts) {
    std::vector<std::string> quoted;
    for (const auto& a : accounts) quoted.push_back("\"" + a + "\"");
    return fmt::format("[{}]", join(quoted, ", "));
}

std::string names_list(const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const auto& n : names) out.push_back(yaml_name(n));
    return fmt::format("[{}]", join(out, ", "));
}

void comment_lines(std::string& out, const std::vector<std::string>& lines, const char* indent = "") {
    for (const auto& line : lines) out += fmt::format("{}#   {}\n", indent, line);
}

void write_templates(std::string& out, const Imported& m) {
    if (!m.custom_templates) {
        out += fmt::format("# Template profile, detected by comparing each deployed template with the ones built\n"
                           "# into jumpgate: {}.\n",
                           m.templates == "seed" ? "seed (the article's templates, flaws included)"
                                                 : "hardened (jumpgate's corrected templates)");
    } else {
        out += "# Template profile: custom. The deployed templates match neither built-in set, so\n"
               "# their deployed bodies were written to the folder below (jumpgate deploys them as they are):\n";
    }
    for (const auto& v : m.template_verdicts)
        out += fmt::format("#   {:<30} {}{}\n", v.file, v.verdict, v.where.empty() ? "" : " (" + v.where + ")");
    out += fmt::format("templates: {}\n", m.custom_templates ? yaml_name(m.templates) : m.templates);
    if (m.mfa_max_age) out += fmt::format("mfa_max_age: {}  # MfaMaxAge of the deployed stacks\n", *m.mfa_max_age);
    out += "\n";
}

void write_tiers(std::string& out) {
    out += "# Role tiers: role-<tier> in every account, reached from group-<tier> (every account) and\n"
           "# group-<tier>-<project> (that project's accounts); the templates' own.\n"
           "tiers:\n";
    for (const Tier& t : default_tiers()) out += fmt::format("  {}: {}\n", t.name, t.policy_arn);
    out += "\n";
}

void write_projects(std::string& out, const Imported& m) {
    if (m.projects.empty()) {
        out += "# No iam-groups-* stack was found: no project.\nprojects: {}\n\n";
        return;
    }
    out += "# One per iam-groups-<project> stack of the admin account (its parameters).\nprojects:\n";
    for (const auto& p : m.projects) {
        out += fmt::format("  {}:\n", yaml_name(p.name));
        out += fmt::format("    accounts: {}", accounts_list(p.accounts));
        if (!p.layout.empty()) out += "  # " + p.layout;
        out += "\n";
    }
    out += "\n";
}

void write_users(std::string& out, const Imported& m) {
    out += "# The admin account's IAM users with a console password whose groups are all the\n"
           "# file's (group-<tier>, group-<tier>-<project>) and who carry no policy of their own.\n";
    if (m.users.empty()) out += "users: {}\n";
    else out += "users:\n";
    for (const auto& u : m.users) {
        out += fmt::format("  {}:", yaml_name(u.name));
        if (!u.managed) out += "  # not yet tagged ManagedBy=jumpgate: plan adopts it";
        out += fmt::format("\n    groups: {}\n", names_list(u.groups));
    }
    if (!m.skipped_users.empty()) {
        out += "  # Not jumpgate-shaped, so left out of the file (plan leaves a user it did not create alone):\n";
        for (const auto& s : m.skipped_users) {
            out += fmt::format("  #   {}: {}\n", s.name, join(s.why, "; "));
            if (s.managed)
                out += "  #     WARNING: tagged ManagedBy=jumpgate, so plan would offboard it; remove the tag or\n"
                       "  #     make it jumpgate-shaped and declare it here\n";
        }
    }
    out += "\n";
}

}  // namespace

std::string yaml_name(const std::string& name) {
    const bool plain = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z')) &&
                       std::all_of(name.begin(), name.end(), plain_char) && !yaml_keyword(name);
    if (plain) return name;
    std::string out = "\"";
    for (char c : name) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string import_file_text(const Imported& m) {
    std::string out;
    out += fmt::format("# jumpgate: the Jump-account pattern (AWS without Organizations) from one file.\n"
                       "# Written by `jumpgate import` from {}.\n"
                       "# `jumpgate plan` against the same target changes no account, stack, StackSet instance,\n"
                       "# user, login profile or membership; what jumpgate adds by itself is listed as adoption\n"
                       "# (see \"Adoption\" below).\n\n",
                       m.source);
    out += "# The admin (\"jump\") account: every IAM user lives here and switches roles from it.\n";
    out += fmt::format("admin_account: \"{}\"\nregion: {}\n\n", m.admin_account, m.region);
    write_templates(out, m);
    write_tiers(out);
    write_projects(out, m);
    write_users(out, m);
    if (!m.profiles.empty()) {
        out += "# The AWS profile that administers each account (from --profile-for).\nprofiles:\n";
        for (const auto& [account, profile] : m.profiles)
            out += fmt::format("  \"{}\": {}\n", account, yaml_name(profile));
        out += "\n";
    }
    if (!m.adoptions.empty()) {
        out += "# Adoption: what the first apply adds to what exists (nothing is created or removed):\n";
        comment_lines(out, m.adoptions);
        out += "\n";
    }
    if (!m.notes.empty()) {
        out += "# Also read from the deployment, which this file cannot express:\n";
        comment_lines(out, m.notes);
    }
    while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
    return out;
}

}  // namespace jg::jump
