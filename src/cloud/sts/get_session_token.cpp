#include <fmt/format.h>

#include "cloud/input.hpp"
#include "cloud/sts/sts.hpp"

namespace jg::cloud::sts {

// No policy controls GetSessionToken; only long-term credentials may call it.
Result<Node> get_session_token(CallContext& ctx) {
    const Caller& caller = ctx.caller();
    if (caller.temporary()) return fail("AccessDenied", "Cannot call GetSessionToken with session credentials");
    const Node& in = ctx.input();
    auto duration = optional_int(in, "DurationSeconds");
    if (!duration) return Unexpected(duration.error());
    // Users: 900–129600 s (default 43200); root: at most 3600 (default 3600).
    const std::int64_t max = caller.is_root ? 3600 : 129600;
    std::int64_t seconds = duration->value_or(caller.is_root ? 3600 : 43200);
    if (seconds < 900)
        return validation_error("DurationSeconds", std::to_string(seconds), "Member must have value greater than or equal to 900");
    if (seconds > 129600)
        return validation_error("DurationSeconds", std::to_string(seconds), "Member must have value less than or equal to 129600");
    seconds = std::min(seconds, max);  // AWS silently caps root sessions at one hour

    Caller session = caller;
    session.kind = CredentialKind::session_token;
    session.mfa_present = false;
    if (auto serial = optional_string(in, "SerialNumber")) {
        auto checked = check_mfa(ctx, *serial, optional_string(in, "TokenCode"));
        if (!checked) return Unexpected(checked.error());
        session.mfa_present = true;
        session.mfa_auth_time = *checked;
    } else if (optional_string(in, "TokenCode")) {
        return validation_error("SerialNumber", std::nullopt, "Member must not be null");
    }
    session.expiration = ctx.now() + std::chrono::seconds(seconds);
    Node out = Node::make_object();
    out.add("Credentials", issue_credentials(ctx, session));
    return out;
}

}  // namespace jg::cloud::sts
