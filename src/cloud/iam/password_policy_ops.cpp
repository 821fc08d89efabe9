// The account password policy: UpdateAccountPasswordPolicy, GetAccountPasswordPolicy,
// DeleteAccountPasswordPolicy. The rules themselves live in password_policy.cpp.
#include <fmt/format.h>

#include "cloud/iam/iamcred.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"

namespace jg::cloud::iam {

namespace {

// One policy per account: (account, "password-policy", "PasswordPolicy").
constexpr std::string_view k_password_policy_kind = "password-policy";
constexpr std::string_view k_password_policy_name = "PasswordPolicy";

Result<PasswordPolicyInput> read_input(const Node& in) {
    PasswordPolicyInput p;
    // Booleans first, integers after: a malformed member is reported before ranges.
    struct BoolMember {
        const char* name;
        std::optional<bool>* field;
    };
    for (auto [name, field] : {BoolMember{"RequireSymbols", &p.require_symbols},
                               BoolMember{"RequireNumbers", &p.require_numbers},
                               BoolMember{"RequireUppercaseCharacters", &p.require_uppercase_characters},
                               BoolMember{"RequireLowercaseCharacters", &p.require_lowercase_characters},
                               BoolMember{"AllowUsersToChangePassword", &p.allow_users_to_change_password},
                               BoolMember{"HardExpiry", &p.hard_expiry}}) {
        auto v = optional_bool(in, name);
        if (!v) return Unexpected(v.error());
        *field = *v;
    }
    struct IntMember {
        const char* name;
        std::optional<std::int64_t>* field;
    };
    for (auto [name, field] : {IntMember{"MinimumPasswordLength", &p.minimum_password_length},
                               IntMember{"MaxPasswordAge", &p.max_password_age},
                               IntMember{"PasswordReusePrevention", &p.password_reuse_prevention}}) {
        auto v = optional_int(in, name);
        if (!v) return Unexpected(v.error());
        *field = *v;
    }
    return p;
}

}  // namespace

Result<std::optional<PasswordPolicy>> load_password_policy(store::Reader& r, std::string_view account) {
    auto doc = get_doc(r, account, k_password_policy_kind, k_password_policy_name);
    if (!doc) return Unexpected(doc.error());
    if (!*doc) return std::optional<PasswordPolicy>{};
    auto policy = password_policy_from_node(**doc);
    if (!policy) return Unexpected(policy.error());
    return std::optional<PasswordPolicy>(*policy);
}

Result<Node> update_account_password_policy(CallContext& ctx) {
    auto input = read_input(ctx.input());
    if (!input) return Unexpected(input.error());
    auto policy = make_password_policy(*input);
    if (!policy) return Unexpected(policy.error());
    if (auto ok = ctx.authorize("iam:UpdateAccountPasswordPolicy", "*"); !ok) return Unexpected(ok.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        if (auto ok = put_doc(tx, ctx.account(), k_password_policy_kind, k_password_policy_name,
                              password_policy_to_node(*policy));
            !ok)
            return Unexpected(ok.error());
        return empty_output();
    });
}

Result<Node> get_account_password_policy(CallContext& ctx) {
    if (auto ok = ctx.authorize("iam:GetAccountPasswordPolicy", "*"); !ok) return Unexpected(ok.error());
    auto policy = ctx.cloud().store().read([&](store::Reader& r) { return load_password_policy(r, ctx.account()); });
    if (!policy) return Unexpected(policy.error());
    if (!*policy)
        return fail("NoSuchEntity",
                    fmt::format("The Password Policy with domain name {} cannot be found.", ctx.account()));
    Node out = Node::make_object();
    out.add("PasswordPolicy", password_policy_to_node(**policy));
    return out;
}

Result<Node> delete_account_password_policy(CallContext& ctx) {
    if (auto ok = ctx.authorize("iam:DeleteAccountPasswordPolicy", "*"); !ok) return Unexpected(ok.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto erased = tx.erase(ctx.account(), k_password_policy_kind, k_password_policy_name);
        if (!erased) return Unexpected(erased.error());
        if (!*erased) return fail("NoSuchEntity", "The account policy with name PasswordPolicy cannot be found.");
        return empty_output();
    });
}

}  // namespace jg::cloud::iam
