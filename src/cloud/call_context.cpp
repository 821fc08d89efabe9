#include "cloud/call_context.hpp"

#include <fmt/format.h>

#include "cloud/principal_policies.hpp"
#include "cloud/request_context.hpp"
#include "policy/evaluator.hpp"
#include "policy/parser.hpp"

namespace jg::cloud {

namespace {

bool starts(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// AWS's sentence for a refusal, from the engine's explanation of it (which slot denied,
// or which slot failed to allow).
std::string denial_message(const Caller& caller, std::string_view action, std::string_view resource,
                           const policy::Evaluation& why) {
    std::string head = fmt::format("User: {} is not authorized to perform: {} on resource: {} ", caller.arn,
                                   action, resource);
    if (why.decision == policy::Decision::explicitly_denied) {
        const char* where = "an identity-based policy";
        for (const auto& line : why.explanation) {
            if (!line.ends_with(" denies")) continue;
            if (starts(line, "resource policy")) where = "a resource-based policy";
            else if (starts(line, "permissions boundary")) where = "a permissions boundary";
            else if (starts(line, "session policy")) where = "a session policy";
            else where = "an identity-based policy";
            break;
        }
        return head + "with an explicit deny in " + std::string(where);
    }
    const char* which = "identity-based policy";
    for (const auto& line : why.explanation) {
        if (line == "the permissions boundary does not allow the action") which = "permissions boundary";
        else if (line == "the session policy does not allow the action") which = "session policy";
        else if (line.find("resource policy does not allow") != std::string::npos ||
                 line.find("there is no resource policy") != std::string::npos)
            which = "resource-based policy";
        else continue;
        break;
    }
    return head + fmt::format("because no {} allows the {} action", which, action);
}

}  // namespace

Result<void> CallContext::authorize(std::string_view iam_action, std::string_view resource_arn,
                                    const AuthorizeOptions& options) {
    if (options.resource_policy.empty()) return authorize_with(iam_action, resource_arn, nullptr, options);
    auto parsed = policy::parse_policy_text(options.resource_policy, policy::PolicyKind::resource);
    if (!parsed) return fail("InternalFailure", "stored resource policy no longer parses: " + parsed.error().message);
    policy::CompiledSlot slot;
    slot.add(policy::NamedPolicy{"resource policy", std::move(*parsed)});
    return authorize_with(iam_action, resource_arn, &slot, options);
}

Result<void> CallContext::authorize_with(std::string_view iam_action, std::string_view resource_arn,
                                         const policy::CompiledSlot* resource, const AuthorizeOptions& options) {
    // AWS managed policies ("arn:aws:iam::aws:policy/…") belong to no account: acting on
    // them (GetPolicy, attaching) is decided in the caller's own account.
    std::string_view resource_account = options.resource_account;
    if (resource_account.empty() && resource_arn.starts_with("arn:aws:iam::aws:")) resource_account = m_caller.account;
    auto request = build_request_context(m_caller, m_info, now(), iam_action, resource_arn, resource_account,
                                         options.context);
    if (!request) return fail("InternalFailure", "request context: " + request.error().message);
    auto policies = m_cloud.store().read([&](store::Reader& r) { return caller_policies(m_cloud, r, m_caller); });
    if (!policies) return Unexpected(policies.error());

    // The caller's slots are shared from the cache; only a resource policy is added.
    const policy::PolicySet* set = policies->get();
    policy::PolicySet with_resource;
    if (resource) {
        with_resource = **policies;
        with_resource.resource = *resource;
        set = &with_resource;
    }
    if (policy::decide(*set, *request) == policy::Decision::allowed) return {};
    return fail("AccessDenied", denial_message(m_caller, iam_action, resource_arn, policy::evaluate(*set, *request)));
}

}  // namespace jg::cloud
