// The authorisation decision over a compiled PolicySet and a RequestContext, following
// AWS's evaluation logic (reference_policies_evaluation-logic and its cross-account page).
#pragma once

#include <string>
#include <vector>

#include "policy/compiled.hpp"
#include "policy/request.hpp"

namespace jg::policy {

enum class Decision { allowed, explicitly_denied, implicitly_denied };

// "Allowed", "ExplicitlyDenied", "ImplicitlyDenied".
const char* decision_name(Decision d);

struct Evaluation {
    Decision decision = Decision::implicitly_denied;
    // Which statements matched and which rule decided, one sentence per line (filled only
    // when asked for).
    std::vector<std::string> explanation;
};

// The decision alone: no allocation beyond what condition variables need.
Decision decide(const PolicySet& policies, const RequestContext& request);
// The same over slots held elsewhere (a caller's identity slots with a role's trust
// policy, without copying either).
Decision decide(const PolicyView& policies, const RequestContext& request);

// A statement that matched a request (action, resource, principal, conditions).
struct StatementMatch {
    Slot slot = Slot::identity;
    const CompiledStatement* statement = nullptr;  // into the slot: valid while it lives
    const NamedPolicy* policy = nullptr;           // the policy it belongs to
};

// The decision with the statements that matched, without the explanation's sentences:
// what an explanation's "... allows"/"... denies" lines say, for callers that need the
// policies, not the words. With an explicit Deny the scan still lists every match.
struct Matches {
    Decision decision = Decision::implicitly_denied;
    std::vector<StatementMatch> statements;
};
Matches match(const PolicyView& policies, const RequestContext& request);

// The decision with its explanation.
Evaluation evaluate(const PolicySet& policies, const RequestContext& request);
Evaluation evaluate(const PolicyView& policies, const RequestContext& request);

}  // namespace jg::policy
