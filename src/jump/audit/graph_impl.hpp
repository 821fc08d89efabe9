// Internals shared by graph.cpp (building) and edges.cpp (deciding): the indexes over
// principals and the request builder. Not part of the audit's interface.
#pragma once

#include <fmt/format.h>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "jump/audit/graph.hpp"
#include "policy/evaluator.hpp"
#include "policy/request.hpp"

namespace jg::jump::audit {

// Names of resources that do not exist: a call allowed on one is allowed on (almost) any.
inline constexpr const char* k_probe = "jumpgate-audit-probe-7f3c";
// The session name a role session uses when it assumes another role (the caller picks
// it freely; users are taken to use their own name, as `jumpgate assume` and the
// console's switch-role do).
inline constexpr const char* k_chain_session = "jumpgate-audit";

using Extra = std::vector<std::pair<std::string, std::vector<std::string>>>;

// The last requests Decide made, each kept while the principal, credentials, action and
// extra keys stay the same (every candidate loop; possible() alternates two actions):
// only the resource then changes. Making a request is most of a decision's cost.
struct RequestMemo {
    struct Entry {
        const GraphNode* node = nullptr;
        Cred cred = Cred::key;
        std::string action;
        Extra extra;
        std::optional<policy::RequestContext> request;
    };
    std::array<Entry, 4> entries;
    std::size_t next = 0;  // the entry replaced next
};

struct Graph::Impl {
    // Roles by the principals their trust policies name (account id, ARN or unique id).
    std::unordered_map<std::string, std::vector<uint32_t>> trust_by_account, trust_by_principal;
    std::vector<uint32_t> trust_any;  // "*" or NotPrincipal
    // Nodes of each account, by kind.
    std::unordered_map<std::string, std::vector<uint32_t>> users_of, roles_of;
    // Customer managed policy ARN -> the nodes whose identity policies include it.
    std::unordered_map<std::string, std::vector<uint32_t>> holders;
    // Per node: customer managed policies and groups its identity policies come from.
    std::vector<std::vector<std::string>> own_policies, own_groups;
    // Identity resource pattern (account|pattern) -> the account-delegated roles it names.
    std::unordered_map<std::string, std::vector<uint32_t>> pattern_roles;
    // may_allow answers per (policy set, action literal), and one request per action.
    std::map<std::pair<const void*, const char*>, bool> may;
    std::map<const char*, policy::RequestContext> action_requests;
    // Shared sts:AssumeRole outcomes of users whose identity policies are principal-neutral
    // (neutral.hpp), per (policy set, account, credential kind): the roles allowed among
    // those with a neutral trust, and the candidates each user must still be decided on.
    struct SharedAssume {
        std::vector<uint32_t> allowed, per_principal;
        uint64_t decided = 0;  // candidates the shared outcome judged
    };
    std::map<std::tuple<const void*, std::string, Cred>, SharedAssume> shared_assume;
    std::unordered_map<const void*, bool> neutral_identity, neutral_trust;
    RequestMemo last_request;
};

// The request of `node` acting with credentials `c`: principal, MFA keys (none for a
// long-term key, "false" for a session without MFA, "true" and an age of 60 s with
// MFA), aws:userid / aws:username / aws:PrincipalArn as AWS sets them.
Result<policy::RequestContext> request_for(const GraphNode& node, Cred c, std::string_view action,
                                           std::string_view resource, std::string_view resource_account,
                                           std::vector<std::pair<std::string, std::vector<std::string>>> extra = {});

inline const policy::CompiledSlot& empty_slot() {
    static const policy::CompiledSlot slot;
    return slot;
}

inline bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

inline std::string iam_arn(const std::string& account, const char* type, const std::string& name) {
    return fmt::format("arn:aws:iam::{}:{}/{}", account, type, name);
}

// One engine decision for `node` acting with `c`; the trust (resource) slot when given.
struct Decide {
    const Graph& g;
    uint64_t& counter;
    RequestMemo& last;

    std::optional<policy::RequestContext> request(const GraphNode& n, Cred c, std::string_view action,
                                                  std::string_view resource, std::string_view account,
                                                  Extra extra = {}) const {
        auto r = request_for(n, c, action, resource, account, std::move(extra));
        if (!r) return std::nullopt;
        return std::move(*r);
    }

    policy::PolicyView view(const GraphNode& n, const policy::CompiledSlot* resource) const {
        return {n.identity->identity, resource ? *resource : empty_slot(), n.identity->boundary, empty_slot()};
    }

    // The request for `n` acting with `c`, made again only when no recent one has the
    // same principal, credentials, action and extra keys (valid until the next call);
    // nullptr when it cannot be made.
    const policy::RequestContext* prepare(const GraphNode& n, Cred c, std::string_view action, std::string_view resource,
                                          std::string_view account, Extra extra = {}) const {
        for (auto& e : last.entries)
            if (e.request && e.node == &n && e.cred == c && e.action == action && e.extra == extra) {
                policy::set_resource(*e.request, resource, account);
                return &*e.request;
            }
        auto& e = last.entries[last.next++ % last.entries.size()];
        e.request = request(n, c, action, resource, account, extra);
        e.node = &n;
        e.cred = c;
        e.action = action;
        e.extra = std::move(extra);
        return e.request ? &*e.request : nullptr;
    }

    bool operator()(const GraphNode& n, Cred c, std::string_view action, std::string_view resource,
                    std::string_view account, const policy::CompiledSlot* trust = nullptr, Extra extra = {}) const {
        const policy::RequestContext* r = prepare(n, c, action, resource, account, std::move(extra));
        if (!r) return false;
        ++counter;
        return policy::decide(view(n, trust), *r) == policy::Decision::allowed;
    }
};

// What an edge decides: action, resource, the resource's account, trust slot, extra keys.
struct EdgeRequest {
    std::string action, resource, account;
    const policy::CompiledSlot* trust = nullptr;
    Extra extra;
};

inline EdgeRequest edge_request(const GraphNode& from, const GraphNode& to, EdgeKind kind) {
    EdgeRequest r{edge_action(kind), to.arn, to.account, nullptr, {}};
    if (kind == EdgeKind::assume) {
        r.trust = &to.trust->resource;
        r.extra.push_back({"sts:RoleSessionName", {from.kind == NodeKind::user ? from.name : k_chain_session}});
    }
    if (kind == EdgeKind::pass_role) r.extra.push_back({"iam:PassedToService", {"cloudformation.amazonaws.com"}});
    return r;
}

}  // namespace jg::jump::audit
