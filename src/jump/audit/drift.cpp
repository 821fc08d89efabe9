#include "jump/audit/drift.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/json.hpp"
#include "core/strings.hpp"
#include "jump/audit/template_roles.hpp"
#include "jump/render/templates.hpp"

namespace jg::jump::audit {
namespace {

constexpr const char* k_execution_role = "AWSCloudFormationStackSetExecutionRole";
constexpr const char* k_administration_role = "AWSCloudFormationStackSetAdministrationRole";

std::string role_arn(const std::string& account, const std::string& name) {
    return fmt::format("arn:aws:iam::{}:role/{}", account, name);
}

// Where the file says something, for the evidence ("jumpgate.yaml:12:3").
std::string where(const Config& config, const Location& loc) {
    if (loc.known()) return loc.str();
    return config.path.empty() ? "the file" : config.path;
}

struct Drift {
    const Config& config;
    std::vector<Finding>& out;

    void add(Severity s, std::string title, std::string principal, std::vector<std::string> path,
             std::vector<std::string> evidence) {
        Finding f;
        f.rule = "JG112";
        f.severity = s;
        f.title = "drift: " + std::move(title);
        f.principal = principal;
        f.path = {std::move(principal)};
        f.path.insert(f.path.end(), path.begin(), path.end());
        f.evidence = std::move(evidence);
        out.push_back(std::move(f));
    }

    // The jump roles (role-<tier>) where the role StackSet reaches, and the StackSet roles.
    // `expected`: what the role template makes of each jump role here (null: unknown).
    void roles(const Account& a, bool jump_roles_here, const std::map<std::string, TemplateRole>* expected) {
        std::map<std::string, const Role*> by_name;
        for (const Role& r : a.roles) by_name[r.name] = &r;
        auto missing = [&](const std::string& name, const std::string& why) {
            add(Severity::medium, "role missing", role_arn(a.id, name), {},
                {fmt::format("{} does not exist in account {}; {}", name, a.id, why)});
        };
        // The role StackSet needs the execution role wherever it deploys.
        if (jump_roles_here && !by_name.count(k_execution_role))
            missing(k_execution_role, fmt::format("the file's role StackSet deploys through it to accounts {}",
                                                  join(role_instance_accounts(config), ", ")));
        if (a.id == config.admin_account && !by_name.count(k_administration_role))
            missing(k_administration_role, "the file's StackSets are administered through it from the admin account");
        std::set<std::string> tiers;
        for (const Tier& t : config.tiers) {
            std::string name = "role-" + t.name;
            tiers.insert(name);
            auto it = by_name.find(name);
            if (!jump_roles_here) continue;
            if (it == by_name.end()) {
                missing(name, fmt::format("the file's role StackSet (iam-roles) deploys role-<tier> to accounts {}",
                                          join(role_instance_accounts(config), ", ")));
                continue;
            }
            policies(*it->second, t);
            if (expected)
                if (auto want = expected->find(name); want != expected->end()) template_drift(*it->second, want->second);
        }
        for (const Role& r : a.roles) {
            if (r.name.rfind("role-", 0) != 0) continue;  // not a name the file's templates use
            if (jump_roles_here && tiers.count(r.name)) continue;
            std::string why = tiers.count(r.name)
                                  ? fmt::format("the file's role StackSet does not deploy to account {} (templates: {})",
                                                a.id, config.templates == TemplateSet::seed ? "seed" : "hardened")
                                  : fmt::format("the file has no tier '{}' (tiers: {})", r.name.substr(5), tier_list());
            add(Severity::high, "role not in the file", r.arn, {}, {fmt::format("{} exists; {}", r.arn, why)});
        }
    }

    std::string tier_list() const {
        std::vector<std::string> names;
        for (const Tier& t : config.tiers) names.push_back(t.name);
        return join(names, ", ");
    }

    // role-<tier> carries exactly the tier's managed policy.
    void policies(const Role& r, const Tier& t) {
        std::vector<std::string> extra, evidence;
        bool has = false;
        for (const Attachment& at : r.attached) {
            if (at.arn == t.policy_arn) has = true;
            else extra.push_back(at.arn);
        }
        if (has && extra.empty()) return;
        if (!has)
            evidence.push_back(fmt::format("{} does not carry {} (the file's tier '{}')", r.arn, t.policy_arn, t.name));
        for (const auto& arn : extra)
            evidence.push_back(fmt::format("{} carries {}, which tier '{}' does not name", r.arn, arn, t.name));
        add(extra.empty() ? Severity::medium : Severity::high, "role policy changed", r.arn, {}, std::move(evidence));
    }

