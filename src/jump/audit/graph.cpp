#include "jump/audit/graph.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/json.hpp"
#include "core/parallel.hpp"
#include "core/strings.hpp"
#include "jump/audit/graph_impl.hpp"
#include "policy/evaluator.hpp"
#include "policy/managed_policies.hpp"
#include "policy/parser.hpp"

namespace jg::jump::audit {

const char* cred_name(Cred c) {
    switch (c) {
        case Cred::key: return "access key";
        case Cred::session: return "session without MFA";
        case Cred::mfa: return "session with MFA";
    }
    return "?";
}

const char* edge_action(EdgeKind k) {
    switch (k) {
        case EdgeKind::assume: return "sts:AssumeRole";
        case EdgeKind::create_access_key: return "iam:CreateAccessKey";
        case EdgeKind::create_login_profile: return "iam:CreateLoginProfile";
        case EdgeKind::update_login_profile: return "iam:UpdateLoginProfile";
        case EdgeKind::update_trust: return "iam:UpdateAssumeRolePolicy";
        case EdgeKind::pass_role: return "iam:PassRole";
    }
    return "?";
}

Result<policy::RequestContext> request_for(const GraphNode& node, Cred c, std::string_view action,
                                           std::string_view resource, std::string_view resource_account,
                                           std::vector<std::pair<std::string, std::vector<std::string>>> extra) {
    policy::RequestInput in;
    in.action = std::string(action);
    in.resource = std::string(resource);
    in.resource_account = std::string(resource_account);
    in.context = std::move(extra);
    if (node.kind == NodeKind::user) {
        in.principal = node.arn;
        if (!node.id.empty()) in.context.push_back({"aws:userid", {node.id}});
    } else {
        in.principal = fmt::format("arn:aws:sts::{}:assumed-role/{}/{}", node.account, node.name, k_chain_session);
        in.context.push_back({"aws:PrincipalArn", {node.arn}});
        in.context.push_back({"aws:userid", {(node.id.empty() ? node.name : node.id) + ":" + k_chain_session}});
    }
    if (c != Cred::key) in.context.push_back({"aws:MultiFactorAuthPresent", {c == Cred::mfa ? "true" : "false"}});
    if (c == Cred::mfa) in.context.push_back({"aws:MultiFactorAuthAge", {"60"}});
    in.context.push_back({"aws:SecureTransport", {"true"}});
    return policy::make_request(in);
}

// Builds nodes, their compiled policies and the indexes, once.
struct Build {
    explicit Build(Graph& graph) : g(graph) {}
    Graph& g;
    std::unordered_map<std::string, std::shared_ptr<const policy::Policy>> parsed;
    // Parsed policies by kind and document text: the same template deployed in hundreds
    // of accounts is parsed and compiled once (a policy does not depend on where it sits).
    std::unordered_map<std::string, std::shared_ptr<const policy::Policy>> by_text;
    std::unordered_map<std::string, std::shared_ptr<const policy::PolicySet>> sets;
    std::unordered_map<const policy::Policy*, std::shared_ptr<const policy::PolicySet>> trust_sets;

    std::shared_ptr<const policy::Policy> parse(const std::string& key, const Node& doc, policy::PolicyKind kind,
                                                const std::string& label) {
        if (auto it = parsed.find(key); it != parsed.end()) return it->second;
        std::string text = (kind == policy::PolicyKind::resource ? "R" : "I") + to_json(doc);
        std::shared_ptr<const policy::Policy> out;
        if (auto it = by_text.find(text); it != by_text.end() && it->second) {
            out = it->second;
        } else {
            auto p = policy::parse_policy(doc, kind);
            if (p) out = std::make_shared<const policy::Policy>(std::move(*p));
            else g.m_notes.push_back(fmt::format("{}: cannot be read and takes no part in decisions: {}", label, p.error().message));
            by_text.emplace(std::move(text), out);
        }
        parsed.emplace(key, out);
        return out;
    }

    // A managed policy's document: the account's own, else AWS's from the catalog.
    std::shared_ptr<const policy::Policy> managed(const Account& a, const std::string& arn) {
        std::string key = "managed|" + arn;
        if (auto it = parsed.find(key); it != parsed.end()) return it->second;
        if (auto it = a.policies.find(arn); it != a.policies.end())
            return parse(key, it->second.document, policy::PolicyKind::identity, arn);
        if (auto text = policy::aws_managed_policy_document(arn)) {
            auto doc = parse_json(*text, arn);
            if (doc) return parse(key, *doc, policy::PolicyKind::identity, arn);
        }
        g.m_notes.push_back(fmt::format("{}: managed policy not found in the account's details nor among AWS's; "
                                        "it takes no part in decisions", arn));
        parsed.emplace(key, nullptr);
        return nullptr;
    }

