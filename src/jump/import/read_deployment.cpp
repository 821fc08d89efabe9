#include "jump/import/read_deployment.hpp"

#include "jump/import/read_users.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "cfn/template.hpp"
#include "core/strings.hpp"
#include "jump/apply/deployment.hpp"
#include "jump/apply/identities.hpp"
#include "jump/apply/stacks.hpp"
#include "jump/render/embedded_templates.hpp"
#include "jump/render/templates.hpp"

namespace jg::jump {

namespace {

const char* const k_five[] = {k_execution_role_template, k_admin_role_template, k_global_groups_template,
                              k_project_groups_template, k_roles_template};

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::string value_of(const Parameters& params, const std::string& key, bool* found = nullptr) {
    for (const auto& [k, v] : params)
        if (k == key) {
            if (found) *found = true;
            return v;
        }
    if (found) *found = false;
    return {};
}

std::string_view builtin_body(std::string_view set, std::string_view file) {
    for (const EmbeddedTemplate& e : embedded_templates())
        if (e.set == set && e.file == file) return e.text;
    return {};
}

bool settled(const std::string& status) {
    return status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE" || status == "UPDATE_ROLLBACK_COMPLETE";
}

// A deployed body of one of the five templates and where it was read.
struct Body {
    std::string text;
    std::string where;
};

class Reader {
public:
    Reader(const Connection& target, const ReadOptions& options, LiveDeployment& out)
        : m_target(target), m_options(options), m_out(out), m_m(out.imported) {}

    Result<void> run();

private:
    Result<std::string> admin_account();
    Result<std::optional<LiveStack>> stack(const std::string& account, const std::string& name, const char* file);
    Result<std::vector<std::string>> project_stack_names();
    void read_project(const std::string& stack_name, const LiveStack& live);
    Result<void> read_stack_set();
    Result<void> read_execution_roles();
    Result<void> bucket_fallback();
    void decide_templates();
    void check_instances();
    void read_mfa_max_age();
    void note(std::string line) { m_m.notes.push_back(std::move(line)); }
    bool seed_layout() const;

