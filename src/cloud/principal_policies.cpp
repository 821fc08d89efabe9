#include "cloud/principal_policies.hpp"

#include "cloud/iam/keys.hpp"
#include "cloud/iam/user_lookup.hpp"
#include "core/json.hpp"
#include "policy/managed_policies.hpp"
#include "policy/parser.hpp"

namespace jg::cloud {

namespace {

using iam::member;

Result<void> add_policy(policy::CompiledSlot& slot, std::string name, std::string_view text) {
    auto parsed = policy::parse_policy_text(text, policy::PolicyKind::identity);
    if (!parsed) return fail("InternalFailure", "stored policy " + name + " no longer parses: " + parsed.error().message);
    slot.add(policy::NamedPolicy{std::move(name), std::move(*parsed)});
    return {};
}

// Inline and attached policies of one entity (user, group or role) into `slot`.
Result<void> add_entity_policies(store::Reader& r, std::string_view account, std::string_view inline_kind,
                                 std::string_view attached_kind, std::string_view entity,
                                 policy::CompiledSlot& slot) {
    std::string prefix = iam::entity_key(entity) + "/";
    auto inline_page = r.list(account, inline_kind, {prefix, {}, 0});
    if (!inline_page) return Unexpected(inline_page.error());
    for (const auto& e : inline_page->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", "stored inline policy is not JSON");
        if (auto added = add_policy(slot, member(*doc, "PolicyName"), member(*doc, "PolicyDocument")); !added)
            return added;
    }
    auto attached = r.list(account, attached_kind, {prefix, {}, 0});
    if (!attached) return Unexpected(attached.error());
    for (const auto& e : attached->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", "stored attachment is not JSON");
        std::string arn = member(*doc, "PolicyArn");
        auto text = managed_policy_document(r, account, arn);
        if (!text) return Unexpected(text.error());
        if (!*text) continue;  // deleted meanwhile: grants nothing
        if (auto added = add_policy(slot, arn, **text); !added) return added;
    }
    return {};
}

Result<void> add_boundary(store::Reader& r, std::string_view account, const Node& entity,
                          policy::CompiledSlot& slot) {
    std::string arn = member(entity, "PermissionsBoundary");
    if (arn.empty()) return {};
    auto text = managed_policy_document(r, account, arn);
    if (!text) return Unexpected(text.error());
    // A boundary whose policy is gone allows nothing, rather than everything.
    return add_policy(slot, arn, text->value_or(R"({"Version":"2012-10-17","Statement":[]})"));
}

Result<std::shared_ptr<const policy::PolicySet>> load(store::Reader& r, const Caller& c) {
    auto set = std::make_shared<policy::PolicySet>();
    if (c.is_root) return set;  // the root user holds every permission of its account
    if (!c.user_name.empty()) {
        auto user = iam::find_user(r, c.account, c.user_id, c.user_name);
        if (!user) return Unexpected(user.error());
        if (!*user) return set;  // deleted or re-created: nothing allows it any more
        const std::string name = iam::member(**user, "UserName");  // its name now (UpdateUser)
        if (auto ok = add_entity_policies(r, c.account, iam::k_user_policy, iam::k_user_attached, name,
                                          set->identity);
            !ok)
            return Unexpected(ok.error());
        auto groups = r.list(c.account, iam::k_user_group, {iam::entity_key(name) + "/", {}, 0});
        if (!groups) return Unexpected(groups.error());
        for (const auto& g : groups->entries) {
            std::string group = g.name.substr(g.name.find('/') + 1);
            if (auto ok = add_entity_policies(r, c.account, iam::k_group_policy, iam::k_group_attached, group,
                                              set->identity);
                !ok)
                return Unexpected(ok.error());
        }
        if (auto ok = add_boundary(r, c.account, **user, set->boundary); !ok) return Unexpected(ok.error());
        return set;
    }
    if (c.kind == CredentialKind::role_session) {
        auto role = iam::get_doc(r, c.account, iam::k_role, iam::entity_key(c.role_name));
        if (!role) return Unexpected(role.error());
        if (!*role || member(**role, "RoleId") != c.role_id) return set;  // re-created roles are not the same
        if (auto ok = add_entity_policies(r, c.account, iam::k_role_policy, iam::k_role_attached, c.role_name,
                                          set->identity);
            !ok)
            return Unexpected(ok.error());
        if (auto ok = add_boundary(r, c.account, **role, set->boundary); !ok) return Unexpected(ok.error());
        if (!c.session_policy.empty())
            if (auto ok = add_policy(set->session, "session policy", c.session_policy); !ok)
                return Unexpected(ok.error());
    }
    return set;
}

}  // namespace

Result<std::optional<std::string>> managed_policy_document(store::Reader& r, std::string_view account,
                                                           std::string_view arn) {
    if (arn.rfind("arn:aws:iam::aws:policy/", 0) == 0) return policy::aws_managed_policy_document(arn);
    std::string prefix = "arn:aws:iam::" + std::string(account) + ":policy/";
    if (arn.rfind(prefix, 0) != 0) return std::optional<std::string>{};
    std::string_view name = arn.substr(arn.rfind('/') + 1);
    auto doc = iam::get_doc(r, account, iam::k_policy, iam::entity_key(name));
    if (!doc) return Unexpected(doc.error());
    if (!*doc || member(**doc, "Arn") != arn) return std::optional<std::string>{};
    if (const Node* versions = (*doc)->find("Versions"))
        for (const Node& v : versions->items)
            if (member(v, "IsDefaultVersion") == "true") return std::optional<std::string>(member(v, "Document"));
    return std::optional<std::string>{};
}

Result<std::shared_ptr<const policy::PolicySet>> caller_policies(Cloud& cloud, store::Reader& r,
                                                                 const Caller& caller) {
    auto generation = iam::policy_generation(r, caller.account);
    if (!generation) return Unexpected(generation.error());
    // Principals by unique id: a re-created user of the same name has other policies.
    // CreateUser and DeleteUser do not change the generation, so a user known only by
    // name (an access key older than UserId in key documents) is never served from the cache.
    if (!caller.user_name.empty() && caller.user_id.empty()) return load(r, caller);
    std::string key = caller.account + "|" + caller.user_name + "|" + caller.user_id + "|" + caller.role_id + "|" +
                      (caller.is_root ? "root" : "") + "|" + caller.session_policy;
    if (auto cached = cloud.policy_cache().find(key, *generation)) return cached;
    auto set = load(r, caller);
    if (!set) return set;
    cloud.policy_cache().store(key, *generation, *set);
    return set;
}

}  // namespace jg::cloud
