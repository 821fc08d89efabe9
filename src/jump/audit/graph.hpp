// The privilege graph: every user and role of every account is a node; an edge A -> B
// means the policy engine allows A to become B (sts:AssumeRole with identity and trust
// policy; credentials of another user; rewriting a role's trust; passing a role to
// CloudFormation). Each node is taken in three credential kinds — a long-term access key,
// temporary credentials without MFA, with MFA — so that MFA requirements along a path are
// known: a role session carries the MFA state of the credentials that made it.
//
// Edges are evaluated lazily per (node, kind) and memoised; candidate targets are found
// from the trust policies' principals and the identity policies' resources first, so
// that only plausible pairs reach the engine.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "jump/audit/state.hpp"
#include "policy/compiled.hpp"

namespace jg::jump::audit {

// The credentials a principal acts with. Roles only ever act as sessions (no `key`).
enum class Cred : uint8_t { key = 0, session = 1, mfa = 2 };
const char* cred_name(Cred c);  // "access key", "session without MFA", "session with MFA"

enum class NodeKind : uint8_t { user, role };

struct GraphNode {
    NodeKind kind = NodeKind::user;
    std::string account, name, arn, id;
    const User* user = nullptr;  // into the State the graph was built from
    const Role* role = nullptr;
    std::shared_ptr<const policy::PolicySet> identity;  // identity + boundary slots
    std::shared_ptr<const policy::PolicySet> trust;     // roles: the trust policy (resource slot)
    bool trusts_cloudformation = false;                 // roles: CloudFormation may assume it
    bool credentials_known = false;                     // its account's MFA devices, keys, passwords
    // Names of the identity policies ("group-admin/policy-assume-role-admin") -> what
    // grants through it: the group name, or the policy name when attached to the user.
    std::unordered_map<std::string, std::string> via;
};

// How A becomes B; each kind is decided by one action.
enum class EdgeKind : uint8_t {
    assume,                // sts:AssumeRole on B (identity + trust policy)
    create_access_key,     // iam:CreateAccessKey on user B: B's long-term key
    create_login_profile,  // iam:CreateLoginProfile on user B: B's console password
    update_login_profile,  // iam:UpdateLoginProfile on user B
    update_trust,          // iam:UpdateAssumeRolePolicy on role B, then sts:AssumeRole
    pass_role,             // iam:PassRole of B to CloudFormation (stack or StackSet)
};
const char* edge_action(EdgeKind k);  // "sts:AssumeRole", ...

struct Edge {
    uint32_t to = 0;  // state index (node * 3 + cred)
    EdgeKind kind = EdgeKind::assume;
};

// Why a principal is administrator-equivalent on its own (without following edges).
struct AdminReason {
    bool admin = false;
    bool self_grant = false;  // not '*' on '*' yet, but it can grant itself anything
    std::string why;  // "can do '*' on '*'", "iam:PutUserPolicy on itself", ...
};

class Graph {
public:
    // The graph over `state` (which must outlive it).
    explicit Graph(const State& state);
    ~Graph();

    static uint32_t state_of(uint32_t node, Cred c) { return node * 3 + static_cast<uint32_t>(c); }
    static uint32_t node_of(uint32_t state) { return state / 3; }
    static Cred cred_of(uint32_t state) { return static_cast<Cred>(state % 3); }

    size_t size() const { return m_nodes.size(); }
    const GraphNode& node(uint32_t i) const { return m_nodes[i]; }
    std::optional<uint32_t> find(const std::string& arn) const;
    const State& state() const { return m_state; }
    // Policies that could not be read (they take no part in decisions), and the like.
    const std::vector<std::string>& notes() const { return m_notes; }

    // Out-edges of a state (memoised).
    const std::vector<Edge>& edges(uint32_t state);
    // Only its sts:AssumeRole edges (memoised apart: the access matrix needs no others,
    // nor the administrator probes that the other kinds start with).
    const std::vector<Edge>& assume_edges(uint32_t state);
    // Administrator-equivalent by its own permissions: every '*'-on-'*' probe allowed, or
    // it can grant itself more (policy writes on itself, its groups or its policies).
    const AdminReason& admin(uint32_t state);
    // Principals this state can make administrator (policy writes on them): an escalation
    // when the same actor can also become them.
    const std::vector<uint32_t>& empowers(uint32_t state);

    // Evidence for one edge: which policies and statements decided, one line each.
    std::vector<std::string> explain(uint32_t from, const Edge& e) const;
    // The caller's identity policies that allow the edge, as labels (group or policy).
    std::vector<std::string> via(uint32_t from, const Edge& e) const;
    // Whether a policy deciding the edge has a condition on an MFA key.
    bool edge_mentions_mfa(uint32_t from, const Edge& e) const;

    // One engine decision: may `state` do `action` on `resource` (in the principal's
    // account, identity policies only)?
    bool allows(uint32_t state, std::string_view action, std::string_view resource) const;
    // Whether a user can hold credentials of that kind at all: an MFA session needs an
    // MFA device (or the right to enrol one), a key an active key (or the right to create
    // one), a session without MFA a key or a console password. Unknown credentials
    // (files without jumpgate's members) count as possible.
    bool possible(uint32_t state) const;

    uint64_t evaluations() const { return m_evaluations; }
    // Candidate edges judged (each (state, target, kind) once; a shared sts:AssumeRole
    // outcome counts for every user that reuses it).
    uint64_t edge_checks() const { return m_edge_checks; }

private:
    struct Memo {
        bool edges_done = false, assume_done = false, admin_done = false, empowers_done = false;
        std::vector<Edge> edges, assume;
        AdminReason admin;
        std::vector<uint32_t> empowers;
    };
    struct Impl;
    // Members of `pool` that `state` may be allowed `action` on: all of them when the
    // call is allowed on `probe_arn` (a name that does not exist), else those its Allow
    // statements name. Each still needs its own decision.
    std::vector<uint32_t> candidates(uint32_t state, std::string_view action, const std::string& probe_arn,
                                     const std::vector<uint32_t>& pool) const;
    // Whether any Allow statement of the node's identity policies can match `action` (a
    // string literal: cached by its address per policy set). False: no need to ask.
    bool may_allow(uint32_t node, const char* action) const;
    // The sts:AssumeRole edges of a state, by target (assume_edges.cpp).
    void compute_assume_edges(uint32_t state, std::vector<Edge>& out);
    // Roles the node's account delegates to (trusts the account) that its identity
    // policies may name for sts:AssumeRole, and roles trusting "*"; literal role ARNs too.
    std::vector<uint32_t> delegated_candidates(uint32_t state);

    const State& m_state;
    std::vector<GraphNode> m_nodes;
    std::unordered_map<std::string, uint32_t> m_by_arn;
    std::vector<Memo> m_memo;
    std::vector<std::string> m_notes;
    mutable uint64_t m_evaluations = 0;
    uint64_t m_edge_checks = 0;
    std::unique_ptr<Impl> m_impl;

    friend struct Build;
};

}  // namespace jg::jump::audit