    // The managed policies the group templates attach: the MFA policy and the tier's
    // assume-role policy (global: policy-assume-role-<tier>; project:
    // policy-assume-<tier>-role-<project>), by group name.
    std::map<std::string, std::vector<std::string>> group_policies(const std::string& account) const {
        auto arn = [&](const std::string& name) { return fmt::format("arn:aws:iam::{}:policy/{}", account, name); };
        std::map<std::string, std::vector<std::string>> out;
        for (const Tier& t : config.tiers) {
            out["group-" + t.name] = {arn("policy-enforce-mfa"), arn("policy-assume-role-" + t.name)};
            for (const Project& p : config.projects)
                out["group-" + t.name + "-" + p.name] = {arn("policy-enforce-mfa"),
                                                         arn("policy-assume-" + t.name + "-role-" + p.name)};
        }
        return out;
    }

    // A file group carries exactly its templates' managed policies and no inline policy.
    void group_drift(const Group& g, const std::vector<std::string>& expected) {
        std::vector<std::string> evidence;
        bool more = false;
        for (const auto& arn : expected)
            if (std::none_of(g.attached.begin(), g.attached.end(), [&](const Attachment& at) { return at.arn == arn; }))
                evidence.push_back(fmt::format("{} does not carry {} (the file's group templates attach it)", g.arn, arn));
        for (const Attachment& at : g.attached)
            if (std::find(expected.begin(), expected.end(), at.arn) == expected.end()) {
                evidence.push_back(fmt::format("{} carries {}, which the file's group templates do not attach", g.arn, at.arn));
                more = true;
            }
        for (const InlinePolicy& p : g.inline_policies) {
            evidence.push_back(fmt::format("{} has inline policy {}, which the file's group templates do not write", g.arn,
                                           p.name));
            more = true;
        }
        if (!evidence.empty())
            add(more ? Severity::high : Severity::medium, "group policy changed", g.arn, {}, std::move(evidence));
    }

    // The trust policy and inline policies are the role template's.
    void template_drift(const Role& r, const TemplateRole& want) {
        if (!same_policy(r.trust, want.trust))
            add(Severity::high, "role trust changed", r.arn, {},
                {fmt::format("{} trust policy: {}", r.arn, to_json(r.trust)),
                 fmt::format("the file's role template ({}) gives: {}", k_roles_template, to_json(want.trust))});
        std::vector<std::string> evidence;
        bool more = false;
        for (const auto& [name, doc] : want.inline_policies) {
            auto live = std::find_if(r.inline_policies.begin(), r.inline_policies.end(),
                                     [&](const InlinePolicy& p) { return p.name == name; });
            if (live == r.inline_policies.end()) {
                evidence.push_back(fmt::format("{} lacks inline policy {} of the file's role template", r.arn, name));
            } else if (!same_policy(live->document, doc)) {
                evidence.push_back(fmt::format("{} inline policy {}: {} (the template gives: {})", r.arn, name,
                                               to_json(live->document), to_json(doc)));
                more = true;
            }
        }
        for (const InlinePolicy& p : r.inline_policies)
            if (!want.inline_policies.count(p.name)) {
                evidence.push_back(fmt::format("{} has inline policy {}, which the file's role template does not write",
                                               r.arn, p.name));
                more = true;
            }
        if (!evidence.empty())
            add(more ? Severity::high : Severity::medium, "role inline policies changed", r.arn, {}, std::move(evidence));
    }

