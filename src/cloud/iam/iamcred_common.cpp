// Helpers shared by the credential, MFA and account handlers (iamcred.hpp).
#include <fmt/format.h>

#include "cloud/iam/iamcred.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "core/strings.hpp"

namespace jg::cloud::iam {

Unexpected no_such_user(std::string_view name) {
    return fail("NoSuchEntity", fmt::format("The user with name {} cannot be found.", name));
}

std::string user_arn_guess(std::string_view account, std::string_view name) {
    return fmt::format("arn:aws:iam::{}:user/{}", account, name);
}

Result<TargetUser> target_user(CallContext& ctx, store::Reader& r, std::size_t max_len, bool required) {
    auto given = optional_string(ctx.input(), "UserName");
    TargetUser t;
    if (!given) {
        if (required) return validation_error("UserName", std::nullopt, "Member must not be null");
        const Caller& c = ctx.caller();
        if (c.is_root) {
            t.arn = "arn:aws:iam::" + ctx.account() + ":root";
            t.doc = Node::make_object();
            return t;
        }
        if (c.user_name.empty())
            return fail("ValidationError", "Must specify userName when calling with non-User credentials");
        given = c.user_name;
    } else if (auto ok = check_name("UserName", *given, max_len); !ok) {
        return Unexpected(ok.error());
    }
    auto doc = get_doc(r, ctx.account(), k_user, entity_key(*given));
    if (!doc) return Unexpected(doc.error());
    if (!*doc) return no_such_user(*given);
    t.doc = std::move(**doc);
    t.name = member(t.doc, "UserName");
    t.arn = member(t.doc, "Arn");
    return t;
}

Result<TargetUser> authorized_user(CallContext& ctx, std::string_view action, std::size_t max_len, bool required) {
    auto target = ctx.cloud().store().read([&](store::Reader& r) { return target_user(ctx, r, max_len, required); });
    if (!target) {
        if (target.error().code != "NoSuchEntity") return target;
        const std::string name = optional_string(ctx.input(), "UserName").value_or(ctx.caller().user_name);
        if (auto ok = ctx.authorize(action, user_arn_guess(ctx.account(), name)); !ok) return Unexpected(ok.error());
        return target;
    }
    if (auto ok = ctx.authorize(action, target->arn); !ok) return Unexpected(ok.error());
    return target;
}

Result<std::optional<std::string>> optional_enum(const Node& input, std::string_view member_name,
                                                 std::initializer_list<std::string_view> values) {
    auto v = optional_string(input, member_name);
    if (!v) return std::optional<std::string>{};
    for (std::string_view allowed : values)
        if (*v == allowed) return v;
    std::vector<std::string> names(values.begin(), values.end());
    return validation_error(member_name, *v,
                            fmt::format("Member must satisfy enum value set: [{}]", join(names, ", ")));
}

}  // namespace jg::cloud::iam
