// The analysis driver: the graph, then each finding family in turn (reachability from
// every principal, MFA on every grant, then the per-account checks in checks.cpp).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "core/hash.hpp"
#include "jump/audit/checks.hpp"
#include "jump/audit/drift.hpp"
#include "jump/audit/federated.hpp"
#include "jump/audit/findings.hpp"
#include "jump/audit/reach.hpp"

namespace jg::jump::audit {
namespace {

// The file's (or the article's) admins: members of group-admin or group-admin-<project>.
bool intended_admin(const GraphNode& n) {
    if (!n.user) return false;
    for (const auto& g : n.user->groups)
        if (g == "group-admin" || g.rfind("group-admin-", 0) == 0) return true;
    return false;
}

// The StackSet administration role exists to reach every execution role.
bool is_administration_role(const GraphNode& n) {
    return n.role && n.name == "AWSCloudFormationStackSetAdministrationRole";
}

const char* cred_phrase(Cred c) {
    switch (c) {
        case Cred::key: return "its long-term access key";
        case Cred::session: return "a session without MFA";
        case Cred::mfa: return "a session with MFA";
    }
    return "";
}

std::string hop_words(Graph& g, uint32_t from, const Edge& e) {
    const GraphNode& to = g.node(Graph::node_of(e.to));
    switch (e.kind) {
        case EdgeKind::assume: return fmt::format("sts:AssumeRole {} (as {})", to.arn, cred_name(Graph::cred_of(from)));
        case EdgeKind::create_access_key: return fmt::format("iam:CreateAccessKey for {}, then acts with that key", to.arn);
        case EdgeKind::create_login_profile:
        case EdgeKind::update_login_profile:
            return fmt::format("{} for {}, then signs in as that user", edge_action(e.kind), to.arn);
        case EdgeKind::update_trust:
            return fmt::format("iam:UpdateAssumeRolePolicy on {} to trust itself, then sts:AssumeRole", to.arn);
        case EdgeKind::pass_role:
            return fmt::format("iam:PassRole {} to CloudFormation (CreateStack/CreateStackSet)", to.arn);
    }
    return "";
}

struct Driver {
    Graph& g;
    Reach reach;
    Analysis& out;
    // via / MFA-mention answers per (identity policies, credential, target state).
    std::map<std::tuple<const void*, uint32_t, uint32_t>, std::vector<std::string>> via_cache;
    std::map<std::tuple<const void*, uint32_t, uint32_t>, bool> mfa_cache;
    std::map<std::string, size_t> escalation_by_role;  // role ARN -> its finding

    bool with_via = true;

    Driver(Graph& graph, Analysis& a) : g(graph), reach(graph), out(a) {}

    std::vector<std::string> via(uint32_t from, const Edge& e) {
        auto key = std::make_tuple(static_cast<const void*>(g.node(Graph::node_of(from)).identity.get()),
                                   static_cast<uint32_t>(Graph::cred_of(from)), e.to);
        auto it = via_cache.find(key);
        if (it == via_cache.end()) it = via_cache.emplace(key, g.via(from, e)).first;
        return it->second;
    }
    bool mentions_mfa(uint32_t from, const Edge& e) {
        auto key = std::make_tuple(static_cast<const void*>(g.node(Graph::node_of(from)).identity.get()),
                                   static_cast<uint32_t>(Graph::cred_of(from)), e.to);
        auto it = mfa_cache.find(key);
        if (it == mfa_cache.end()) it = mfa_cache.emplace(key, g.edge_mentions_mfa(from, e)).first;
        return it->second;
    }

    // Path and evidence of the hops to `state` in the last search.
    void describe(uint32_t origin, const std::vector<std::pair<uint32_t, Edge>>& hops, Finding& f) {
        f.path.push_back(g.node(Graph::node_of(origin)).arn);
        for (const auto& [from, e] : hops) {
            f.path.push_back(g.node(Graph::node_of(e.to)).arn);
            out.offending.push_back({g.node(Graph::node_of(from)).arn, g.node(Graph::node_of(e.to)).arn});
            f.evidence.push_back(fmt::format("hop {}: {}", f.path.size() - 1, hop_words(g, from, e)));
            for (const auto& line : g.explain(from, e)) {
                if (line.find(": Allowed") != std::string::npos) continue;  // the header repeats the hop
                f.evidence.push_back("  " + line);
            }
        }
    }

