#include "jump/config/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "cfn/template.hpp"
#include "core/node.hpp"
#include "core/strings.hpp"
#include "core/yaml.hpp"

namespace jg::jump {

namespace {

// Collects every problem of the file, each at its place, so that one run shows them all.
class Problems {
public:
    void add(const Location& where, std::string message) {
        m_lines.push_back(Error{"InvalidConfig", std::move(message), where}.str());
    }
    bool empty() const { return m_lines.empty(); }
    Error error() const { return Error{"InvalidConfig", join(m_lines, "\n"), std::nullopt}; }

private:
    std::vector<std::string> m_lines;
};

bool all_of_chars(std::string_view s, bool (*ok)(char)) {
    return std::all_of(s.begin(), s.end(), [&](char c) { return ok(c); });
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || is_digit(c); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }

// Region names as AWS spells them: ap-northeast-1, us-gov-west-1, eu-central-2, ...
bool is_region(std::string_view s) {
    auto parts = split(s, '-');
    if (parts.size() < 3) return false;
    if (!all_of_chars(parts.back(), is_digit) || parts.back().empty()) return false;
    for (size_t i = 0; i + 1 < parts.size(); ++i)
        if (parts[i].empty() || !all_of_chars(parts[i], [](char c) { return c >= 'a' && c <= 'z'; })) return false;
    return true;
}

bool is_policy_arn(std::string_view s) {
    // arn:PARTITION:iam::aws|ACCOUNT:policy/PATH/NAME
    auto parts = split(s, ':');
    if (parts.size() != 6 || parts[0] != "arn" || parts[2] != "iam" || !parts[3].empty()) return false;
    if (parts[1] != "aws" && parts[1] != "aws-cn" && parts[1] != "aws-us-gov") return false;
    if (parts[4] != "aws" && !is_account_id(parts[4])) return false;
    return parts[5].rfind("policy/", 0) == 0 && parts[5].size() > 7;
}

const std::vector<std::string>& top_keys() {
    static const std::vector<std::string> k{"admin_account", "region",   "templates",      "mfa_max_age", "tiers",
                                            "projects",      "users",    "profiles"};
    return k;
}

void check_keys(const Node& map, const std::vector<std::string>& allowed, std::string_view where,
                Problems& p) {
    for (size_t i = 0; i < map.members.size(); ++i) {
        const std::string& key = map.members[i].first;
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            p.add(map.key_locs[i], fmt::format("unknown key '{}' in {} (expected one of: {})", key, where,
                                               join(allowed, ", ")));
    }
}

// The byte offset of a 1-based line:col (libyaml counts columns in characters) in `source`.
size_t offset_of(std::string_view source, const Location& loc) {
    size_t pos = 0;
    for (int line = 1; line < loc.line && pos < source.size(); ++pos)
        if (source[pos] == '\n') ++line;
    for (int col = 1; col < loc.col && pos < source.size() && source[pos] != '\n'; ++col) {
        ++pos;  // past one UTF-8 character: its lead byte and its continuation bytes
        while (pos < source.size() && (static_cast<unsigned char>(source[pos]) & 0xC0) == 0x80) ++pos;
    }
    return pos;
}

// A scalar as the file spells it: YAML resolves an unquoted 012345678901, 0x33BD3AF0B5,
// +222222222222 or 1e11 to a number and the tree keeps its normalised value, so an account
// id must be read from the source. Quoted scalars are their (unescaped) parsed text; a
// tag (`!!str 0123`) is skipped. `parsed` is the scalar's text in the tree.
std::string as_written(std::string_view source, const Location& loc, const std::string& parsed) {
    if (!loc.known()) return parsed;
    size_t pos = offset_of(source, loc);
    if (pos < source.size() && source[pos] == '!') {
        while (pos < source.size() && source[pos] != ' ' && source[pos] != '\t' && source[pos] != '\n') ++pos;
        while (pos < source.size() && (source[pos] == ' ' || source[pos] == '\t')) ++pos;
    }
    if (pos >= source.size() || source[pos] == '"' || source[pos] == '\'') return parsed;
    size_t end = source.find_first_of(" \t\r\n,[]{}#:", pos);
    std::string run(source.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    // A plain string longer than the run (`1111 2222`) is its parsed text.
    if (run.empty() || (parsed.size() > run.size() && parsed.compare(0, run.size(), run) == 0)) return parsed;
    return run;
}

// Why `written` (not 12 digits) is not an account id, for the error message.
std::string not_an_account_why(std::string_view written) {
    if (!written.empty() && all_of_chars(written, is_digit))
        return fmt::format("it has {} digits; an account id is exactly 12", written.size());
    if (written.size() > 1 && written[0] == '0' && (written[1] == 'x' || written[1] == 'X'))
        return "YAML reads 0x... as a hexadecimal number; an account id is exactly 12 decimal digits";
    if (written.size() > 1 && written[0] == '0' && (written[1] == 'o' || written[1] == 'O'))
        return "YAML reads 0o... as an octal number; an account id is exactly 12 decimal digits";
    if (!written.empty() && (written[0] == '+' || written[0] == '-'))
        return "a sign is not part of an account id, which is exactly 12 digits";
    if (written.find_first_of(".eE") != std::string_view::npos && written.find_first_not_of("0123456789.eE+-") == std::string_view::npos)
        return "YAML reads it as a floating-point number; an account id is exactly 12 digits";
    return "an account id is exactly 12 digits";
}

// An account id exactly as written in the file: 12 digits, quoted or not.
std::optional<std::string> account_id(const Node& n, std::string_view what, std::string_view source, Problems& p) {
    if (!n.is_string() && !n.is_number()) {
        p.add(n.loc, fmt::format("{} must be an AWS account id (12 digits), not {}", what,
                                 n.is_array()    ? std::string("a list")
                                 : n.is_object() ? std::string("a mapping")
                                 : n.is_null()   ? std::string("empty")
                                                 : "'" + n.text + "'"));
        return std::nullopt;
    }
    std::string written = n.is_string() ? n.text : as_written(source, n.loc, n.text);
    if (!is_account_id(written)) {
        p.add(n.loc, fmt::format("{} '{}' is not an AWS account id: {}", what, written, not_an_account_why(written)));
        return std::nullopt;
    }
    return written;
}

void read_tiers(const Node* node, Config& c, Problems& p) {
    if (!node) {
        c.tiers = default_tiers();
        return;
    }
    if (!node->is_object() || node->members.empty()) {
        p.add(node->loc, "tiers must be a mapping of tier name to managed policy ARN");
        return;
    }
    for (size_t i = 0; i < node->members.size(); ++i) {
        const auto& [name, value] = node->members[i];
        if (name.empty() || name.size() > 32 || !all_of_chars(name, is_lower_alnum))
            p.add(node->key_locs[i],
                  fmt::format("tier name '{}' must be 1-32 lower-case letters or digits (it names role-{} and group-{})",
                              name, name, name));
        if (!value.is_string() || !is_policy_arn(value.text))
            p.add(value.loc, fmt::format("tier '{}': '{}' is not a managed policy ARN (arn:aws:iam::aws:policy/NAME)",
                                         name, value.is_scalar() ? value.text : value.kind_name()));
        c.tiers.push_back(Tier{name, value.text});
    }
}

void read_projects(const Node* node, Config& c, std::string_view source, Problems& p) {
    if (!node) return;
    if (node->is_null()) return;
    if (!node->is_object()) {
        p.add(node->loc, "projects must be a mapping of project name to {accounts: [...]}");
        return;
    }
    for (size_t i = 0; i < node->members.size(); ++i) {
        const auto& [name, value] = node->members[i];
        Project project{name, {}, node->key_locs[i]};
        if (!is_project_name(name))
            p.add(node->key_locs[i], fmt::format("project name '{}' must start with a letter and hold only letters, "
                                                 "digits and '-', at most 64 characters",
                                                 name));
        if (!value.is_object()) {
            p.add(value.loc, fmt::format("project '{}' must be a mapping with 'accounts'", name));
            continue;
        }
        check_keys(value, {"accounts"}, fmt::format("project '{}'", name), p);
        const Node* accounts = value.find("accounts");
        if (!accounts || !accounts->is_array() || accounts->items.empty()) {
            p.add(accounts ? accounts->loc : value.loc,
                  fmt::format("project '{}' needs 'accounts': a list of at least one account id", name));
            continue;
        }
        for (const Node& a : accounts->items) {
            auto id = account_id(a, "account", source, p);
            if (!id) continue;
            if (std::find(project.accounts.begin(), project.accounts.end(), *id) != project.accounts.end())
                p.add(a.loc, fmt::format("account {} is listed twice in project '{}'", *id, name));
            else
                project.accounts.push_back(*id);
        }
        if (c.templates == TemplateSet::seed && project.accounts.size() > k_seed_max_project_accounts)
            p.add(accounts->items[k_seed_max_project_accounts].loc,
                  fmt::format("project '{}' has {} accounts; with templates: {} a project has a prod and at most "
                              "one staging account (iam-groups.yaml); use templates: hardened for more",
                              name, project.accounts.size(), c.templates_label()));
        c.projects.push_back(std::move(project));
    }
}

void read_users(const Node* node, Config& c, Problems& p) {
    if (!node || node->is_null()) return;
    if (!node->is_object()) {
        p.add(node->loc, "users must be a mapping of user name to {groups: [...]}");
        return;
    }
    std::vector<std::string> groups = c.group_names();
    std::set<std::string> known(groups.begin(), groups.end());
    for (size_t i = 0; i < node->members.size(); ++i) {
        const auto& [name, value] = node->members[i];
        UserSpec user{name, {}, node->key_locs[i]};
        if (!is_user_name(name))
            p.add(node->key_locs[i], fmt::format("user name '{}' must be 1-64 of letters, digits and +=,.@_-", name));
        if (value.is_null()) {
            c.users.push_back(std::move(user));
            continue;
        }
        if (!value.is_object()) {
            p.add(value.loc, fmt::format("user '{}' must be a mapping with 'groups'", name));
            continue;
        }
        check_keys(value, {"groups"}, fmt::format("user '{}'", name), p);
        const Node* list = value.find("groups");
        if (list && !list->is_array()) {
            p.add(list->loc, fmt::format("user '{}': groups must be a list", name));
            continue;
        }
        if (list) {
            for (const Node& g : list->items) {
                if (!g.is_string()) {
                    p.add(g.loc, fmt::format("user '{}': a group is a name, not a {}", name, g.kind_name()));
                    continue;
                }
                if (!known.count(g.text)) {
                    p.add(g.loc, fmt::format("unknown group '{}' for user '{}' (groups are group-<tier> and "
                                             "group-<tier>-<project> of the file's tiers and projects)",
                                             g.text, name));
                    continue;
                }
                if (std::find(user.groups.begin(), user.groups.end(), g.text) != user.groups.end())
                    p.add(g.loc, fmt::format("user '{}' lists group '{}' twice", name, g.text));
                else
                    user.groups.push_back(g.text);
            }
            if (list->items.size() > k_max_groups_per_user)
                p.add(list->loc, fmt::format("user '{}' is in {} groups; IAM allows at most {} groups per user", name,
                                             list->items.size(), k_max_groups_per_user));
        }
        c.users.push_back(std::move(user));
    }
}

// templates: seed | article | hardened, or a folder of the user's own five templates
// (checked whole by load_templates before anything changes; here only that it is a
// folder and which way it is deployed, which the rest of the file is checked against).
void read_templates(const Node& n, const std::string& file_name, Config& c, Problems& p) {
    if (!n.is_string() || n.text.empty()) {
        p.add(n.loc, fmt::format("templates must be 'seed', 'article', 'hardened' or a folder, not {}",
                                 n.is_array()    ? std::string("a list")
                                 : n.is_object() ? std::string("a mapping")
                                 : n.is_null()   ? std::string("empty")
                                                 : "'" + n.text + "'"));
        return;
    }
    if (n.text == "seed" || n.text == "article") {
        c.templates = TemplateSet::seed;
        return;
    }
    if (n.text == "hardened") {
        c.templates = TemplateSet::hardened;
        return;
    }
    namespace fs = std::filesystem;
    fs::path dir(n.text);
    if (dir.is_relative()) dir = fs::path(file_name).parent_path() / dir;
    dir = dir.lexically_normal();
    if (dir.has_parent_path() && dir.filename().empty()) dir = dir.parent_path();  // "a/b/" -> "a/b"
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        p.add(n.loc, fmt::format("templates '{}' is not 'seed', 'article' or 'hardened', nor a folder ({} {})", n.text,
                                 dir.string(), fs::exists(dir, ec) ? "is not a folder" : "does not exist"));
        return;
    }
    c.templates_dir = dir.empty() ? "." : dir.string();
    // The article's layout names a project's accounts ProdAccountId/StagingAccountId.
    c.templates = TemplateSet::hardened;
    std::string groups;
    if (read_file((dir / "iam-groups.yaml").string(), groups))
        if (auto t = cfn::load_template(groups, (dir / "iam-groups.yaml").string()))
            for (const auto& param : t->parameters)
                if (param.name == "ProdAccountId") c.templates = TemplateSet::seed;
}

void read_profiles(const Node* node, Config& c, std::string_view source, Problems& p) {
    if (!node || node->is_null()) return;
    if (!node->is_object()) {
        p.add(node->loc, "profiles must be a mapping of account id to AWS profile name");
        return;
    }
    std::vector<std::string> accounts = c.accounts();
    for (size_t i = 0; i < node->members.size(); ++i) {
        const auto& [key, value] = node->members[i];
        const std::string id = as_written(source, node->key_locs[i], key);
        if (!is_account_id(id)) {
            p.add(node->key_locs[i],
                  fmt::format("profiles: '{}' is not an AWS account id: {}", id, not_an_account_why(id)));
            continue;
        }
        if (std::find(accounts.begin(), accounts.end(), id) == accounts.end())
            p.add(node->key_locs[i], fmt::format("profiles: account {} is not the admin account nor in any project", id));
        if (!value.is_string() || value.text.empty()) {
            p.add(value.loc, fmt::format("profiles: account {} needs a profile name", id));
            continue;
        }
        c.profiles.push_back(AccountProfile{id, value.text});
    }
}

}  // namespace

std::vector<Tier> default_tiers() {
    return {{"admin", "arn:aws:iam::aws:policy/AdministratorAccess"},
            {"developer", "arn:aws:iam::aws:policy/PowerUserAccess"},
            {"operator", "arn:aws:iam::aws:policy/ReadOnlyAccess"}};
}

bool is_account_id(std::string_view s) { return s.size() == 12 && all_of_chars(s, is_digit); }

bool is_user_name(std::string_view s) {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return is_alnum(c) || std::string_view("+=,.@_-").find(c) != std::string_view::npos;
           });
}

