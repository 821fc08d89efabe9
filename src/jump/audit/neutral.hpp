// Whether a policy slot decides an action the same for every principal of one kind in one
// account: in the statements that can match the action, no policy variables, no condition on who the caller is (aws:username, aws:userid,
// aws:PrincipalArn, principal tags, session names, source identity), and — for trust
// policies — principals that are only accounts or "*". Users whose policies are all
// neutral and who share them get the same sts:AssumeRole decisions on roles whose trust is
// neutral too, so the graph decides those once per policy set (the synthetic 5,000-user
// audit asks the engine about half as often).
#pragma once

#include "policy/compiled.hpp"

namespace jg::jump::audit {

// `action`: a request for the action in question (its principal and resource are not read).
bool principal_neutral(const policy::CompiledSlot& slot, const policy::RequestContext& action);
// The identity and boundary slots.
bool principal_neutral(const policy::PolicySet& set, const policy::RequestContext& action);

}  // namespace jg::jump::audit