    // Escalation: a principal that is not meant to be an administrator reaches one.
    void escalation(uint32_t node) {
        const GraphNode& n = g.node(node);
        if (intended_admin(n) || is_administration_role(n)) return;
        const Cred order[] = {Cred::mfa, Cred::session, Cred::key};
        for (Cred c : order) {
            if (n.kind == NodeKind::role && c != Cred::session) continue;
            uint32_t origin = Graph::state_of(node, c);
            if (!g.possible(origin)) continue;
            if (g.admin(origin).admin) {
                // '*' on '*' by its own policies is not an escalation (other rules judge
                // how it got them); granting itself more is.
                if (!g.admin(origin).self_grant) return;
                Finding f;
                f.rule = "JG101";
                f.severity = Severity::critical;
                f.principal = n.arn;
                f.path = {n.arn};
                f.evidence.push_back(fmt::format("{} {} (using {})", n.arn, g.admin(origin).why, cred_phrase(c)));
                out.findings.push_back(std::move(f));
                return;
            }
            std::optional<uint32_t> target;
            std::optional<std::pair<uint32_t, uint32_t>> empowered;  // (actor state, empowered node)
            const auto& order_seen = reach.run(origin, false, [&](uint32_t s) { return g.admin(s).admin; });
            for (uint32_t s : order_seen)
                if (s != origin && g.admin(s).admin) {
                    target = s;
                    break;
                }
            if (!target) {
                std::set<uint32_t> nodes_seen;
                for (uint32_t s : order_seen) nodes_seen.insert(Graph::node_of(s));
                for (uint32_t s : order_seen) {
                    for (uint32_t t : g.empowers(s))
                        if (nodes_seen.count(t)) empowered = std::make_pair(s, t);
                    if (empowered) break;
                }
                if (!empowered) continue;
            }
            Finding f;
            f.rule = "JG101";
            f.severity = Severity::critical;
            f.principal = n.arn;
            if (target) {
                auto hops = reach.path_to(*target);
                // Users whose first hop lands on a role with its own finding are listed there.
                if (n.kind == NodeKind::user && !hops.empty()) {
                    auto it = escalation_by_role.find(g.node(Graph::node_of(hops.front().second.to)).arn);
                    if (it != escalation_by_role.end()) {
                        out.findings[it->second].evidence.push_back(fmt::format("also reachable by {} ({})", n.arn, cred_name(c)));
                        return;
                    }
                }
                describe(origin, hops, f);
                // The rest of what the same search sees: often "every account".
                std::set<uint32_t> more{Graph::node_of(origin), Graph::node_of(*target)};
                for (uint32_t s : reach.run(origin, false))
                    if (more.size() < 7 && g.admin(s).admin && more.insert(Graph::node_of(s)).second)
                        f.evidence.push_back("also administrator-equivalent and reachable: " + g.node(Graph::node_of(s)).arn);
                const GraphNode& t = g.node(Graph::node_of(*target));
                f.evidence.insert(f.evidence.begin(), fmt::format("{} reaches {} using {}; {} {}", n.arn, t.arn,
                                                                  cred_phrase(c), t.arn, g.admin(*target).why));
            } else {
                auto hops = reach.path_to(empowered->first);
                describe(origin, hops, f);
                const GraphNode& t = g.node(empowered->second);
                f.path.push_back(t.arn);
                f.evidence.insert(f.evidence.begin(),
                                  fmt::format("{} can write policies on {} (a policy attach/put or a new policy version) "
                                              "and can become it",
                                              g.node(Graph::node_of(empowered->first)).arn, t.arn));
            }
            if (n.kind == NodeKind::role) escalation_by_role[n.arn] = out.findings.size();
            out.findings.push_back(std::move(f));
            return;
        }
    }

