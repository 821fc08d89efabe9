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

// The decision with its explanation.
Evaluation evaluate(const PolicySet& policies, const RequestContext& request);
Evaluation evaluate(const PolicyView& policies, const RequestContext& request);

}  // namespace jg::policy