    struct Part {
        std::string name, via, key;
        std::shared_ptr<const policy::Policy> policy;
    };

    // A set made by set_of, compiled once every node is known (compile_sets).
    struct PendingSet {
        std::shared_ptr<policy::PolicySet> set;
        std::vector<Part> parts;
        std::optional<Part> boundary;
    };
    std::vector<PendingSet> pending;

    // Nodes whose policies are the same documents under the same names share one set.
    std::shared_ptr<const policy::PolicySet> set_of(const std::vector<Part>& parts, const Part* boundary) {
        std::string key;
        for (const Part& p : parts) key += fmt::format("{}\x1f{}\n", p.name, static_cast<const void*>(p.policy.get()));
        if (boundary) key += fmt::format("boundary\x1f{}", static_cast<const void*>(boundary->policy.get()));
        if (auto it = sets.find(key); it != sets.end()) return it->second;
        auto set = std::make_shared<policy::PolicySet>();
        pending.push_back({set, parts, boundary ? std::optional<Part>(*boundary) : std::nullopt});
        sets.emplace(key, set);
        return set;
    }

    // Compiles the distinct sets, two at a time: an admin account's users are in about
    // as many combinations of groups as there are users, and compiling is most of the
    // graph's building. Each set only reads the (immutable) parsed policies.
    void compile_sets() {
        (void)parallel_for(pending.size(), 2, [&](std::size_t i) -> Result<void> {
            PendingSet& p = pending[i];
            for (const Part& part : p.parts)
                if (part.policy) p.set->identity.add(policy::NamedPolicy{part.name, *part.policy});
            if (p.boundary && p.boundary->policy)
                p.set->boundary.add(policy::NamedPolicy{p.boundary->name, *p.boundary->policy});
            return {};
        });
        pending.clear();
    }

    void add_user(const Account& a, const User& u) {
        GraphNode n;
        n.credentials_known = a.credentials_known;
        n.kind = NodeKind::user;
        n.account = a.id;
        n.name = u.name;
        n.arn = u.arn;
        n.id = u.id;
        n.user = &u;
        std::vector<Part> parts;
        std::vector<std::string> customer, groups;
        for (const auto& p : u.inline_policies)
            parts.push_back({"inline:" + p.name, p.name, "inline|" + u.arn + "|" + p.name,
                             parse("inline|" + u.arn + "|" + p.name, p.document, policy::PolicyKind::identity,
                                   u.arn + " inline policy " + p.name)});
        for (const auto& p : u.attached) {
            parts.push_back({p.name, p.name, "managed|" + p.arn, managed(a, p.arn)});
            if (a.policies.count(p.arn)) customer.push_back(p.arn);
        }
        for (const std::string& gname : u.groups) {
            auto git = std::find_if(a.groups.begin(), a.groups.end(), [&](const Group& x) { return x.name == gname; });
            if (git == a.groups.end()) continue;
            groups.push_back(git->arn);
            for (const auto& p : git->inline_policies)
                parts.push_back({gname + "/inline:" + p.name, gname, "inline|" + git->arn + "|" + p.name,
                                 parse("inline|" + git->arn + "|" + p.name, p.document, policy::PolicyKind::identity,
                                       git->arn + " inline policy " + p.name)});
            for (const auto& p : git->attached) {
                parts.push_back({gname + "/" + p.name, gname, "managed|" + p.arn, managed(a, p.arn)});
                if (a.policies.count(p.arn)) customer.push_back(p.arn);
            }
        }
        finish(a, std::move(n), parts, u.boundary, std::move(customer), std::move(groups));
    }