    // The access matrix of one user, and its MFA bypasses.
    void access(uint32_t node) {
        const GraphNode& n = g.node(node);
        struct Seen {
            bool with_mfa = false, without_mfa = false, bypass_mentions_mfa = false;
            std::vector<std::string> via;
        };
        std::map<uint32_t, Seen> roles;  // role node -> how it is reached
        for (Cred c : {Cred::mfa, Cred::session, Cred::key}) {
            uint32_t origin = Graph::state_of(node, c);
            if (!g.possible(origin)) continue;
            const auto& seen = reach.run(origin, true);
            for (uint32_t s : seen) {
                if (s == origin) continue;
                uint32_t r = Graph::node_of(s);
                if (r == node) continue;
                Seen& info = roles[r];
                const bool need_via = with_via && info.via.empty();
                if (c == Cred::mfa) info.with_mfa = true;
                if (c == Cred::mfa && !need_via) continue;
                auto hops = reach.path_to(s);
                if (c != Cred::mfa) {
                    bool mentions = false;
                    for (const auto& [from, e] : hops) mentions = mentions || mentions_mfa(from, e);
                    if (!info.without_mfa || mentions) info.bypass_mentions_mfa = info.bypass_mentions_mfa || mentions;
                    info.without_mfa = true;
                }
                if (need_via) {
                    info.via = via(hops.front().first, hops.front().second);
                    for (size_t i = 0; i + 1 < hops.size(); ++i)
                        info.via.push_back("role:" + g.node(Graph::node_of(hops[i].second.to)).arn);
                }
            }
        }
        std::vector<std::string> bypassed, console_only;
        std::string bypassed_admin;
        const bool passkeys_only = n.user && n.credentials_known && n.user->mfa_console_only();
        for (const auto& [r, info] : roles) {
            const GraphNode& role = g.node(r);
            std::string mfa = !info.without_mfa ? "required" : info.bypass_mentions_mfa ? "bypassable" : "none";
            if (n.user) {
                out.grants.push_back({n.name, n.arn, role.account, role.name, role.arn, info.via, mfa});
                if (passkeys_only && mfa == "required") {
                    out.grants.back().console_only = true;
                    console_only.push_back(role.arn);
                }
            }
            if (mfa == "bypassable") {
                bypassed.push_back(role.arn);
                if (bypassed_admin.empty() && g.admin(Graph::state_of(r, Cred::session)).admin) bypassed_admin = role.arn;
            }
        }
        if (!console_only.empty()) {
            Finding f;
            f.rule = "JG114";
            f.severity = Severity::low;
            f.principal = n.arn;
            f.path = {n.arn, console_only.front()};
            f.evidence.push_back(fmt::format(
                "{}'s MFA devices are passkeys (FIDO) only: {}; STS GetSessionToken and AssumeRole take TOTP codes only "
                "(--serial-number/--token-code), so {} role(s) that require MFA are reachable from the console's switch "
                "role but not from the CLI",
                n.arn, fmt::join(n.user->mfa_devices, ", "), console_only.size()));
            size_t shown = 0;
            for (const auto& arn : console_only)
                if (shown++ < 5) f.evidence.push_back("console only: " + arn);
            out.findings.push_back(std::move(f));
        }
        if (bypassed.empty() || !n.user) return;
        // One finding per user: the first administrator role (else the first role) as path.
        std::string target = bypassed_admin.empty() ? bypassed.front() : bypassed_admin;
        Finding f;
        f.rule = "JG102";
        f.severity = bypassed_admin.empty() ? Severity::high : Severity::critical;
        f.principal = n.arn;
        uint32_t t = *g.find(target);
        for (Cred c : {Cred::key, Cred::session}) {
            if (!g.possible(Graph::state_of(node, c))) continue;
            reach.run(Graph::state_of(node, c), true);
            bool found = false;
            for (Cred rc : {Cred::session, Cred::mfa})
                if (reach.seen(Graph::state_of(t, rc))) {
                    describe(Graph::state_of(node, c), reach.path_to(Graph::state_of(t, rc)), f);
                    found = true;
                    break;
                }
            if (found) {
                f.evidence.insert(f.evidence.begin(),
                                  fmt::format("{} reaches {} using {} although an MFA condition guards the path "
                                              "(BoolIfExists passes when the key is absent); {} role(s) reachable this way",
                                              n.arn, target, cred_phrase(c), bypassed.size()));
                break;
            }
        }
        size_t shown = 0;
        for (const auto& arn : bypassed)
            if (arn != target && shown++ < 5) f.evidence.push_back("also without MFA: " + arn);
        out.findings.push_back(std::move(f));
    }
};

}  // namespace

Analysis analyze(const State& state, const AuditOptions& options) {
    Analysis out;
    auto mark = std::chrono::steady_clock::now();
    auto phase = [&](const char* name) {
        auto now = std::chrono::steady_clock::now();
        out.phases.push_back({name, std::chrono::duration<double>(now - mark).count()});
        mark = now;
    };
    Graph g(state);
    phase("graph");
    out.nodes = g.size();
    Driver d(g, out);
    d.with_via = options.via;
    // Roles first, so that users whose paths go through a role with its own finding are
    // listed under it instead of repeating it.
    if (options.findings) {
        for (uint32_t i = 0; i < g.size(); ++i)
            if (g.node(i).kind == NodeKind::role) d.escalation(i);
        phase("escalation from roles");
        for (uint32_t i = 0; i < g.size(); ++i)
            if (g.node(i).kind == NodeKind::user) d.escalation(i);
        phase("escalation from users");
    }
    for (uint32_t i = 0; i < g.size(); ++i)
        if (g.node(i).kind == NodeKind::user) d.access(i);
    // Identity providers (CI) trusted by roles: their rows, and JG113 when they reach an administrator.
    add_federated(g, out.grants, options.findings ? &out.findings : nullptr);
    phase("access");
    if (!options.findings) {
        out.findings.clear();
    } else {
        add_account_checks(state, g, out.findings);
        phase("checks");
    }
    std::vector<std::string> drift_notes;
    if (options.findings && options.intended) {
        add_drift_findings(state, *options.intended, out.findings, drift_notes);
        phase("drift");
    }
    finish_findings(out.findings);
    std::sort(out.grants.begin(), out.grants.end(), [](const Grant& a, const Grant& b) {
        return std::tie(a.user_arn, a.account, a.role_arn) < std::tie(b.user_arn, b.account, b.role_arn);
    });
    std::sort(out.offending.begin(), out.offending.end());
    out.offending.erase(std::unique(out.offending.begin(), out.offending.end()), out.offending.end());
    out.evaluations = g.evaluations();
    out.edge_checks = g.edge_checks();
    out.notes = state.notes;
    out.notes.insert(out.notes.end(), g.notes().begin(), g.notes().end());
    out.notes.insert(out.notes.end(), drift_notes.begin(), drift_notes.end());
    return out;
}

}  // namespace jg::jump::audit