bool is_project_name(std::string_view s) {
    return !s.empty() && s.size() <= 64 && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) &&
           std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

std::vector<std::string> Config::accounts() const {
    std::vector<std::string> out{admin_account};
    for (const auto& p : projects)
        for (const auto& a : p.accounts)
            if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    return out;
}

std::vector<std::string> Config::group_names() const {
    std::vector<std::string> out;
    for (const auto& t : tiers) out.push_back("group-" + t.name);
    for (const auto& p : projects)
        for (const auto& t : tiers) out.push_back("group-" + t.name + "-" + p.name);
    return out;
}

const Project* Config::find_project(std::string_view name) const {
    for (const auto& p : projects)
        if (p.name == name) return &p;
    return nullptr;
}

std::string_view builtin_templates_folder(TemplateSet set) {
    return set == TemplateSet::seed ? "article" : "hardened";
}

std::string Config::templates_label() const {
    if (!templates_dir.empty()) return templates_dir;
    return templates == TemplateSet::seed ? "seed" : "hardened";
}

const UserSpec* Config::find_user(std::string_view name) const {
    for (const auto& u : users)
        if (u.name == name) return &u;
    return nullptr;
}

Result<Config> parse_config(std::string_view text, const std::string& file_name) {
    auto doc = parse_yaml(text, file_name);
    if (!doc) return Unexpected(doc.error());
    Config c;
    c.path = file_name;
    Problems p;
    const Node& root = *doc;
    if (!root.is_object()) {
        p.add(root.loc.known() ? root.loc : Location{root.loc.file, 1, 1},
              "the file must be a mapping with admin_account, region, templates, projects and users");
        return Unexpected(p.error());
    }
    check_keys(root, top_keys(), "the file", p);

    // The admin account, region and template set come first: the rest is checked against them.
    if (const Node* n = root.find("admin_account")) {
        if (auto id = account_id(*n, "admin_account", text, p)) c.admin_account = *id;
    } else {
        p.add(Location{root.loc.file, 1, 1}, "admin_account is missing (the jump account's 12-digit id)");
    }
    if (const Node* n = root.find("region")) {
        if (!n->is_string() || !is_region(n->text))
            p.add(n->loc, fmt::format("region '{}' is not an AWS region name (such as ap-northeast-1)",
                                      n->is_scalar() ? n->text : n->kind_name()));
        else
            c.region = n->text;
    } else {
        p.add(Location{root.loc.file, 1, 1}, "region is missing (such as ap-northeast-1)");
    }
    if (const Node* n = root.find("templates")) {
        read_templates(*n, file_name, c, p);
    } else {
        p.add(Location{root.loc.file, 1, 1},
              "templates is missing ('seed' for the article's templates, 'hardened' for jumpgate's, or a folder)");
    }
    if (const Node* n = root.find("mfa_max_age")) {
        bool integer = n->is_number() && !n->text.empty() && all_of_chars(n->text, is_digit) && n->text.size() < 10;
        long value = integer ? std::stol(n->text) : 0;
        if (!integer || value < 1 || value > 129600)
            p.add(n->loc, fmt::format("mfa_max_age must be a number of seconds from 1 to 129600, not '{}'",
                                      n->is_scalar() ? n->text : n->kind_name()));
        else if (c.templates == TemplateSet::seed)
            p.add(n->loc, "mfa_max_age applies to templates: hardened only (the seed's templates have no MFA age)");
        else
            c.mfa_max_age = static_cast<int>(value);
    }
    read_tiers(root.find("tiers"), c, p);
    if (c.templates == TemplateSet::seed && root.find("tiers")) {
        auto defaults = default_tiers();
        bool same = c.tiers.size() == defaults.size();
        for (size_t i = 0; same && i < defaults.size(); ++i)
            same = c.tiers[i].name == defaults[i].name && c.tiers[i].policy_arn == defaults[i].policy_arn;
        if (!same)
            p.add(root.find("tiers")->loc, "templates: seed has the article's tiers only (admin: AdministratorAccess, "
                                           "developer: PowerUserAccess, operator: ReadOnlyAccess); other tiers need "
                                           "templates: hardened");
    }
    read_projects(root.find("projects"), c, text, p);
    read_users(root.find("users"), c, p);
    read_profiles(root.find("profiles"), c, text, p);
    if (!p.empty()) return Unexpected(p.error());
    return c;
}

Result<Config> load_config(const std::string& path) {
    std::string text;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return fail("ConfigNotFound", fmt::format("{}: no such file (write one with `jumpgate init`, or name the "
                                                  "declarative file with -f FILE)",
                                                  path));
    if (!read_file(path, text)) return fail("InvalidConfig", fmt::format("{}: cannot read the file", path));
    return parse_config(text, path);
}

std::string config_dir(const Config& config) {
    std::filesystem::path dir = std::filesystem::path(config.path).parent_path();
    return dir.empty() ? "." : dir.string();
}

}  // namespace jg::jump
