#include "jump/audit/federated.hpp"

#include <fmt/format.h>

#include <set>

#include "core/strings.hpp"
#include "jump/audit/reach.hpp"
#include "policy/pattern.hpp"

namespace jg::jump::audit {
namespace {

// One identity provider let in by one Allow statement of a role's trust policy.
struct FederatedTrust {
    std::string provider;      // the Federated value (an ARN, or e.g. "accounts.google.com")
    std::string who;           // "oidc:HOST/PATH", "saml:NAME", or the value itself
    std::vector<std::string> conditions;  // "sub StringLike repo:acme/*", ...
    bool sub_pinned = false;   // a sub condition that names exact workflows
    std::string where;         // "ROLE trust policy statement N"
};

bool has_wildcard(const std::string& s) { return s.find_first_of("*?") != std::string::npos; }

bool allows_action(const policy::Statement& s, std::string_view action) {
    bool any = false;
    for (const auto& a : s.actions) any = any || policy::glob_match(a.text, action, true);
    return s.not_action ? !any : any;
}

std::vector<FederatedTrust> federated_trusts(const GraphNode& n) {
    std::vector<FederatedTrust> out;
    if (!n.trust) return out;
    for (const auto& p : n.trust->resource.policies())
        for (const auto& s : p.policy.statements) {
            if (s.effect != policy::Effect::allow || s.not_principal) continue;
            for (const auto& v : s.principal.federated) {
                const std::string& arn = v.text;
                auto oidc = arn.find(":oidc-provider/");
                auto saml = arn.find(":saml-provider/");
                std::string action = saml != std::string::npos ? "sts:AssumeRoleWithSAML" : "sts:AssumeRoleWithWebIdentity";
                if (!allows_action(s, action)) continue;
                FederatedTrust t;
                t.provider = arn;
                // The condition keys the provider's tokens fill: HOST/PATH:sub for OIDC,
                // saml:sub for SAML, the provider name itself for the others (Cognito, Google).
                std::string prefix = oidc != std::string::npos ? arn.substr(oidc + 15)
                                     : saml != std::string::npos ? std::string("saml")
                                                                 : arn;
                t.who = oidc != std::string::npos   ? "oidc:" + prefix
                        : saml != std::string::npos ? "saml:" + arn.substr(saml + 15)
                                                    : arn;
                t.where = fmt::format("{} trust policy statement {}{}", n.arn, s.index + 1,
                                      s.sid.empty() ? "" : " (" + s.sid + ")");
                bool sub_seen = false, sub_loose = false;
                for (const auto& c : s.conditions) {
                    std::string key = to_lower(c.key);
                    std::string what;
                    if (key == to_lower(prefix + ":sub")) what = "sub";
                    else if (key == to_lower(prefix + ":aud")) what = "aud";
                    else continue;
                    std::vector<std::string> values;
                    for (const auto& val : c.values) values.push_back(val.text);
                    t.conditions.push_back(fmt::format("{} {} {}", what, c.operator_text, join(values, "|")));
                    if (what != "sub") continue;
                    sub_seen = true;
                    bool loose = policy::op_is_negated(c.op) || c.if_exists || values.empty();
                    for (const auto& val : values) loose = loose || has_wildcard(val);
                    sub_loose = sub_loose || loose;
                }
                t.sub_pinned = sub_seen && !sub_loose;
                // For OIDC the sub names the workflow; a SAML IdP chooses users through its Role attribute.
                if (!sub_seen && saml == std::string::npos) t.conditions.insert(t.conditions.begin(), "sub: any (no condition)");
                out.push_back(std::move(t));
            }
        }
    return out;
}

}  // namespace

void add_federated(Graph& g, std::vector<Grant>& grants, std::vector<Finding>* findings) {
    Reach reach(g);
    std::set<std::pair<std::string, std::string>> listed;  // (provider, role ARN)
    for (uint32_t i = 0; i < g.size(); ++i) {
        const GraphNode& n = g.node(i);
        if (n.kind != NodeKind::role) continue;
        for (const FederatedTrust& t : federated_trusts(n)) {
            std::vector<std::string> via = {"trust:" + n.arn};
            via.insert(via.end(), t.conditions.begin(), t.conditions.end());
            if (listed.insert({t.provider, n.arn}).second)
                grants.push_back({t.who, t.provider, n.account, n.name, n.arn, via, "none"});
            // The roles a session of this role chains to.
            const uint32_t origin = Graph::state_of(i, Cred::session);
            for (uint32_t s : reach.run(origin, true)) {
                uint32_t r = Graph::node_of(s);
                if (s == origin || r == i || !listed.insert({t.provider, g.node(r).arn}).second) continue;
                std::vector<std::string> chain = via;
                for (const auto& [from, e] : reach.path_to(s))
                    if (Graph::node_of(e.to) != r) chain.push_back("role:" + g.node(Graph::node_of(e.to)).arn);
                const GraphNode& role = g.node(r);
                grants.push_back({t.who, t.provider, role.account, role.name, role.arn, chain, "none"});
            }
            if (!findings) continue;
            // A CI workflow that becomes an administrator: the role itself, or what it reaches.
            std::vector<std::string> path = {t.provider, n.arn};
            std::string why;
            if (g.admin(origin).admin) {
                why = fmt::format("{} {}", n.arn, g.admin(origin).why);
            } else {
                std::optional<uint32_t> target;
                for (uint32_t s : reach.run(origin, false, [&](uint32_t x) { return g.admin(x).admin; }))
                    if (s != origin && g.admin(s).admin) {
                        target = s;
                        break;
                    }
                if (!target) continue;
                for (const auto& [from, e] : reach.path_to(*target)) path.push_back(g.node(Graph::node_of(e.to)).arn);
                const GraphNode& admin = g.node(Graph::node_of(*target));
                why = fmt::format("{} reaches {}, which {}", n.arn, admin.arn, g.admin(*target).why);
            }
            // A SAML IdP decides who gets the role through its Role attribute: high. An OIDC
            // provider (CI) lets every workflow of every repository it issues tokens for in
            // unless sub pins them: critical without an exact sub.
            const bool saml = t.provider.find(":saml-provider/") != std::string::npos;
            Finding f;
            f.rule = "JG113";
            f.severity = saml || t.sub_pinned ? Severity::high : Severity::critical;
            f.principal = t.provider;
            f.path = path;
            f.evidence.push_back(fmt::format("{} lets {} in through {}", t.where, t.provider,
                                             t.provider.find(":saml-provider/") != std::string::npos
                                                 ? "sts:AssumeRoleWithSAML"
                                                 : "sts:AssumeRoleWithWebIdentity"));
            for (const auto& c : t.conditions) f.evidence.push_back("condition: " + c);
            f.evidence.push_back(saml ? "every user the identity provider maps to the role is an administrator"
                                 : t.sub_pinned ? "the sub condition names exact workflows; any of them is an administrator"
                                                : "no exact sub condition: any workflow of the provider that can get a "
                                                  "token for the audience is an administrator");
            f.evidence.push_back(why);
            findings->push_back(std::move(f));
        }
    }
}

}  // namespace jg::jump::audit
