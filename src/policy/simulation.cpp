#include "policy/simulation.hpp"

#include <fmt/format.h>

#include <map>

#include "core/json.hpp"
#include "policy/parser.hpp"

namespace jg::policy {
namespace {

class Loader {
public:
    explicit Loader(const ManagedPolicyLookup& managed) : m_managed(managed) {}

    Result<std::vector<SimulationCase>> all(const Node& root) {
        std::vector<SimulationCase> out;
        if (root.is_object()) {
            auto c = one(root, 1);
            if (!c) return tl::unexpected(c.error());
            out.push_back(std::move(*c));
        } else if (root.is_array()) {
            if (root.items.empty()) return fail_at(root.loc, "InvalidInput", "the file holds no cases (empty array)");
            for (size_t i = 0; i < root.items.size(); ++i) {
                auto c = one(root.items[i], i + 1);
                if (!c) return tl::unexpected(c.error());
                out.push_back(std::move(*c));
            }
        } else {
            return fail_at(root.loc, "InvalidInput",
                           fmt::format("expected a case object or an array of cases, found {}", root.kind_name()));
        }
        return out;
    }

private:
    const ManagedPolicyLookup& m_managed;
    std::map<std::string, std::shared_ptr<const PolicySet>> m_sets;  // by the policies' JSON
    std::map<std::string, Policy> m_managed_cache;

    size_t m_case = 0;

    Unexpected error(const Location& loc, const std::string& message) const {
        return fail_at(loc, "InvalidInput", fmt::format("case {}: {}", m_case, message));
    }
    Unexpected wrap(const Error& e) const {
        Error out = e;
        out.message = fmt::format("case {}: {}", m_case, e.message);
        return Unexpected(std::move(out));
    }

    Result<std::string> string_member(const Node& obj, std::string_view key, bool required) {
        const Node* n = obj.find(key);
        if (!n) {
            if (required) return error(obj.loc, fmt::format("missing \"{}\"", key));
            return std::string();
        }
        if (!n->is_string()) return error(n->loc, fmt::format("\"{}\" must be a string, found {}", key, n->kind_name()));
        return n->text;
    }

    Result<Policy> policy(const Node& n, PolicyKind kind, const std::string& what) {
        if (n.is_string()) {
            if (auto it = m_managed_cache.find(n.text); it != m_managed_cache.end()) return it->second;
            std::optional<std::string> text = m_managed ? m_managed(n.text) : std::nullopt;
            if (!text)
                return error(n.loc, fmt::format("{}: \"{}\" is not a known AWS managed policy ARN", what, n.text));
            auto p = parse_policy_text(*text, kind, n.text);
            if (!p) return wrap(p.error());
            m_managed_cache.emplace(n.text, *p);
            return p;
        }
        if (!n.is_object())
            return error(n.loc, fmt::format("{}: a policy must be an object or a managed policy ARN, found {}", what,
                                            n.kind_name()));
        auto p = parse_policy(n, kind);
        if (!p) {
            Error e = p.error();
            e.message = fmt::format("{}: {}", what, e.message);
            return wrap(e);
        }
        return p;
    }

    // [{"name": N, "policy": ...}, ...]
    Result<std::vector<NamedPolicy>> named_list(const Node& c, std::string_view key, PolicyKind kind) {
        std::vector<NamedPolicy> out;
        const Node* list = c.find(key);
        if (!list) return out;
        if (!list->is_array()) return error(list->loc, fmt::format("\"{}\" must be an array", key));
        for (size_t i = 0; i < list->items.size(); ++i) {
            const Node& item = list->items[i];
            if (!item.is_object())
                return error(item.loc, fmt::format("\"{}\"[{}] must be an object {{\"name\": ..., \"policy\": ...}}", key, i));
            auto name = string_member(item, "name", false);
            if (!name) return tl::unexpected(name.error());
            const Node* p = item.find("policy");
            if (!p) return error(item.loc, fmt::format("\"{}\"[{}] has no \"policy\"", key, i));
            std::string label = name->empty() ? fmt::format("{}[{}]", key, i) : fmt::format("policy \"{}\"", *name);
            auto parsed = policy(*p, kind, label);
            if (!parsed) return tl::unexpected(parsed.error());
            out.push_back(NamedPolicy{*name, std::move(*parsed)});
        }
        return out;
    }

