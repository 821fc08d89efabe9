#include "cloud/iam/entities.hpp"

#include <fmt/format.h>

#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"
#include "policy/iam_validation.hpp"
#include "policy/parser.hpp"

namespace jg::cloud::iam {

const EntityType k_user_type{"user", "User", "UserName", k_user, k_user_policy, k_user_attached,
                             10, "PoliciesPerUser", 2048, "UserPolicySize"};
const EntityType k_group_type{"group", "Group", "GroupName", k_group, k_group_policy, k_group_attached,
                              10, "PoliciesPerGroup", 5120, "GroupPolicySize"};
const EntityType k_role_type{"role", "Role", "RoleName", k_role, k_role_policy, k_role_attached,
                             10, "PoliciesPerRole", 10240, "RolePolicySize"};

std::string entity_arn(std::string_view account, const EntityType& type, std::string_view path, std::string_view name) {
    return fmt::format("arn:aws:iam::{}:{}{}{}", account, type.word, path, name);
}

Unexpected no_such_entity(const EntityType& type, std::string_view name) {
    return fail("NoSuchEntity", fmt::format("The {} with name {} cannot be found.", type.word, name));
}

Result<Loaded> authorized_entity(CallContext& ctx, const EntityType& type, std::string_view action,
                                 const AuthorizeOptions& options) {
    auto name = required_string(ctx.input(), type.name_member);
    if (!name) return Unexpected(name.error());
    if (auto ok = check_name(type.name_member, *name, type.word == "user" ? 128 : type.word == "group" ? 128 : 64); !ok)
        return Unexpected(ok.error());
    auto doc = ctx.cloud().store().read(
        [&](store::Reader& r) { return get_doc(r, ctx.account(), type.kind, entity_key(*name)); });
    if (!doc) return Unexpected(doc.error());
    std::string arn = *doc ? member(**doc, "Arn") : entity_arn(ctx.account(), type, "/", *name);
    if (auto ok = ctx.authorize(action, arn, options); !ok) return Unexpected(ok.error());
    if (!*doc) return no_such_entity(type, *name);
    return Loaded{*name, std::move(**doc)};
}

Result<void> still_exists(store::Tx& tx, std::string_view account, const EntityType& type, std::string_view name) {
    auto doc = tx.get(account, type.kind, entity_key(name));
    if (!doc) return Unexpected(doc.error());
    if (!*doc) return no_such_entity(type, name);
    return {};
}

Result<std::size_t> check_policy_document(const Node& input, std::string_view member_name, policy::PolicyUse use,
                                          std::string& text) {
    auto given = required_string(input, member_name);
    if (!given) return Unexpected(given.error());
    if (auto ok = check_length(member_name, *given, 1, 131072); !ok) return Unexpected(ok.error());
    if (auto ok = policy::validate_iam_policy(*given, use); !ok) return Unexpected(ok.error());
    auto node = parse_json(*given);
    if (!node) return fail("MalformedPolicyDocument", "Syntax errors in policy.");
    auto kind = use == policy::PolicyUse::trust ? policy::PolicyKind::resource : policy::PolicyKind::identity;
    auto parsed = policy::parse_policy(*node, kind);
    if (!parsed) {
        // The engine's detail is for people; the caller gets the words AWS uses.
        const std::string& m = parsed.error().message;
        auto at = m.rfind("(AWS: \"");
        std::string aws = at == std::string::npos ? "Syntax errors in policy." : m.substr(at + 7, m.size() - at - 9);
        return fail("MalformedPolicyDocument", aws);
    }
    text = *given;
    return policy::policy_size(*node);
}

policy::PolicyUse inline_use(const EntityType& type) {
    if (type.word == "user") return policy::PolicyUse::user;
    if (type.word == "group") return policy::PolicyUse::group;
    return policy::PolicyUse::role;
}

Node entity_output(const Node& doc, bool details) {
    Node out = Node::make_object();
    for (const auto& [key, value] : doc.members) {
        if (!details && (key == "PermissionsBoundary" || key == "Tags")) continue;
        if (key == "TrustPrincipalIds") continue;  // internal (trust_principals.hpp)
        if (key == "PermissionsBoundary") {
            Node b = Node::make_object();
            b.add("PermissionsBoundaryType", str("Policy"));
            b.add("PermissionsBoundaryArn", value);
            out.add("PermissionsBoundary", std::move(b));
        } else if (key == "Tags") {
            if (!value.items.empty()) out.add(key, value);
        } else {
            out.add(key, value);
        }
    }
    return out;
}

}  // namespace jg::cloud::iam
