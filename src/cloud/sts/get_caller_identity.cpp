#include "cloud/input.hpp"
#include "cloud/sts/sts.hpp"

namespace jg::cloud::sts {

// Needs no permission and works even under an explicit Deny: nothing to authorise.
Result<Node> get_caller_identity(CallContext& ctx) {
    const Caller& c = ctx.caller();
    Node out = Node::make_object();
    out.add("UserId", str(c.user_id));
    out.add("Account", str(c.account));
    out.add("Arn", str(c.arn));
    return out;
}

}  // namespace jg::cloud::sts
