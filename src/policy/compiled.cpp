#include "policy/compiled.hpp"

#include <algorithm>

#include "core/strings.hpp"

namespace jg::policy {
namespace {

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

bool is_account_id(std::string_view s) {
    if (s.size() != 12) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// The account an "AWS" principal entry delegates to, when it names an account.
std::string_view account_of_entry(std::string_view entry) {
    if (is_account_id(entry)) return entry;
    // arn:PARTITION:iam::ACCOUNT:root
    if (entry.size() > 5 && entry.substr(entry.size() - 5) == ":root" && entry.rfind("arn:", 0) == 0) {
        std::string_view head = entry.substr(0, entry.size() - 5);
        auto colon = head.rfind(':');
        std::string_view account = head.substr(colon + 1);
        if (head.find(":iam::") != std::string_view::npos && is_account_id(account)) return account;
    }
    return {};
}

// Resource variables are substituted only in the resource part of an ARN
// (reference_policies_variables); a "${" in the first five parts leaves the whole pattern
// literal.
Template compile_resource(const std::string& text, bool variables) {
    if (!variables || text.find("${") == std::string::npos) return Template::parse(text, false);
    size_t colons = 0, pos = 0;
    for (; pos < text.size() && colons < 5; ++pos)
        if (text[pos] == ':') ++colons;
    bool head_has_variable = colons == 5 && text.substr(0, pos).find("${") != std::string::npos;
    return Template::parse(text, !head_has_variable);
}

}  // namespace

const char* slot_name(Slot slot) {
    switch (slot) {
        case Slot::identity: return "identity policy";
        case Slot::resource: return "resource policy";
        case Slot::boundary: return "permissions boundary";
        case Slot::session: return "session policy";
    }
    return "?";
}

const CompiledSlot& PolicySet::slot(Slot s) const {
    switch (s) {
        case Slot::identity: return identity;
        case Slot::resource: return resource;
        case Slot::boundary: return boundary;
        case Slot::session: return session;
    }
    return identity;
}

void CompiledSlot::add(NamedPolicy policy) {
    m_policies.push_back(std::move(policy));
    compile(static_cast<uint32_t>(m_policies.size() - 1));
}

void CompiledSlot::compile(uint32_t policy_index) {
    const Policy& policy = m_policies[policy_index].policy;
    bool variables = policy.version == Version::v2012_10_17;
    for (const auto& st : policy.statements) {
        CompiledStatement cs;
        cs.policy = policy_index;
        cs.statement = static_cast<uint32_t>(st.index);
        cs.effect = st.effect;
        cs.not_action = st.not_action;
        for (const auto& a : st.actions) {
            std::string lower = to_lower(a.text);
            ActionPattern ap;
            auto colon = lower.find(':');
            ap.all = lower == "*" || colon == std::string::npos;
            if (!ap.all) {
                ap.service = Glob(lower.substr(0, colon));
                ap.name = Glob(lower.substr(colon + 1));
            }
            cs.actions.push_back(std::move(ap));
        }
        cs.has_resource = st.has_resource;
        cs.not_resource = st.not_resource;
        for (const auto& r : st.resources) {
            ResourcePattern rp{compile_resource(r.text, variables), ArnGlob(r.text)};
            // Without variables the glob matches; "${*}"-style escapes need the template's
            // escaped pattern.
            if (!rp.text.has_variables()) rp.glob = ArnGlob(rp.text.pattern());
            cs.resources.push_back(std::move(rp));
        }
        cs.has_principal = st.has_principal;
        cs.not_principal = st.not_principal;
        cs.any_principal = st.principal.any;
        for (const auto& v : st.principal.aws) {
            if (v.text == "*") cs.any_principal = true;
            else cs.aws.push_back(AwsPrincipal{v.text, std::string(account_of_entry(v.text))});
        }
        for (const auto& v : st.principal.service) cs.service.push_back(to_lower(v.text));
        for (const auto& v : st.principal.federated) cs.federated.push_back(v.text);
        for (const auto& v : st.principal.canonical_user) cs.canonical_user.push_back(v.text);
        for (const auto& c : st.conditions) cs.conditions.push_back(compile_condition(c, variables));

        auto id = static_cast<uint32_t>(m_statements.size());
        if (cs.not_action) {
            m_not_action.push_back(id);
        } else {
            for (const auto& a : st.actions) {
                std::string lower = to_lower(a.text);
                auto colon = lower.find(':');
                std::string service = colon == std::string::npos ? lower : lower.substr(0, colon);
                std::string name = colon == std::string::npos ? "*" : lower.substr(colon + 1);
                if (lower == "*" || colon == std::string::npos || has_wildcard(service)) {
                    ActionPattern ap;
                    ap.all = lower == "*" || colon == std::string::npos;
                    if (!ap.all) {
                        ap.service = Glob(service);
                        ap.name = Glob(name);
                    }
                    m_any_service.emplace_back(std::move(ap), id);
                } else if (has_wildcard(name)) {
                    m_services[service].wildcard.emplace_back(Glob(name), id);
                } else {
                    m_services[service].exact[name].push_back(id);
                }
            }
        }
        m_statements.push_back(std::move(cs));
    }
}

void CompiledSlot::candidates(const RequestContext& request, std::vector<uint32_t>& out) const {
    out.clear();
    if (auto it = m_services.find(request.action_service); it != m_services.end()) {
        const ServiceBucket& bucket = it->second;
        if (auto e = bucket.exact.find(request.action_name); e != bucket.exact.end())
            out.insert(out.end(), e->second.begin(), e->second.end());
        for (const auto& [glob, id] : bucket.wildcard)
            if ((out.empty() || out.back() != id) && glob.match(request.action_name)) out.push_back(id);
    }
    for (const auto& [pattern, id] : m_any_service)
        if (pattern.match(request)) out.push_back(id);
    for (uint32_t id : m_not_action)
        if (action_matches(m_statements[id], request)) out.push_back(id);
    if (out.size() > 1) {
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
    }
}

bool action_matches(const CompiledStatement& s, const RequestContext& request) {
    bool any = false;
    for (const auto& a : s.actions) {
        if (a.match(request)) {
            any = true;
            break;
        }
    }
    return s.not_action ? !any : any;
}

bool resource_matches(const CompiledStatement& s, const RequestContext& request,
                      const std::array<std::string_view, 6>* parts) {
    // No Resource (a role trust policy, for instance): the statement is about the
    // resource the policy is attached to.
    if (!s.has_resource) return true;
    bool any = false;
    thread_local std::string expanded;
    for (const auto& r : s.resources) {
        if (!r.text.has_variables()) {
            if (r.glob.match(request.resource, parts)) {
                any = true;
                break;
            }
        } else if (r.text.expand(request, true, expanded) && arn_glob_match(expanded, request.resource)) {
            any = true;
            break;
        }
    }
    return s.not_resource ? !any : any;
}

namespace {

PrincipalMatch match_listed(const CompiledStatement& s, const RequestContext& r) {
    PrincipalMatch best = PrincipalMatch::none;
    auto better = [&](PrincipalMatch m) {
        if (static_cast<int>(m) > static_cast<int>(best)) best = m;
    };
    if (s.any_principal) better(PrincipalMatch::wildcard);
    switch (r.principal_kind) {
        case PrincipalKind::anonymous:
        case PrincipalKind::identity_provider: break;  // matched by Federated below
        case PrincipalKind::service:
            for (const auto& v : s.service)
                if (iequals(v, r.principal)) better(PrincipalMatch::exact);
            break;
        default:
            for (const auto& entry : s.aws) {
                const std::string& v = entry.text;
                if (v == r.principal) {
                    better(PrincipalMatch::exact);  // the caller itself (for root: its own ARN)
                } else if (!entry.account.empty() && entry.account == r.principal_account) {
                    better(PrincipalMatch::account);
                } else if (r.principal_kind == PrincipalKind::role_session && v == r.role_arn) {
                    better(PrincipalMatch::role);
                }
            }
            break;
    }
    for (const auto& v : s.federated)
        if (v == r.principal) better(PrincipalMatch::exact);
    for (const auto& v : s.canonical_user)
        if (v == r.principal) better(PrincipalMatch::exact);
    return best;
}

}  // namespace

PrincipalMatch principal_matches(const CompiledStatement& s, const RequestContext& request) {
    if (!s.has_principal) return PrincipalMatch::none;
    PrincipalMatch m = match_listed(s, request);
    if (!s.not_principal) return m;
    // NotPrincipal: everyone not listed; such a grant never names the caller.
    return m == PrincipalMatch::none ? PrincipalMatch::wildcard : PrincipalMatch::none;
}

}  // namespace jg::policy
