// Deciding the graph's edges with the policy engine: candidates first (from the trust
// policies' principals, the identity policies' resources, probes on names that do not
// exist), then one engine decision per candidate and credential kind.
#include <fmt/format.h>

#include <algorithm>

#include "core/arn.hpp"
#include "core/strings.hpp"
#include "jump/audit/graph.hpp"
#include "jump/audit/graph_impl.hpp"
#include "policy/evaluator.hpp"
#include "policy/pattern.hpp"

namespace jg::jump::audit {
namespace {

// The static spelling of an action this file asks about (may_allow caches by address).
const char* action_literal(std::string_view action) {
    static const char* const k_actions[] = {
        "sts:AssumeRole", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
        "iam:UpdateAssumeRolePolicy", "iam:PassRole", "iam:CreateUser", "iam:PutRolePolicy", "iam:PutUserPolicy",
        "iam:AttachUserPolicy", "iam:AttachRolePolicy", "iam:PutGroupPolicy", "iam:AttachGroupPolicy",
        "iam:CreatePolicyVersion", "cloudformation:CreateStack", "cloudformation:CreateStackSet",
        "ec2:TerminateInstances", "s3:DeleteBucket", "lambda:DeleteFunction"};
    for (const char* a : k_actions)
        if (action == a) return a;
    return nullptr;
}

// The region CloudFormation probes use; policies usually wildcard it.
constexpr const char* k_region = "us-east-1";

}  // namespace

const std::vector<Edge>& Graph::edges(uint32_t state) {
    Memo& memo = m_memo[state];
    if (memo.edges_done) return memo.edges;
    memo.edges_done = true;
    const uint32_t from = node_of(state);
    const Cred c = cred_of(state);
    const GraphNode& n = m_nodes[from];
    Decide decide{*this, m_evaluations, m_impl->last_request};
    const Cred carried = c == Cred::mfa ? Cred::mfa : Cred::session;
    std::vector<Edge>& out = memo.edges;
    out = assume_edges(state);

    // IAM writes and CloudFormation: pointless from an administrator (it can do anything
    // in its account already), and IAM has no resource policies, so they stay in-account.
    if (admin(state).admin) return out;
    auto targets = [&](EdgeKind kind, NodeKind type) {
        std::vector<uint32_t> found;
        const auto& pool = (type == NodeKind::user ? m_impl->users_of : m_impl->roles_of)[n.account];
        std::string probe_arn = iam_arn(n.account, type == NodeKind::user ? "user" : "role", k_probe);
        for (uint32_t t : Graph::candidates(state, edge_action(kind), probe_arn, pool)) {
            if (t == from) continue;
            EdgeRequest q = edge_request(n, m_nodes[t], kind);
            ++m_edge_checks;
            if (decide(n, c, q.action, q.resource, q.account, nullptr, std::move(q.extra))) found.push_back(t);
        }
        return found;
    };
    // Another user's credentials: a new access key is a long-term key; a password gives
    // a console session without MFA (only while that user has no MFA device).
    for (uint32_t t : targets(EdgeKind::create_access_key, NodeKind::user))
        out.push_back({state_of(t, Cred::key), EdgeKind::create_access_key});
    for (EdgeKind k : {EdgeKind::create_login_profile, EdgeKind::update_login_profile})
        for (uint32_t t : targets(k, NodeKind::user))
            if (!m_nodes[t].user || m_nodes[t].user->mfa_devices.empty()) out.push_back({state_of(t, Cred::session), k});
    // Rewriting a role's trust policy to name oneself, then assuming it.
    for (uint32_t t : targets(EdgeKind::update_trust, NodeKind::role))
        out.push_back({state_of(t, carried), EdgeKind::update_trust});
    // A role that CloudFormation may assume, passed to a stack or a StackSet (the
    // administration role then reaches every execution role that trusts it).
    std::vector<uint32_t> cfn_roles;
    for (uint32_t r : m_impl->roles_of[n.account])
        if (m_nodes[r].trusts_cloudformation && r != from) cfn_roles.push_back(r);
    if (!cfn_roles.empty() && may_allow(from, action_literal("iam:PassRole"))) {
        std::string stack = fmt::format("arn:aws:cloudformation:{}:{}:stack/{}/*", k_region, n.account, k_probe);
        std::string stackset = fmt::format("arn:aws:cloudformation:{}:{}:stackset/{}:*", k_region, n.account, k_probe);
        if (decide(n, c, "cloudformation:CreateStack", stack, n.account) ||
            decide(n, c, "cloudformation:CreateStackSet", stackset, n.account))
            for (uint32_t r : cfn_roles) {
                EdgeRequest q = edge_request(n, m_nodes[r], EdgeKind::pass_role);
                ++m_edge_checks;
                if (decide(n, c, q.action, q.resource, q.account, nullptr, std::move(q.extra)))
                    out.push_back({state_of(r, Cred::session), EdgeKind::pass_role});
            }
    }
    return out;
}

bool Graph::may_allow(uint32_t node, const char* action) const {
    const GraphNode& n = m_nodes[node];
    auto key = std::make_pair(static_cast<const void*>(n.identity.get()), action);
    if (auto it = m_impl->may.find(key); it != m_impl->may.end()) return it->second;
    auto req = m_impl->action_requests.find(action);
    if (req == m_impl->action_requests.end()) {
        auto made = policy::make_request({"arn:aws:iam::000000000000:user/probe", action, "*", "000000000000", {}});
        if (!made) return true;
        req = m_impl->action_requests.emplace(action, std::move(*made)).first;
    }
    bool any = false;
    for (const auto& s : n.identity->identity.statements())
        if (s.effect == policy::Effect::allow && policy::action_matches(s, req->second)) {
            any = true;
            break;
        }
    m_impl->may.emplace(key, any);
    return any;
}

bool Graph::allows(uint32_t state, std::string_view action, std::string_view resource) const {
    const GraphNode& n = m_nodes[node_of(state)];
    return Decide{*this, m_evaluations, m_impl->last_request}(n, cred_of(state), action, resource, n.account);
}

bool Graph::possible(uint32_t state) const {
    const GraphNode& n = m_nodes[node_of(state)];
    if (!n.user) return cred_of(state) != Cred::key;
    if (!n.credentials_known) return true;
    const User& u = *n.user;
    uint32_t node = node_of(state);
    auto mfa = [&] {
        if (!u.mfa_devices.empty()) return true;
        // Enrolling needs a session first (a password or a key), then both calls.
        if (!u.login_profile && u.active_keys.empty()) return false;
        for (Cred c : {Cred::session, Cred::key}) {
            uint32_t s = state_of(node, c);
            if (allows(s, "iam:CreateVirtualMFADevice", fmt::format("arn:aws:iam::{}:mfa/{}", n.account, n.name)) &&
                allows(s, "iam:EnableMFADevice", n.arn))
                return true;
        }
        return false;
    };
    switch (cred_of(state)) {
        case Cred::mfa: return mfa();
        case Cred::session: return u.login_profile || !u.active_keys.empty();
        case Cred::key:
            if (!u.active_keys.empty()) return true;
            for (Cred c : {Cred::mfa, Cred::session})
                if ((c == Cred::session ? u.login_profile : mfa()) && allows(state_of(node, c), "iam:CreateAccessKey", n.arn))
                    return true;
            return false;
    }
    return true;
}

std::vector<uint32_t> Graph::candidates(uint32_t state, std::string_view action, const std::string& probe_arn,
                                        const std::vector<uint32_t>& pool) const {
    const GraphNode& n = m_nodes[node_of(state)];
    const Cred c = cred_of(state);
    Decide decide{*this, m_evaluations, m_impl->last_request};
    if (auto literal = action_literal(action); literal && !may_allow(node_of(state), literal)) return {};
    // Allowed on a name that does not exist: allowed on (almost) any; decide them all.
    if (decide(n, c, action, probe_arn, n.account)) return pool;
    // Otherwise only what an Allow statement names: a literal ARN, a pattern narrower
    // than the probe's, or the caller itself through a policy variable.
    std::vector<uint32_t> cand;
    auto probe = decide.request(n, c, action, probe_arn, n.account);
    if (!probe) return cand;
    std::string expanded;
    for (const auto& s : n.identity->identity.statements()) {
        if (s.effect != policy::Effect::allow || !s.has_resource || s.not_resource || !policy::action_matches(s, *probe))
            continue;
        for (const auto& res : s.resources) {
            std::string pattern = res.text.pattern();
            if (res.text.has_variables()) {
                if (!res.text.expand(*probe, true, expanded)) continue;
                pattern = expanded;
            }
            if (pattern == "*" || policy::arn_glob_match(pattern, probe_arn)) continue;  // the probe answered
            if (!has_wildcard(pattern)) {
                if (auto it = m_by_arn.find(pattern); it != m_by_arn.end()) cand.push_back(it->second);
                continue;
            }
            for (uint32_t t : pool)
                if (policy::arn_glob_match(pattern, m_nodes[t].arn)) cand.push_back(t);
        }
    }
    std::sort(cand.begin(), cand.end());
    cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
    // Only members of the pool (a literal ARN may name another kind of entity).
    std::vector<uint32_t> out;
    for (uint32_t t : cand)
        if (!pool.empty() && m_nodes[t].kind == m_nodes[pool.front()].kind && m_nodes[t].account == m_nodes[pool.front()].account)
            out.push_back(t);
    return out;
}

const AdminReason& Graph::admin(uint32_t state) {
    Memo& memo = m_memo[state];
    if (memo.admin_done) return memo.admin;
    memo.admin_done = true;
    const uint32_t from = node_of(state);
    const Cred c = cred_of(state);
    const GraphNode& n = m_nodes[from];
    Decide decide{*this, m_evaluations, m_impl->last_request};
    const std::string& a = n.account;

    // '*' on '*': a sample of services and of destructive IAM writes, all allowed.
    const std::pair<std::string, std::string> probes[] = {
        {"iam:CreateUser", iam_arn(a, "user", k_probe)},
        {"iam:PutRolePolicy", iam_arn(a, "role", k_probe)},
        {"ec2:TerminateInstances", fmt::format("arn:aws:ec2:{}:{}:instance/i-0{}", k_region, a, "7f3c")},
        {"s3:DeleteBucket", fmt::format("arn:aws:s3:::{}", k_probe)},
        {"lambda:DeleteFunction", fmt::format("arn:aws:lambda:{}:{}:function:{}", k_region, a, k_probe)},
    };
    bool all = true;
    for (const auto& [action, resource] : probes) {
        const char* literal = action_literal(action);
        if (!(all = (!literal || may_allow(from, literal)) && decide(n, c, action, resource, a))) break;
    }
    if (all) {
        memo.admin = {true, false, "can do '*' on '*' (AdministratorAccess or equivalent)"};
        return memo.admin;
    }
    // Granting itself more: a policy on itself, on one of its groups, or a new default
    // version of a customer managed policy it holds.
    std::vector<std::pair<std::string, std::string>> self;
    if (n.kind == NodeKind::user) {
        self.push_back({"iam:PutUserPolicy", n.arn});
        self.push_back({"iam:AttachUserPolicy", n.arn});
    } else {
        self.push_back({"iam:PutRolePolicy", n.arn});
        self.push_back({"iam:AttachRolePolicy", n.arn});
    }
    for (const std::string& g : m_impl->own_groups[from]) {
        self.push_back({"iam:PutGroupPolicy", g});
        self.push_back({"iam:AttachGroupPolicy", g});
    }
    for (const std::string& p : m_impl->own_policies[from]) self.push_back({"iam:CreatePolicyVersion", p});
    for (const auto& [action, resource] : self)
        if (may_allow(from, action_literal(action)) && decide(n, c, action, resource, a)) {
            memo.admin = {true, true, fmt::format("can grant itself any permission: {} on {}", action, resource)};
            return memo.admin;
        }
    return memo.admin;
}

const std::vector<uint32_t>& Graph::empowers(uint32_t state) {
    Memo& memo = m_memo[state];
    if (memo.empowers_done) return memo.empowers;
    memo.empowers_done = true;
    const uint32_t from = node_of(state);
    const Cred c = cred_of(state);
    const GraphNode& n = m_nodes[from];
    if (admin(state).admin) return memo.empowers;
    Decide decide{*this, m_evaluations, m_impl->last_request};
    auto& out = memo.empowers;
    // Policy writes on other principals of the account (probe first, as for edges).
    auto scan = [&](const std::vector<uint32_t>& pool, const char* word, std::initializer_list<const char*> actions) {
        for (const char* action : actions)
            for (uint32_t t : candidates(state, action, iam_arn(n.account, word, k_probe), pool))
                if (t != from && decide(n, c, action, m_nodes[t].arn, n.account)) out.push_back(t);
    };
    scan(m_impl->users_of[n.account], "user", {"iam:PutUserPolicy", "iam:AttachUserPolicy"});
    scan(m_impl->roles_of[n.account], "role", {"iam:PutRolePolicy", "iam:AttachRolePolicy"});
    // A new default version of a customer managed policy changes everyone holding it
    // (probe first: most principals may not touch any policy).
    if (!may_allow(from, action_literal("iam:CreatePolicyVersion"))) {
        // no statement can allow it
    } else if (decide(n, c, "iam:CreatePolicyVersion", iam_arn(n.account, "policy", k_probe), n.account)) {
        for (const auto& [arn, holders] : m_impl->holders)
            if (arn.find(":" + n.account + ":") != std::string::npos && decide(n, c, "iam:CreatePolicyVersion", arn, n.account))
                out.insert(out.end(), holders.begin(), holders.end());
    } else if (auto probe = decide.request(n, c, "iam:CreatePolicyVersion", iam_arn(n.account, "policy", k_probe), n.account)) {
        for (const auto& s : n.identity->identity.statements()) {
            if (s.effect != policy::Effect::allow || !s.has_resource || s.not_resource || !policy::action_matches(s, *probe))
                continue;
            for (const auto& res : s.resources) {
                if (res.text.has_variables() || res.text.pattern() == "*") continue;
                for (const auto& [arn, holders] : m_impl->holders)
                    if (policy::arn_glob_match(res.text.pattern(), arn) && decide(n, c, "iam:CreatePolicyVersion", arn, n.account))
                        out.insert(out.end(), holders.begin(), holders.end());
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}


std::vector<std::string> Graph::explain(uint32_t from, const Edge& e) const {
    const GraphNode& n = m_nodes[node_of(from)];
    const GraphNode& to = m_nodes[node_of(e.to)];
    EdgeRequest q = edge_request(n, to, e.kind);
    auto r = request_for(n, cred_of(from), q.action, q.resource, q.account, q.extra);
    if (!r) return {"the request could not be built: " + r.error().message};
    policy::PolicyView view{n.identity->identity, q.trust ? *q.trust : empty_slot(), n.identity->boundary, empty_slot()};
    auto ev = policy::evaluate(view, *r);
    std::vector<std::string> out;
    out.push_back(fmt::format("{} on {} as {} ({}): {}", q.action, q.resource, n.arn, cred_name(cred_of(from)),
                              policy::decision_name(ev.decision)));
    for (auto& line : ev.explanation) {
        // The trust policy is the target role's: say so.
        std::string text = line;
        if (q.trust && text.rfind("resource policy \"trust policy\"", 0) == 0)
            text = to.arn + " trust policy" + text.substr(std::string("resource policy \"trust policy\"").size());
        out.push_back(text);
    }
    return out;
}

namespace {

// The statements that match an edge's request (no explanation sentences: via and the
// MFA check run for every grant of the matrix).
policy::Matches edge_matches(const Graph& g, const Decide& decide, uint32_t from, const Edge& e) {
    const GraphNode& n = g.node(Graph::node_of(from));
    EdgeRequest q = edge_request(n, g.node(Graph::node_of(e.to)), e.kind);
    const policy::RequestContext* r = decide.prepare(n, Graph::cred_of(from), q.action, q.resource, q.account, std::move(q.extra));
    if (!r) return {};
    return policy::match(decide.view(n, q.trust), *r);
}

}  // namespace

std::vector<std::string> Graph::via(uint32_t from, const Edge& e) const {
    const GraphNode& n = m_nodes[node_of(from)];
    std::vector<std::string> out;
    for (const auto& m : edge_matches(*this, Decide{*this, m_evaluations, m_impl->last_request}, from, e).statements) {
        if (m.slot != policy::Slot::identity || m.statement->effect != policy::Effect::allow) continue;
        auto it = n.via.find(m.policy->name);
        const std::string& label = it == n.via.end() ? m.policy->name : it->second;
        if (std::find(out.begin(), out.end(), label) == out.end()) out.push_back(label);
    }
    return out;
}

bool Graph::edge_mentions_mfa(uint32_t from, const Edge& e) const {
    for (const auto& m : edge_matches(*this, Decide{*this, m_evaluations, m_impl->last_request}, from, e).statements) {
        if (m.slot != policy::Slot::identity && m.slot != policy::Slot::resource) continue;
        for (const auto& cond : m.policy->policy.statements[m.statement->statement].conditions)
            if (to_lower(cond.key).find("multifactorauth") != std::string::npos) return true;
    }
    return false;
}

}  // namespace jg::jump::audit
