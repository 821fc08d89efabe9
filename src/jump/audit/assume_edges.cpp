// The sts:AssumeRole edges: roles whose trust names the caller (or everyone) are decided
// directly; roles that trust the caller's account need its identity policies too, so only
// those its Allow statements can name are decided. Users whose identity policies are
// principal-neutral for sts:AssumeRole share those decisions per policy set (neutral.hpp).
#include <algorithm>

#include "jump/audit/graph.hpp"
#include "jump/audit/graph_impl.hpp"
#include "jump/audit/neutral.hpp"
#include "policy/pattern.hpp"

namespace jg::jump::audit {

std::vector<uint32_t> Graph::delegated_candidates(uint32_t state) {
    const GraphNode& n = m_nodes[node_of(state)];
    const Cred c = cred_of(state);
    Decide decide{*this, m_evaluations, m_impl->last_request};
    std::vector<uint32_t> candidates = m_impl->trust_any;
    if (auto it = m_impl->trust_by_account.find(n.account); it != m_impl->trust_by_account.end()) {
        const std::vector<uint32_t>& delegated = it->second;
        bool all = delegated.size() <= 32;
        std::vector<const std::vector<uint32_t>*> named;
        if (!all) {
            auto probe = decide.request(n, c, "sts:AssumeRole", iam_arn(n.account, "role", k_probe), n.account);
            if (!probe) all = true;
            std::string expanded;
            for (const auto& s : n.identity->identity.statements()) {
                if (all) break;
                if (s.effect != policy::Effect::allow || !policy::action_matches(s, *probe)) continue;
                if (!s.has_resource || s.not_resource) {
                    all = true;
                    break;
                }
                for (const auto& res : s.resources) {
                    std::string pattern = res.text.pattern();
                    if (res.text.has_variables()) {
                        if (!res.text.expand(*probe, true, expanded)) continue;
                        pattern = expanded;
                    }
                    if (pattern == "*") {
                        all = true;
                        break;
                    }
                    if (!has_wildcard(pattern)) {  // a literal ARN: that role, if it exists
                        if (auto t = m_by_arn.find(pattern); t != m_by_arn.end() && m_nodes[t->second].kind == NodeKind::role)
                            candidates.push_back(t->second);
                        continue;
                    }
                    std::string key = n.account + "|" + pattern;
                    auto [pit, fresh] = m_impl->pattern_roles.try_emplace(key);
                    if (fresh)
                        for (uint32_t r : delegated)
                            if (policy::arn_glob_match(pattern, m_nodes[r].arn)) pit->second.push_back(r);
                    named.push_back(&pit->second);
                }
            }
        }
        if (all) candidates.insert(candidates.end(), delegated.begin(), delegated.end());
        else
            for (const auto* list : named) candidates.insert(candidates.end(), list->begin(), list->end());
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    return candidates;
}

const std::vector<Edge>& Graph::assume_edges(uint32_t state) {
    Memo& memo = m_memo[state];
    if (!memo.assume_done) {
        memo.assume_done = true;
        compute_assume_edges(state, memo.assume);
    }
    return memo.assume;
}

void Graph::compute_assume_edges(uint32_t state, std::vector<Edge>& out) {
    const uint32_t from = node_of(state);
    const Cred c = cred_of(state);
    const GraphNode& n = m_nodes[from];
    const Cred carried = c == Cred::mfa ? Cred::mfa : Cred::session;
    Decide decide{*this, m_evaluations, m_impl->last_request};
    auto allowed = [&](uint32_t r) {
        EdgeRequest q = edge_request(n, m_nodes[r], EdgeKind::assume);
        return decide(n, c, q.action, q.resource, q.account, q.trust, std::move(q.extra));
    };
    // Roles whose trust names this principal itself: always its own decision.
    std::vector<uint32_t> own;
    for (const std::string* key : {&n.arn, &n.id})
        if (auto it = m_impl->trust_by_principal.find(*key); !key->empty() && it != m_impl->trust_by_principal.end())
            own.insert(own.end(), it->second.begin(), it->second.end());

    auto neutral = [&](std::unordered_map<const void*, bool>& memo, const void* key, auto&& compute) {
        auto [it, fresh] = memo.try_emplace(key, false);
        if (fresh) it->second = compute();
        return it->second;
    };
    auto assume_request = [&]() -> const policy::RequestContext* {
        auto made = m_impl->action_requests.find("sts:AssumeRole");
        if (made == m_impl->action_requests.end()) {
            auto r = policy::make_request({"arn:aws:iam::000000000000:user/probe", "sts:AssumeRole", "*", "000000000000", {}});
            if (!r) return nullptr;
            made = m_impl->action_requests.emplace("sts:AssumeRole", std::move(*r)).first;
        }
        return &made->second;
    };
    const policy::RequestContext* probe = assume_request();
    const bool shared = probe && n.kind == NodeKind::user && neutral(m_impl->neutral_identity, n.identity.get(), [&] {
        return principal_neutral(*n.identity, *probe);
    });

    std::vector<uint32_t> decide_here;  // candidates decided for this principal alone
    if (shared) {
        auto key = std::make_tuple(static_cast<const void*>(n.identity.get()), n.account, c);
        auto [it, fresh] = m_impl->shared_assume.try_emplace(key);
        if (fresh)
            for (uint32_t r : delegated_candidates(state)) {
                const GraphNode& role = m_nodes[r];
                if (neutral(m_impl->neutral_trust, role.trust.get(),
                            [&] { return principal_neutral(role.trust->resource, *probe); })) {
                    ++it->second.decided;
                    if (allowed(r)) it->second.allowed.push_back(r);
                } else {
                    it->second.per_principal.push_back(r);
                }
            }
        m_edge_checks += it->second.decided;
        for (uint32_t r : it->second.allowed) out.push_back({state_of(r, carried), EdgeKind::assume});
        decide_here = it->second.per_principal;
    } else {
        decide_here = delegated_candidates(state);
    }
    // A role the shared outcome already decided never names this principal (its trust is
    // neutral), so `own` and the shared roles do not overlap.
    decide_here.insert(decide_here.end(), own.begin(), own.end());
    std::sort(decide_here.begin(), decide_here.end());
    decide_here.erase(std::unique(decide_here.begin(), decide_here.end()), decide_here.end());
    for (uint32_t r : decide_here)
        if (r != from && (++m_edge_checks, allowed(r))) out.push_back({state_of(r, carried), EdgeKind::assume});
    // By role, whichever way each was decided: searches then find the same first paths.
    std::sort(out.begin(), out.end(), [](const Edge& a, const Edge& b) { return a.to < b.to; });
}

}  // namespace jg::jump::audit