    void add_role(const Account& a, const Role& r) {
        GraphNode n;
        n.kind = NodeKind::role;
        n.account = a.id;
        n.name = r.name;
        n.arn = r.arn;
        n.id = r.id;
        n.role = &r;
        std::vector<Part> parts;
        std::vector<std::string> customer;
        for (const auto& p : r.inline_policies)
            parts.push_back({"inline:" + p.name, p.name, "inline|" + r.arn + "|" + p.name,
                             parse("inline|" + r.arn + "|" + p.name, p.document, policy::PolicyKind::identity,
                                   r.arn + " inline policy " + p.name)});
        for (const auto& p : r.attached) {
            parts.push_back({p.name, p.name, "managed|" + p.arn, managed(a, p.arn)});
            if (a.policies.count(p.arn)) customer.push_back(p.arn);
        }
        auto trust = parse("trust|" + r.arn, r.trust, policy::PolicyKind::resource, r.arn + " trust policy");
        auto& set = trust_sets[trust.get()];
        if (!set) {
            auto made = std::make_shared<policy::PolicySet>();
            if (trust) made->resource.add(policy::NamedPolicy{"trust policy", *trust});
            set = std::move(made);
        }
        n.trust = set;
        finish(a, std::move(n), parts, r.boundary, std::move(customer), {});
    }

    void finish(const Account& a, GraphNode n, const std::vector<Part>& parts, const std::string& boundary_arn,
                std::vector<std::string> customer, std::vector<std::string> groups) {
        Part boundary;
        if (!boundary_arn.empty()) boundary = {"boundary:" + boundary_arn, "", "managed|" + boundary_arn, managed(a, boundary_arn)};
        n.identity = set_of(parts, boundary_arn.empty() ? nullptr : &boundary);
        for (const Part& p : parts) n.via.emplace(p.name, p.via);
        uint32_t index = static_cast<uint32_t>(g.m_nodes.size());
        g.m_by_arn.emplace(n.arn, index);
        for (const std::string& arn : customer) g.m_impl->holders[arn].push_back(index);
        g.m_impl->own_policies.push_back(std::move(customer));
        g.m_impl->own_groups.push_back(std::move(groups));
        (n.kind == NodeKind::user ? g.m_impl->users_of : g.m_impl->roles_of)[a.id].push_back(index);
        g.m_nodes.push_back(std::move(n));
    }

    // Who each trust policy names, so that a caller meets only the roles that may trust it.
    void index_trust(uint32_t index) {
        GraphNode& n = g.m_nodes[index];
        bool any = false;
        std::vector<std::string> accounts, principals;
        for (const auto& s : n.trust->resource.statements()) {
            if (s.effect != policy::Effect::allow) continue;
            if (s.not_principal || s.any_principal) any = true;
            for (const auto& p : s.aws) {
                if (p.text == "*") any = true;
                else if (!p.account.empty()) accounts.push_back(p.account);
                else principals.push_back(p.text);
            }
            for (const auto& svc : s.service)
                if (svc == "cloudformation.amazonaws.com") n.trusts_cloudformation = true;
        }
        if (n.trusts_cloudformation) {
            // Decided by the engine, as CloudFormation acting for the role's own account.
            policy::RequestInput in{"cloudformation.amazonaws.com", "sts:AssumeRole", n.arn, n.account,
                                    {{"aws:SourceAccount", {n.account}}}};
            auto req = policy::make_request(in);
            n.trusts_cloudformation = req && policy::decide(*n.trust, *req) == policy::Decision::allowed;
        }
        auto unique = [](std::vector<std::string>& v) {
            std::sort(v.begin(), v.end());
            v.erase(std::unique(v.begin(), v.end()), v.end());
        };
        unique(accounts);
        unique(principals);
        if (any) g.m_impl->trust_any.push_back(index);
        for (const auto& a : accounts) g.m_impl->trust_by_account[a].push_back(index);
        for (const auto& p : principals) g.m_impl->trust_by_principal[p].push_back(index);
    }

    void run() {
        for (const Account& a : g.m_state.accounts) {
            for (const User& u : a.users) add_user(a, u);
            for (const Role& r : a.roles) add_role(a, r);
        }
        compile_sets();
        for (uint32_t i = 0; i < g.m_nodes.size(); ++i)
            if (g.m_nodes[i].kind == NodeKind::role) index_trust(i);
        g.m_memo.resize(g.m_nodes.size() * 3);
    }
};

Graph::Graph(const State& state) : m_state(state), m_impl(std::make_unique<Impl>()) {
    Build(*this).run();
}

Graph::~Graph() = default;

std::optional<uint32_t> Graph::find(const std::string& arn) const {
    auto it = m_by_arn.find(arn);
    if (it == m_by_arn.end()) return std::nullopt;
    return it->second;
}

}  // namespace jg::jump::audit
