#include "jump/audit/checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/hash.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"
#include "policy/lint.hpp"

namespace jg::jump::audit {
namespace {

constexpr int k_cis_min_length = 14;
constexpr int k_cis_reuse = 24;

bool jump_role_name(const std::string& name) {
    return name == "role-admin" || name == "role-developer" || name == "role-operator" ||
           name == "AWSCloudFormationStackSetExecutionRole";
}

// Condition keys that narrow an account-wide trust to particular principals.
bool narrows_principal(const std::string& key) {
    std::string k = to_lower(key);
    return k == "aws:principalarn" || k == "aws:userid" || k == "aws:username" || k.rfind("aws:principaltag/", 0) == 0 ||
           k == "aws:sourcearn" || k == "aws:sourceidentity";
}

Finding make(std::string rule, Severity s, std::string principal, std::vector<std::string> evidence) {
    Finding f;
    f.rule = std::move(rule);
    f.severity = s;
    f.path = {principal};
    f.principal = std::move(principal);
    f.evidence = std::move(evidence);
    return f;
}

void trust_checks(const std::set<std::string>& known, Graph& g, uint32_t i, std::vector<Finding>& out) {
    const GraphNode& n = g.node(i);
    const bool admin = g.admin(Graph::state_of(i, Cred::session)).admin;
    for (const auto& p : n.trust->resource.policies())
        for (const auto& s : p.policy.statements) {
            if (s.effect != policy::Effect::allow) continue;
            std::string where = fmt::format("{} trust policy statement {}{}", n.arn, s.index + 1,
                                            s.sid.empty() ? "" : " (" + s.sid + ")");
            bool narrowed = std::any_of(s.conditions.begin(), s.conditions.end(),
                                        [](const policy::Condition& c) { return narrows_principal(c.key); });
            bool any = s.not_principal || s.principal.any;
            for (const auto& v : s.principal.aws) any = any || v.text == "*";
            if (any) {
                out.push_back(make("JG110", s.conditions.empty() ? Severity::critical : Severity::high, n.arn,
                                   {where + (s.not_principal ? " uses NotPrincipal" : " trusts \"*\"") +
                                    (s.conditions.empty() ? " with no condition" : " (with conditions)")}));
                continue;
            }
            for (const auto& v : s.principal.aws) {
                std::string account;
                if (v.text.size() == 12 && std::all_of(v.text.begin(), v.text.end(), ::isdigit)) account = v.text;
                else if (auto parts = split(v.text, ':'); parts.size() >= 6 && parts[0] == "arn") account = parts[4];
                if (account.empty()) continue;
                if (!known.count(account)) {
                    out.push_back(make("JG111", Severity::high, n.arn,
                                       {fmt::format("{} trusts {} (account {} is not among the audited accounts)", where,
                                                    v.text, account)}));
                    continue;
                }
                bool root = v.text == account || v.text.ends_with(":root");
                if (admin && root && !narrowed && (s.conditions.empty() || n.name == "AWSCloudFormationStackSetExecutionRole")) {
                    Finding f = make("JG103", Severity::high, n.arn,
                                     {fmt::format("{} trusts {} (every principal of account {} whose own policies allow "
                                                  "sts:AssumeRole){}",
                                                  where, v.text, account,
                                                  s.conditions.empty() ? ", with no condition" : ""),
                                      fmt::format("{} {}", n.arn, g.admin(Graph::state_of(i, Cred::session)).why)});
                    f.path.push_back(fmt::format("arn:aws:iam::{}:root", account));
                    out.push_back(std::move(f));
                }
            }
        }
}

// Policy lint over every document once (a customer managed policy once per account);
// the same message on identical documents is one finding listing where it occurs.
struct Linter {
    std::map<std::string, size_t> seen;  // code|message|document -> finding
    std::vector<Finding>& out;

