#include "policy/evaluator.hpp"

#include <fmt/format.h>

namespace jg::policy {
namespace {

// What one slot's matching statements say about the request.
struct SlotScan {
    bool deny = false;
    bool allow = false;
    PrincipalMatch best = PrincipalMatch::none;  // resource slot: the strongest Allow match
    std::vector<uint32_t> denies, allows;         // filled only when explaining
};

bool conditions_match(const CompiledStatement& s, const RequestContext& request) {
    for (const auto& c : s.conditions)
        if (!condition_matches(c, request)) return false;
    return true;
}

// `has_boundary`: the caller has a permissions boundary. AWS then applies a resource
// policy's Deny with NotPrincipal to the caller whatever NotPrincipal names
// (access_policies_boundaries, "Important" note on NotPrincipal).
void scan(const CompiledSlot& slot, Slot which, const RequestContext& request,
          const std::array<std::string_view, 6>* parts, bool explain, SlotScan& out, bool has_boundary = false) {
    if (!slot.present()) return;
    thread_local std::vector<uint32_t> candidates;
    slot.candidates(request, candidates);
    for (uint32_t id : candidates) {
        const CompiledStatement& s = slot.statements()[id];
        PrincipalMatch pm = PrincipalMatch::exact;
        if (which == Slot::resource) {
            pm = principal_matches(s, request);
            if (pm == PrincipalMatch::none && !(has_boundary && s.not_principal && s.effect == Effect::deny))
                continue;
        }
        if (!resource_matches(s, request, parts) || !conditions_match(s, request)) continue;
        if (s.effect == Effect::deny) {
            out.deny = true;
            if (!explain) return;  // nothing outranks an explicit deny
            out.denies.push_back(id);
        } else {
            out.allow = true;
            if (static_cast<int>(pm) > static_cast<int>(out.best)) out.best = pm;
            if (explain) out.allows.push_back(id);
        }
    }
}

std::string label(const CompiledSlot& slot, Slot which, uint32_t id) {
    const CompiledStatement& s = slot.statements()[id];
    const NamedPolicy& p = slot.policies()[s.policy];
    const Statement& st = p.policy.statements[s.statement];
    std::string out = slot_name(which);
    if (!p.name.empty()) out += fmt::format(" \"{}\"", p.name);
    out += fmt::format(" statement {}", s.statement + 1);
    if (!st.sid.empty()) out += fmt::format(" ({})", st.sid);
    return out;
}

const char* match_words(PrincipalMatch m) {
    switch (m) {
        case PrincipalMatch::account: return "names the caller's account";
        case PrincipalMatch::wildcard: return "names every principal";
        case PrincipalMatch::role: return "names the caller's role";
        case PrincipalMatch::exact: return "names the caller";
        case PrincipalMatch::none: break;
    }
    return "";
}

class Decider {
public:
    // `explain`: lines for every matching statement and the deciding rule; `collect`: the
    // matching statements only (match()).
    Decider(const PolicyView& p, const RequestContext& r, bool explain, bool collect = false)
        : m_p(p), m_r(r), m_explain(explain), m_collect(explain || collect) {}

    Decision run() {
        const auto kind = m_r.principal_kind;
        // sts:GetCallerIdentity needs no permission and works even under an explicit Deny.
        if (m_r.action_service == "sts" && m_r.action_name == "getcalleridentity" &&
            kind != PrincipalKind::anonymous && kind != PrincipalKind::service) {
            note("sts:GetCallerIdentity needs no permission");
            return Decision::allowed;
        }
        bool caller_side = kind != PrincipalKind::anonymous && kind != PrincipalKind::service &&
                           kind != PrincipalKind::identity_provider;
        std::array<std::string_view, 6> parts;
        const auto* arn = m_r.resource_is_arn ? &parts : nullptr;
        if (arn) parts = m_r.resource_parts();
        if (caller_side) {
            scan(m_p.identity, Slot::identity, m_r, arn, m_collect, m_identity);
            scan(m_p.boundary, Slot::boundary, m_r, arn, m_collect, m_boundary);
            scan(m_p.session, Slot::session, m_r, arn, m_collect, m_session);
        }
        scan(m_p.resource, Slot::resource, m_r, arn, m_collect, m_resource, caller_side && m_p.boundary.present());
        if (m_explain) list_matches();

        if (m_identity.deny || m_boundary.deny || m_session.deny || m_resource.deny) {
            note("an explicit Deny overrides every Allow");
            return Decision::explicitly_denied;
        }
        if (!caller_side) return unauthenticated();
        return authenticated();
    }