    Result<RequestInput> request(const Node& c) {
        const Node* r = c.find("request");
        if (!r) return error(c.loc, "missing \"request\"");
        if (!r->is_object()) return error(r->loc, "\"request\" must be an object");
        RequestInput in;
        auto principal = string_member(*r, "principal", true);
        if (!principal) return tl::unexpected(principal.error());
        in.principal = *principal;
        auto action = string_member(*r, "action", true);
        if (!action) return tl::unexpected(action.error());
        in.action = *action;
        if (const Node* res = r->find("resource")) {
            if (res->is_string()) {
                in.resource = res->text;
            } else if (res->is_object()) {
                auto arn = string_member(*res, "resource", true);
                if (!arn) return tl::unexpected(arn.error());
                in.resource = *arn;
                auto account = string_member(*res, "accountId", false);
                if (!account) return tl::unexpected(account.error());
                in.resource_account = *account;
            } else {
                return error(res->loc, "\"resource\" must be an object {\"resource\": ARN, \"accountId\": ID}");
            }
        }
        const Node* ctx = r->find("context");
        if (!ctx) ctx = r->find("contextVariables");
        if (ctx) {
            if (!ctx->is_object()) return error(ctx->loc, "\"context\" must be an object of key: value or [values]");
            for (const auto& [key, value] : ctx->members) {
                std::vector<std::string> values;
                auto scalar = [&](const Node& v) -> bool {
                    if (!v.is_string() && !v.is_number() && !v.is_bool()) return false;
                    values.push_back(v.text);
                    return true;
                };
                if (value.is_array()) {
                    for (const auto& v : value.items)
                        if (!scalar(v))
                            return error(v.loc, fmt::format("context key \"{}\": values must be strings", key));
                } else if (!scalar(value)) {
                    return error(value.loc,
                                 fmt::format("context key \"{}\" must be a string or an array of strings", key));
                }
                in.context.emplace_back(key, std::move(values));
            }
        }
        return in;
    }

    Result<SimulationCase> one(const Node& c, size_t index) {
        m_case = index;
        if (!c.is_object()) return error(c.loc, fmt::format("a case must be an object, found {}", c.kind_name()));
        static constexpr std::string_view k_known[] = {"request",       "identityPolicies", "resourcePolicy",
                                                       "permissionBoundaries", "sessionPolicy", "name",
                                                       "description"};
        for (size_t i = 0; i < c.members.size(); ++i) {
            bool known = false;
            for (auto k : k_known) known = known || c.members[i].first == k;
            // Organization policies are outside a single-account model; empty lists are fine.
            bool empty_org = (c.members[i].first == "serviceControlPolicies" ||
                              c.members[i].first == "resourceControlPolicies") &&
                             c.members[i].second.is_array() && c.members[i].second.items.empty();
            if (!known && !empty_org)
                return error(c.key_locs[i], fmt::format("unknown field \"{}\" (expected request, identityPolicies, "
                                                        "resourcePolicy, permissionBoundaries, sessionPolicy)",
                                                        c.members[i].first));
        }
        SimulationCase out;
        out.index = index;
        out.loc = c.loc;
        auto in = request(c);
        if (!in) return tl::unexpected(in.error());
        auto req = make_request(*in);
        if (!req) return wrap(Error{req.error().code, req.error().message, c.find("request")->loc});
        out.request = std::move(*req);

        // Cases that carry the same policies share one compiled set.
        std::string key;
        for (auto k : {"identityPolicies", "resourcePolicy", "permissionBoundaries", "sessionPolicy"}) {
            const Node* n = c.find(k);
            key += n ? to_json(*n) : "-";
            key += '\n';
        }
        if (auto it = m_sets.find(key); it != m_sets.end()) {
            out.policies = it->second;
            return out;
        }
        auto set = std::make_shared<PolicySet>();
        auto identity = named_list(c, "identityPolicies", PolicyKind::identity);
        if (!identity) return tl::unexpected(identity.error());
        for (auto& p : *identity) set->identity.add(std::move(p));
        auto boundaries = named_list(c, "permissionBoundaries", PolicyKind::identity);
        if (!boundaries) return tl::unexpected(boundaries.error());
        for (auto& p : *boundaries) set->boundary.add(std::move(p));
        if (const Node* n = c.find("resourcePolicy")) {
            auto p = policy(*n, PolicyKind::resource, "resourcePolicy");
            if (!p) return tl::unexpected(p.error());
            set->resource.add(NamedPolicy{"", std::move(*p)});
        }
        if (const Node* n = c.find("sessionPolicy")) {
            auto p = policy(*n, PolicyKind::identity, "sessionPolicy");
            if (!p) return tl::unexpected(p.error());
            set->session.add(NamedPolicy{"", std::move(*p)});
        }
        out.policies = set;
        m_sets.emplace(std::move(key), std::move(set));
        return out;
    }
};

}  // namespace

Result<std::vector<SimulationCase>> load_simulation(const Node& root, const ManagedPolicyLookup& managed) {
    return Loader(managed).all(root);
}

}  // namespace jg::policy