    void run(const Node& doc, policy::PolicyUse use, const std::string& principal, const std::string& label) {
        std::string text = to_json(doc);
        for (const auto& l : policy::lint_policy(doc, policy::LintOptions{use})) {
            if (l.severity == policy::Severity::info) continue;
            std::string key = l.code + "|" + l.message + "|" + text;
            if (auto it = seen.find(key); it != seen.end()) {
                auto& ev = out[it->second].evidence;
                if (ev.size() < 8) ev.push_back("also in " + label);
                else if (ev.size() == 8) ev.push_back("(and more)");
                continue;
            }
            Finding f = make("JG200/" + l.code, l.severity == policy::Severity::error ? Severity::medium : Severity::low,
                             principal, {fmt::format("{}: {}", label, l.message)});
            f.title = "policy lint: " + l.code;
            seen.emplace(key, out.size());
            out.push_back(std::move(f));
        }
    }
};

}  // namespace

void add_account_checks(const State& state, Graph& g, std::vector<Finding>& out) {
    // Trusts, and jump roles where they should not be.
    std::set<std::string> known;
    for (const Account& a : state.accounts) known.insert(a.id);
    for (uint32_t i = 0; i < g.size(); ++i) {
        const GraphNode& n = g.node(i);
        if (n.kind != NodeKind::role) continue;
        trust_checks(known, g, i, out);
        if (n.account == state.admin_account && jump_role_name(n.name))
            out.push_back(make("JG104", Severity::high, n.arn,
                               {fmt::format("{} is in the admin account {}: every principal there that may call "
                                            "sts:AssumeRole on it becomes its holder, and from there reaches what it can",
                                            n.arn, n.account)}));
    }
    // Users: where they live, their credentials, policies attached to them.
    for (uint32_t i = 0; i < g.size(); ++i) {
        const GraphNode& n = g.node(i);
        if (!n.user) continue;
        const User& u = *n.user;
        if (n.account != state.admin_account)
            out.push_back(make("JG109", Severity::medium, n.arn,
                               {fmt::format("{} is an IAM user in member account {} (admin account: {})", n.arn, n.account,
                                            state.admin_account)}));
        if (!u.attached.empty() || !u.inline_policies.empty()) {
            std::vector<std::string> ev;
            for (const auto& a : u.attached) ev.push_back("attached managed policy " + a.arn);
            for (const auto& p : u.inline_policies) ev.push_back("inline policy " + p.name);
            out.push_back(make("JG108", Severity::low, n.arn, std::move(ev)));
        }
        const Account* account = nullptr;
        for (const Account& a : state.accounts)
            if (a.id == n.account) account = &a;
        if (!account || !account->credentials_known) continue;
        if (u.login_profile && u.mfa_devices.empty())
            out.push_back(make("JG105", Severity::high, n.arn,
                               {fmt::format("{} has a console password (login profile) and no MFA device", n.arn)}));
        if (!u.active_keys.empty()) {
            bool admin = false;
            std::string why;
            for (Cred c : {Cred::mfa, Cred::key}) {
                const AdminReason& r = g.admin(Graph::state_of(i, c));
                if (r.admin && !admin) {
                    admin = true;
                    why = r.why;
                }
            }
            for (const auto& group : u.groups)
                if (!admin && (group == "group-admin" || group.rfind("group-admin-", 0) == 0)) {
                    admin = true;
                    why = "is a member of " + group;
                }
            if (admin)
                out.push_back(make("JG106", Severity::medium, n.arn,
                                   {fmt::format("{} {}", n.arn, why),
                                    fmt::format("active access key(s): {}", join(u.active_keys, ", "))}));
        }
    }
    // Password policies of the accounts that have IAM users.
    for (const Account& a : state.accounts) {
        if (a.users.empty() || !a.password_policy_known) continue;
        std::string principal = a.id;
        if (!a.password_policy) {
            out.push_back(make("JG107", Severity::medium, principal, {fmt::format("account {} has no password policy", a.id)}));
            continue;
        }
        std::vector<std::string> weak;
        if (a.password_policy->minimum_length < k_cis_min_length)
            weak.push_back(fmt::format("MinimumPasswordLength {} < {}", a.password_policy->minimum_length, k_cis_min_length));
        if (a.password_policy->reuse_prevention < k_cis_reuse)
            weak.push_back(fmt::format("PasswordReusePrevention {} < {}", a.password_policy->reuse_prevention, k_cis_reuse));
        if (!weak.empty())
            out.push_back(make("JG107", Severity::medium, principal,
                               {fmt::format("account {} password policy: {}", a.id, join(weak, ", "))}));
    }
    // Lint of every policy document.
    Linter lint{{}, out};
    for (const Account& a : state.accounts) {
        // AWS managed policies (listed when attached) are AWS's to fix, not the account's.
        for (const auto& [arn, p] : a.policies)
            if (arn.rfind("arn:aws:iam::aws:policy/", 0) != 0) lint.run(p.document, policy::PolicyUse::managed, arn, arn);
        for (const Group& gr : a.groups)
            for (const auto& p : gr.inline_policies)
                lint.run(p.document, policy::PolicyUse::group, gr.arn, gr.arn + " inline policy " + p.name);
        for (const User& u : a.users)
            for (const auto& p : u.inline_policies)
                lint.run(p.document, policy::PolicyUse::user, u.arn, u.arn + " inline policy " + p.name);
        for (const Role& r : a.roles) {
            lint.run(r.trust, policy::PolicyUse::trust, r.arn, r.arn + " trust policy");
            for (const auto& p : r.inline_policies)
                lint.run(p.document, policy::PolicyUse::role, r.arn, r.arn + " inline policy " + p.name);
        }
    }
}

void finish_findings(std::vector<Finding>& findings) {
    for (Finding& f : findings) {
        const Rule* rule = find_rule(f.rule.substr(0, f.rule.find('/')));
        if (rule) {
            if (f.title.empty()) f.title = rule->title;
            if (f.fix.empty()) f.fix = rule->fix;
        }
        std::string digest = sha256_hex(f.rule + "\n" + f.principal + "\n" + join(f.path, "\n") +
                                        (f.rule.rfind("JG200", 0) == 0 && !f.evidence.empty() ? "\n" + f.evidence.front() : ""));
        f.id = f.rule.substr(0, f.rule.find('/')) + "-" + digest.substr(0, 10);
    }
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        if (a.severity != b.severity) return a.severity > b.severity;
        return std::tie(a.rule, a.principal, a.id) < std::tie(b.rule, b.principal, b.id);
    });
}

}  // namespace jg::jump::audit