    std::vector<std::string> take_explanation() { return std::move(m_lines); }

    // The matching statements of the last run (collect mode), identity then resource,
    // boundary and session, each slot's denies before its allows.
    std::vector<StatementMatch> matches() const {
        std::vector<StatementMatch> out;
        auto add = [&](const SlotScan& s, const CompiledSlot& slot, Slot which) {
            for (uint32_t id : s.denies) out.push_back({which, &slot.statements()[id], &slot.policies()[slot.statements()[id].policy]});
            for (uint32_t id : s.allows) out.push_back({which, &slot.statements()[id], &slot.policies()[slot.statements()[id].policy]});
        };
        add(m_identity, m_p.identity, Slot::identity);
        add(m_resource, m_p.resource, Slot::resource);
        add(m_boundary, m_p.boundary, Slot::boundary);
        add(m_session, m_p.session, Slot::session);
        return out;
    }

private:
    const PolicyView m_p;
    const RequestContext& m_r;
    bool m_explain, m_collect;
    SlotScan m_identity, m_boundary, m_session, m_resource;
    std::vector<std::string> m_lines;

    // Lines are made only when explaining: decide() allocates nothing for them.
    void note(std::string_view line) {
        if (m_explain) m_lines.emplace_back(line);
    }

    void list_matches() {
        auto list = [&](const SlotScan& s, const CompiledSlot& slot, Slot which) {
            for (uint32_t id : s.denies) m_lines.push_back(label(slot, which, id) + " denies");
            for (uint32_t id : s.allows) {
                std::string line = label(slot, which, id) + " allows";
                if (which == Slot::resource)
                    line += fmt::format(" ({})", match_words(principal_matches(slot.statements()[id], m_r)));
                m_lines.push_back(std::move(line));
            }
        };
        list(m_identity, m_p.identity, Slot::identity);
        list(m_resource, m_p.resource, Slot::resource);
        list(m_boundary, m_p.boundary, Slot::boundary);
        list(m_session, m_p.session, Slot::session);
    }

    // Anonymous callers and service principals have no identity policies: only the
    // resource policy can grant.
    Decision unauthenticated() {
        if (m_resource.allow) return Decision::allowed;
        note(m_p.resource.present() ? "no resource policy statement allows this principal"
                                    : "an anonymous or service principal needs a resource policy that allows it");
        return Decision::implicitly_denied;
    }

    // A role's trust policy and a KMS key's key policy are never optional: without one
    // (or without an Allow in it) nothing else can grant the call, not even in the same
    // account. Only the calls on the role or key itself need it (sts:AssumeRole*, kms:*
    // on a key ARN); sts:GetCallerIdentity or kms:ListKeys on "*" do not.
    bool resource_policy_required() const {
        if (m_r.action_service == "sts") return m_r.action_name.rfind("assumerole", 0) == 0;
        if (m_r.action_service != "kms" || !m_r.resource_is_arn) return false;
        auto parts = m_r.resource_parts();
        return parts[2] == "kms" && parts[5].rfind("key/", 0) == 0;
    }