    // The admin account's groups, users and memberships.
    void people(const Account& a) {
        std::vector<std::string> wanted = config.group_names();
        std::set<std::string> wanted_set(wanted.begin(), wanted.end()), live_groups;
        auto policies = group_policies(a.id);
        for (const Group& g : a.groups) {
            live_groups.insert(g.name);
            if (auto it = policies.find(g.name); it != policies.end()) group_drift(g, it->second);
            if (!wanted_set.count(g.name))
                add(Severity::medium, "group not in the file", g.arn, {},
                    {fmt::format("{} exists; the file's groups are group-<tier> and group-<tier>-<project> for tiers "
                                 "{}", g.arn, tier_list())});
        }
        for (const auto& name : wanted)
            if (!live_groups.count(name))
                add(Severity::medium, "group missing", group_arn(a.id, name), {},
                    {fmt::format("{} does not exist in the admin account {}; the file's group templates (iam-global-groups, iam-groups) create it", name,
                                 a.id)});
        std::map<std::string, const User*> live;
        for (const User& u : a.users) live[u.name] = &u;
        for (const UserSpec& spec : config.users) {
            auto it = live.find(spec.name);
            std::string declared = fmt::format("{}: user {} with groups [{}]", where(config, spec.loc), spec.name,
                                               join(spec.groups, ", "));
            if (it == live.end()) {
                add(Severity::medium, "user missing", fmt::format("arn:aws:iam::{}:user/{}", a.id, spec.name), {},
                    {fmt::format("user {} does not exist in the admin account {}", spec.name, a.id), declared});
                continue;
            }
            const User& u = *it->second;
            std::set<std::string> have(u.groups.begin(), u.groups.end()), want(spec.groups.begin(), spec.groups.end());
            for (const auto& g : spec.groups)
                if (!have.count(g))
                    add(Severity::medium, "membership missing", u.arn, {group_arn(a.id, g)},
                        {fmt::format("{} is not a member of {}", u.arn, g), declared});
            for (const auto& g : u.groups)
                if (!want.count(g))
                    add(Severity::high, "membership not in the file", u.arn, {group_arn(a.id, g)},
                        {fmt::format("{} is a member of {}", u.arn, g), declared});
        }
        for (const User& u : a.users) {
            if (config.find_user(u.name)) continue;
            std::vector<std::string> ev{fmt::format("{} exists in the admin account; the file has no user {}", u.arn, u.name)};
            if (!u.groups.empty()) ev.push_back("member of " + join(u.groups, ", "));
            if (!u.active_keys.empty()) ev.push_back("active access key(s): " + join(u.active_keys, ", "));
            if (u.login_profile) ev.push_back("has a console password");
            add(Severity::high, "user not in the file", u.arn, {}, std::move(ev));
        }
    }

    static std::string group_arn(const std::string& account, const std::string& name) {
        return fmt::format("arn:aws:iam::{}:group/{}", account, name);
    }
};

}  // namespace

void add_drift_findings(const State& state, const Config& config, std::vector<Finding>& out,
                        std::vector<std::string>& notes) {
    Drift d{config, out};
    std::vector<std::string> role_accounts = role_instance_accounts(config);
    // The role template, to compare trust and inline policies with; without it only names
    // and managed policies are compared.
    auto bundle = load_templates(config);
    if (!bundle)
        notes.push_back("the file's templates could not be read, so the jump roles' trust and inline policies were "
                        "not compared: " + bundle.error().message);
    std::set<std::string> in_file;
    for (const std::string& id : config.accounts()) {
        in_file.insert(id);
        auto it = std::find_if(state.accounts.begin(), state.accounts.end(), [&](const Account& a) { return a.id == id; });
        if (it == state.accounts.end()) {
            notes.push_back(fmt::format("account {} of the file was not audited: its drift is unknown", id));
            continue;
        }
        bool jump_roles = std::find(role_accounts.begin(), role_accounts.end(), id) != role_accounts.end();
        std::optional<std::map<std::string, TemplateRole>> expected;
        if (bundle && jump_roles) {
            auto made = template_roles(*bundle, config, id);
            if (made) expected = std::move(*made);
            else notes.push_back(fmt::format("{} for account {}: {}", k_roles_template, id, made.error().message));
        }
        d.roles(*it, jump_roles, expected ? &*expected : nullptr);
        if (id == config.admin_account) d.people(*it);
    }
    // Audited accounts the file does not name: any jump role there is drift too.
    for (const Account& a : state.accounts)
        if (!in_file.count(a.id))
            for (const Role& r : a.roles)
                if (r.name.rfind("role-", 0) == 0)
                    d.add(Severity::high, "role not in the file", r.arn, {},
                          {fmt::format("{} exists in account {}, which the file does not name", r.arn, a.id)});
}

}  // namespace jg::jump::audit