    const Connection& m_target;
    const ReadOptions& m_options;
    LiveDeployment& m_out;
    Imported& m_m;
    std::string m_admin;
    std::map<std::string, Body> m_bodies;  // file -> the first deployed body found
    std::map<std::string, std::set<std::string>> m_other_bodies;  // file -> where a different body was found
    std::optional<LiveStack> m_global;
    std::vector<std::pair<std::string, std::string>> m_instances;  // account, region
    Parameters m_stack_set_parameters;
    std::vector<std::string> m_untagged;  // stacks jumpgate did not create ("NAME in ACCOUNT")
};

void remember_body(std::map<std::string, Body>& bodies, std::map<std::string, std::set<std::string>>& others,
                   const char* file, const std::string& text, const std::string& where) {
    auto it = bodies.find(file);
    if (it == bodies.end()) bodies.emplace(file, Body{text, where});
    else if (it->second.text != text) others[file].insert(where);
}

Result<std::string> Reader::admin_account() {
    if (!m_options.admin_account.empty()) return m_options.admin_account;
    if (!m_target.is_local())
        return fail("AdminAccountRequired",
                    fmt::format("{} cannot list its accounts (no Organizations): name the admin (jump) account "
                                "with --admin-account ID",
                                m_target.describe()));
    auto accounts = m_target.known_accounts();
    if (!accounts) return Unexpected(accounts.error());
    std::vector<std::string> found;
    for (const std::string& a : *accounts) {
        auto live = read_stack(m_target, a, k_global_groups_stack);
        if (!live) return Unexpected(live.error());
        if (*live) found.push_back(a);
    }
    if (found.size() == 1) return found.front();
    if (found.empty())
        return fail("NoDeployment", fmt::format("no account of {} holds a stack {} in {}: nothing to import (is "
                                                "--region right?)",
                                                m_target.describe(), k_global_groups_stack, m_target.region()));
    return fail("AdminAccountRequired",
                fmt::format("accounts {} of {} each hold a stack {}: name the admin (jump) account with "
                            "--admin-account ID",
                            join(found, ", "), m_target.describe(), k_global_groups_stack));
}

Result<std::optional<LiveStack>> Reader::stack(const std::string& account, const std::string& name, const char* file) {
    auto live = read_stack(m_target, account, name);
    if (!live) return live;
    if (!*live) return live;
    if (!settled((*live)->status))
        note(fmt::format("stack {} in account {} is {}{}: plan will deal with it", name, account, (*live)->status,
                         (*live)->reason.empty() ? "" : " (" + (*live)->reason + ")"));
    if (!(*live)->managed) m_untagged.push_back(fmt::format("{} in {}", name, account));
    if (!(*live)->body.empty())
        remember_body(m_bodies, m_other_bodies, file, (*live)->body,
                      account == m_admin && name != k_execution_role_stack ? "stack " + name
                                                                            : fmt::format("stack {} in {}", name, account));
    return live;
}

Result<std::vector<std::string>> Reader::project_stack_names() {
    std::vector<std::string> names;
    Node input = Node::make_object();
    for (;;) {
        auto page = m_target.call(m_admin, "cloudformation", "ListStacks", input);
        if (!page) return Unexpected(page.error());
        if (const Node* list = page->find("StackSummaries"); list && list->is_array())
            for (const Node& s : list->items) {
                std::string name = member_text(s, "StackName");
                if (member_text(s, "StackStatus") == "DELETE_COMPLETE" ||
                    name.rfind(k_project_groups_stack_prefix, 0) != 0 || contains(names, name))
                    continue;
                names.push_back(name);
            }
        std::string next = member_text(*page, "NextToken");
        if (next.empty()) break;
        input = input_of({{"NextToken", next}});
    }
    std::sort(names.begin(), names.end());
    return names;
}

void Reader::read_project(const std::string& stack_name, const LiveStack& live) {
    const std::string name = stack_name.substr(std::string_view(k_project_groups_stack_prefix).size());
    if (!is_project_name(name)) {
        note(fmt::format("stack {}: '{}' is not a project name the file allows (a letter, then letters, digits "
                         "and '-'); left out",
                         stack_name, name));
        return;
    }
    ImportedProject p{name, {}, stack_name, {}};
    bool has_prod = false, has_ids = false, has_name = false;
    const std::string prod = value_of(live.parameters, "ProdAccountId", &has_prod);
    const std::string ids = value_of(live.parameters, "AccountIds", &has_ids);
    const std::string project_name = value_of(live.parameters, "ProjectName", &has_name);
    if (has_name && project_name != name)
        note(fmt::format("stack {} has ProjectName '{}': jumpgate names the project after the stack ({}), so plan "
                         "updates the parameter",
                         stack_name, project_name, name));
    if (has_prod) {
        p.accounts.push_back(prod);
        const std::string staging = value_of(live.parameters, "StagingAccountId");
        const bool has_staging = value_of(live.parameters, "HasStagingAccount") == "true";
        if (has_staging && !staging.empty()) p.accounts.push_back(staging);
        else if (!staging.empty())
            note(fmt::format("stack {}: StagingAccountId {} with HasStagingAccount not true: the file declares "
                             "no staging account, so plan clears the parameter",
                             stack_name, staging));
        p.layout = p.accounts.size() > 1 ? "prod, staging" : "prod";
    } else if (has_ids) {
        for (const std::string& a : split(ids, ','))
            if (std::string id = trim(a); !id.empty() && !contains(p.accounts, id)) p.accounts.push_back(id);
    } else {
        note(fmt::format("stack {} has neither ProdAccountId nor AccountIds: its accounts are unknown; left out",
                         stack_name));
        return;
    }
    std::vector<std::string> bad;
    for (const std::string& a : p.accounts)
        if (!is_account_id(a)) bad.push_back(a);
    if (p.accounts.empty() || !bad.empty()) {
        note(fmt::format("stack {}: accounts '{}' are not all 12-digit account ids; left out", stack_name,
                         join(p.accounts, ",")));
        return;
    }
    m_m.projects.push_back(std::move(p));
}

Result<void> Reader::read_stack_set() {
    auto described =
        m_target.call(m_admin, "cloudformation", "DescribeStackSet", input_of({{"StackSetName", k_role_stack_set}}));
    if (!described) {
        if (described.error().code != "StackSetNotFoundException") return Unexpected(described.error());
        note(fmt::format("no StackSet {} in the admin account: plan creates it and its instances", k_role_stack_set));
        return {};
    }
    const Node* s = described->find("StackSet");
    if (!s || member_text(*s, "Status") == "DELETED") {
        note(fmt::format("StackSet {} was deleted: plan creates it and its instances", k_role_stack_set));
        return {};
    }
    remember_body(m_bodies, m_other_bodies, k_roles_template, member_text(*s, "TemplateBody"),
                  std::string("StackSet ") + k_role_stack_set);
    if (const Node* ps = s->find("Parameters"); ps && ps->is_array())
        for (const Node& p : ps->items)
            m_stack_set_parameters.emplace_back(member_text(p, "ParameterKey"), member_text(p, "ParameterValue"));
    Node input = input_of({{"StackSetName", k_role_stack_set}});
    for (;;) {
        auto page = m_target.call(m_admin, "cloudformation", "ListStackInstances", input);
        if (!page) return Unexpected(page.error());
        if (const Node* list = page->find("Summaries"); list && list->is_array())
            for (const Node& i : list->items) {
                m_instances.emplace_back(member_text(i, "Account"), member_text(i, "Region"));
                if (std::string st = member_text(i, "Status"); st != "CURRENT")
                    note(fmt::format("StackSet instance in {} ({}) is {}{}", member_text(i, "Account"),
                                     member_text(i, "Region"), st,
                                     member_text(i, "StatusReason").empty() ? ""
                                                                             : ": " + member_text(i, "StatusReason")));
            }
        std::string next = member_text(*page, "NextToken");
        if (next.empty()) break;
        input = input_of({{"StackSetName", k_role_stack_set}, {"NextToken", next}});
    }
    return {};
}

Result<void> Reader::read_execution_roles() {
    std::vector<std::string> accounts{m_admin};
    for (const auto& [account, region] : m_instances)
        if (region == m_m.region && !contains(accounts, account)) accounts.push_back(account);
    for (const ImportedProject& p : m_m.projects)
        for (const std::string& a : p.accounts)
            if (!contains(accounts, a)) accounts.push_back(a);
    for (const std::string& account : accounts) {
        auto live = stack(account, k_execution_role_stack, k_execution_role_template);
        if (!live) {
            if (live.error().code == "NoSuchAccount") {
                note(fmt::format("account {} (named by the deployment) does not exist in {}", account,
                                 m_target.describe()));
                continue;
            }
            return Unexpected(live.error());
        }
    }
    return {};
}

// The article uploads four of the templates to its bucket: a template no stack shows is
// read from there.
Result<void> Reader::bucket_fallback() {
    const std::string bucket = "aws-iam-templates-" + m_admin;
    for (const char* file : k_five) {
        if (m_bodies.count(file)) continue;
        auto object = m_target.call(m_admin, "s3", "GetObject", input_of({{"Bucket", bucket}, {"Key", file}}));
        if (!object) continue;  // no bucket, no object, or no access: the template stays "not deployed"
        remember_body(m_bodies, m_other_bodies, file, member_text(*object, "Body"),
                      fmt::format("object s3://{}/{}", bucket, file));
    }
    return {};
}

bool Reader::seed_layout() const {
    if (m_m.templates == "seed") return true;
    if (m_m.templates == "hardened") return false;
    auto it = m_out.custom_bodies.find(k_project_groups_template);
    if (it == m_out.custom_bodies.end()) return false;
    auto t = cfn::load_template(it->second, k_project_groups_template);
    if (!t) return false;
    return std::any_of(t->parameters.begin(), t->parameters.end(),
                       [](const auto& p) { return p.name == "ProdAccountId"; });
}

void Reader::decide_templates() {
    bool all_seed = true, all_hardened = true, any = false;
    for (const char* file : k_five) {
        TemplateVerdict v{file, {}, "not deployed"};
        auto it = m_bodies.find(file);
        if (it != m_bodies.end()) {
            any = true;
            v.where = it->second.where;
            const bool seed = it->second.text == builtin_body("article", file);
            const bool hardened = it->second.text == builtin_body("hardened", file);
            all_seed = all_seed && seed;
            all_hardened = all_hardened && hardened;
            v.verdict = seed ? "= seed" : hardened ? "= hardened" : "differs from seed and hardened";
            if (auto o = m_other_bodies.find(file); o != m_other_bodies.end())
                note(fmt::format("{}: {} deployed a different body than {} (the file keeps the latter)", file,
                                 join(std::vector<std::string>(o->second.begin(), o->second.end()), ", "),
                                 it->second.where));
        }
        m_m.template_verdicts.push_back(std::move(v));
    }
    if (any && all_seed) {
        m_m.templates = "seed";
        return;
    }
    if (any && all_hardened) {
        m_m.templates = "hardened";
        return;
    }
    m_m.templates = m_options.custom_templates_name;
    m_m.custom_templates = true;
    for (const char* file : k_five) {
        auto it = m_bodies.find(file);
        if (it != m_bodies.end()) {
            m_out.custom_bodies[file] = it->second.text;
            continue;
        }
        // Deployed nowhere: the article's text stands in (the folder needs all five).
        m_out.custom_bodies[file] = std::string(builtin_body("article", file));
        note(fmt::format("{} is deployed nowhere: the folder holds the article's text of it", file));
    }
}

// MfaMaxAge as passed: the StackSet keeps only the parameters it was given, a stack every
// parameter with its default filled in, so a stack's value counts only when it is not the
// template's Default (the file then omits mfa_max_age and jumpgate passes none either).
void Reader::read_mfa_max_age() {
    bool found = false;
    std::string age = value_of(m_stack_set_parameters, "MfaMaxAge", &found);
    if (!found) {
        age = value_of(m_global->parameters, "MfaMaxAge", &found);
        if (!found) return;
        std::optional<std::string> default_value;
        if (auto t = cfn::load_template(m_global->body, k_global_groups_template))
            for (const auto& p : t->parameters)
                if (p.name == "MfaMaxAge") default_value = p.default_value;
        if (default_value && *default_value == age) return;
    }
    if (!age.empty() && age.size() < 7 && std::all_of(age.begin(), age.end(), [](char c) { return c >= '0' && c <= '9'; }))
        m_m.mfa_max_age = std::stoi(age);
    else
        note(fmt::format("MfaMaxAge '{}' of the deployed stacks is not a number of seconds; left out", age));
}

void Reader::check_instances() {
    std::vector<std::string> declared;
    if (seed_layout()) declared.push_back(m_admin);
    for (const ImportedProject& p : m_m.projects)
        for (const std::string& a : p.accounts)
            if (!contains(declared, a)) declared.push_back(a);
    for (const auto& [account, region] : m_instances) {
        if (region != m_m.region) {
            note(fmt::format("StackSet {} has an instance in {} in region {}: outside the file's region, plan leaves "
                             "it alone",
                             k_role_stack_set, account, region));
            continue;
        }
        if (contains(declared, account)) continue;
        if (account == m_admin)
            note(fmt::format("StackSet {} has an instance in the admin account {}, which this template profile does "
                             "not deploy: plan deletes it",
                             k_role_stack_set, account));
        else
            note(fmt::format("StackSet {} has an instance in account {}, which no project names: plan deletes it "
                             "(add the account to a project to keep it)",
                             k_role_stack_set, account));
    }
}

Result<void> Reader::run() {
    auto admin = admin_account();
    if (!admin) return Unexpected(admin.error());
    m_admin = *admin;
    m_m.admin_account = m_admin;
    m_m.region = m_target.region();
    m_m.source = m_target.describe();
    auto global = stack(m_admin, k_global_groups_stack, k_global_groups_template);
    if (!global) return Unexpected(global.error());
    if (!*global)
        return fail("NoDeployment", fmt::format("account {} of {} holds no stack {} in {}: nothing to import (is "
                                                "--admin-account or --region wrong?)",
                                                m_admin, m_target.describe(), k_global_groups_stack,
                                                m_target.region()));
    m_global = std::move(*global);
    auto admin_role = stack(m_admin, k_admin_role_stack, k_admin_role_template);
    if (!admin_role) return Unexpected(admin_role.error());
    if (!*admin_role) note(fmt::format("no stack {} in the admin account: plan creates it", k_admin_role_stack));
    auto names = project_stack_names();
    if (!names) return Unexpected(names.error());
    for (const std::string& name : *names) {
        auto live = stack(m_admin, name, k_project_groups_template);
        if (!live) return Unexpected(live.error());
        if (*live) read_project(name, **live);
    }
    if (auto ok = read_stack_set(); !ok) return ok;
    if (auto ok = read_execution_roles(); !ok) return ok;
    if (auto ok = bucket_fallback(); !ok) return ok;
    decide_templates();
    if (!seed_layout()) read_mfa_max_age();
    if (seed_layout())
        for (const ImportedProject& p : m_m.projects)
            if (p.accounts.size() > k_seed_max_project_accounts)
                note(fmt::format("project {} has {} accounts, more than the article's layout allows", p.name,
                                 p.accounts.size()));
    if (auto ok = read_import_users(m_target, m_admin, m_m); !ok) return ok;
    if (auto ok = read_import_password_policy(m_target, m_admin, m_m); !ok) return ok;
    check_instances();
    if (!m_untagged.empty()) {
        const bool admin_execution_role =
            contains(m_untagged, fmt::format("{} in {}", k_execution_role_stack, m_admin));
        note(fmt::format("{} stack(s) carry no {}={} tag (made by hand): apply updates them but never deletes them "
                         "nor lifts their termination protection{}: {}",
                         m_untagged.size(), k_managed_tag_key, k_managed_tag_value,
                         admin_execution_role ? fmt::format(" (templates: hardened would leave the admin account's {} "
                                                            "to delete by hand)",
                                                            k_execution_role_stack)
                                              : std::string(),
                         join(m_untagged, ", ")));
    }
    std::vector<std::string> accounts{m_admin};
    for (const ImportedProject& p : m_m.projects)
        for (const std::string& a : p.accounts)
            if (!contains(accounts, a)) accounts.push_back(a);
    for (const auto& [account, profile] : m_options.profiles) {
        if (contains(accounts, account)) m_m.profiles.emplace_back(account, profile);
        else note(fmt::format("--profile-for {}={}: the account is not in the file; not written", account, profile));
    }
    return {};
}

}  // namespace

Result<LiveDeployment> read_deployment(const Connection& target, const ReadOptions& options) {
    LiveDeployment out;
    Reader reader(target, options, out);
    if (auto ok = reader.run(); !ok) return Unexpected(ok.error());
    return out;
}

}  // namespace jg::jump