    Decision authenticated() {
        const auto kind = m_r.principal_kind;
        const bool root = kind == PrincipalKind::root;
        const bool trust = resource_policy_required();
        if (root && m_r.action_service == "sts" && m_r.action_name.rfind("assumerole", 0) == 0) {
            note("Roles may not be assumed by root accounts.");
            return Decision::implicitly_denied;
        }
        // The root user holds every permission of its account; it has no boundary or
        // session policy.
        const bool identity_allow = root || m_identity.allow;
        const bool boundary_ok = !m_p.boundary.present() || m_boundary.allow;
        const bool session_ok = !m_p.session.present() || m_session.allow;
        const bool identity_ok = identity_allow && boundary_ok && session_ok;
        const bool same = m_r.resource_account.empty() || m_r.same_account();

        // A resource policy grant that names the user or the session ARN is not limited by
        // an implicit deny in a permissions boundary; one that names the session ARN is
        // not limited by the session policy either. Grants to the role ARN or to "*" are.
        bool resource_ok = false;
        switch (m_resource.best) {
            case PrincipalMatch::exact: {
                bool session_arn = kind == PrincipalKind::role_session || kind == PrincipalKind::federated_user;
                bool boundary_exempt = kind == PrincipalKind::user || session_arn;
                resource_ok = (boundary_exempt || boundary_ok) && (session_arn || session_ok);
                break;
            }
            case PrincipalMatch::role:
            case PrincipalMatch::wildcard: resource_ok = boundary_ok && session_ok; break;
            case PrincipalMatch::account:  // delegation: the caller's IAM policies decide
            case PrincipalMatch::none: break;
        }

        // Why the caller's own side does not allow, said before a denial only.
        auto caller_side_note = [&] {
            if (!identity_allow) note("no identity policy allows the action");
            else if (!boundary_ok) note("the permissions boundary does not allow the action");
            else if (!session_ok) note("the session policy does not allow the action");
        };
        auto deny = [&](const char* reason) {
            caller_side_note();
            if (reason) note(reason);
            return Decision::implicitly_denied;
        };

        if (!same) {
            // Cross-account: the caller's account and the resource's account must both allow.
            if (!m_resource.allow)
                return deny(m_p.resource.present() ? "cross-account: the resource policy does not allow the caller"
                                                   : "cross-account: there is no resource policy in the resource's account");
            if (!identity_ok) return deny("cross-account: the caller's account must allow as well");
            note("cross-account: allowed by both the caller's and the resource's account");
            return Decision::allowed;
        }
        if (trust) {
            // A role trust policy (and a KMS key policy) must itself allow the caller: it
            // names the caller, or names the account and the caller's IAM policies allow.
            const char* what = m_r.action_service == "sts" ? "the role's trust policy" : "the key policy";
            if (!m_p.resource.present())
                return deny(m_r.action_service == "sts" ? "there is no trust policy: nothing can allow assuming the role"
                                                        : "there is no key policy: nothing can allow using the key");
            if (!m_resource.allow)
                return deny(m_r.action_service == "sts" ? "the role's trust policy does not allow the caller"
                                                        : "the key policy does not allow the caller");
            if (resource_ok) {
                if (m_explain) note(fmt::format("{} names the caller directly: no identity policy is needed", what));
                return Decision::allowed;
            }
            if (identity_ok) {
                if (m_explain) note(fmt::format("{} trusts the caller's account and its identity policies allow", what));
                return Decision::allowed;
            }
            return deny(m_r.action_service == "sts"
                            ? "the trust policy delegates to the account, whose policies do not allow the call"
                            : "the key policy delegates to the account, whose policies do not allow the call");
        }
        if (identity_ok) {
            note(root ? "the root user holds every permission of its own account"
                      : "same account: the caller's identity policies allow");
            return Decision::allowed;
        }
        if (resource_ok) {
            note("same account: the resource policy grants the caller directly");
            return Decision::allowed;
        }
        if (m_resource.allow && m_resource.best == PrincipalMatch::account)
            return deny("the resource policy delegates to the account, whose policies do not allow the call");
        if (m_resource.allow)
            return deny("the resource policy's Allow is limited by the permissions boundary or session policy");
        return deny(nullptr);
    }
};

}  // namespace

const char* decision_name(Decision d) {
    switch (d) {
        case Decision::allowed: return "Allowed";
        case Decision::explicitly_denied: return "ExplicitlyDenied";
        case Decision::implicitly_denied: return "ImplicitlyDenied";
    }
    return "?";
}

Decision decide(const PolicySet& policies, const RequestContext& request) {
    return Decider(policies.view(), request, false).run();
}

Decision decide(const PolicyView& policies, const RequestContext& request) {
    return Decider(policies, request, false).run();
}

Matches match(const PolicyView& policies, const RequestContext& request) {
    Decider d(policies, request, false, true);
    Matches m;
    m.decision = d.run();
    m.statements = d.matches();
    return m;
}

Evaluation evaluate(const PolicySet& policies, const RequestContext& request) {
    return evaluate(policies.view(), request);
}

Evaluation evaluate(const PolicyView& policies, const RequestContext& request) {
    Decider d(policies, request, true);
    Evaluation e;
    e.decision = d.run();
    e.explanation = d.take_explanation();
    return e;
}

}  // namespace jg::policy
