// The account itself: CreateAccountAlias, DeleteAccountAlias, ListAccountAliases and
// GetAccountSummary. An alias is unique across all accounts of the home (the global
// account-alias index, keys.hpp); an account has at most one.
#include <fmt/format.h>

#include "cloud/iam/iamcred.hpp"
#include "cloud/iam/instance_profiles.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/mfa_device.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"

namespace jg::cloud::iam {

namespace {

// accountAliasType: 3–63 characters, ^[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?$
Result<std::string> read_alias(const Node& input) {
    auto alias = required_string(input, "AccountAlias");
    if (!alias) return alias;
    if (auto ok = check_length("AccountAlias", *alias, 3, 63); !ok) return Unexpected(ok.error());
    const std::string& a = *alias;
    bool ok = a.front() != '-' && a.back() != '-';
    for (std::size_t i = 0; i < a.size() && ok; ++i) {
        const char c = a[i];
        ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && a[i - 1] != '-');
    }
    if (!ok)
        return validation_error("AccountAlias", a,
                                "Member must satisfy regular expression pattern: ^[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?$");
    return alias;
}

Result<Node> account_doc(store::Reader& r, const std::string& account) {
    auto doc = get_doc(r, "", k_account, account);
    if (!doc) return Unexpected(doc.error());
    if (!*doc) return fail("InternalFailure", "the caller's account " + account + " is not in the store");
    return std::move(**doc);
}

// The quotas of GetAccountSummary, as AWS reports them for a new account (recorded by
// LocalStack against AWS, test_iam_account_summary.snapshot.json).
struct Quota {
    const char* key;
    int value;
};
constexpr Quota k_quotas[] = {
    {"AccessKeysPerUserQuota", 2},         {"AssumeRolePolicySizeQuota", 2048},
    {"AttachedPoliciesPerGroupQuota", 10}, {"AttachedPoliciesPerRoleQuota", 10},
    {"AttachedPoliciesPerUserQuota", 10},  {"GlobalEndpointTokenVersion", 1},
    {"GroupPolicySizeQuota", 5120},        {"GroupsPerUserQuota", 10},
    {"GroupsQuota", 300},                  {"InstanceProfilesQuota", 1000},
    {"PoliciesQuota", 1500},               {"PolicySizeQuota", 6144},
    {"PolicyVersionsInUseQuota", 10000},   {"RolePolicySizeQuota", 10240},
    {"RolesQuota", 1000},                  {"ServerCertificatesQuota", 20},
    {"SigningCertificatesPerUserQuota", 2}, {"UserPolicySizeQuota", 2048},
    {"UsersQuota", 5000},                  {"VersionsPerPolicyQuota", 5},
};

}  // namespace

Result<Node> create_account_alias(CallContext& ctx) {
    auto alias = read_alias(ctx.input());
    if (!alias) return Unexpected(alias.error());
    if (auto ok = ctx.authorize("iam:CreateAccountAlias", "*"); !ok) return Unexpected(ok.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto owner = get_doc(tx, "", k_account_alias, *alias);
        if (!owner) return Unexpected(owner.error());
        if (*owner) {
            if (member(**owner, "AccountId") == ctx.account()) return empty_output();  // already ours
            return fail("EntityAlreadyExists", fmt::format("The account alias {} already exists.", *alias));
        }
        auto doc = account_doc(tx, ctx.account());
        if (!doc) return Unexpected(doc.error());
        // One alias per account: a new one replaces the old (as the IAM console does).
        if (auto old = member(*doc, "Alias"); !old.empty())
            if (auto ok = tx.erase("", k_account_alias, old); !ok) return Unexpected(ok.error());
        if (Node* a = doc->find("Alias")) *a = str(*alias);
        else doc->add("Alias", str(*alias));
        Node index = Node::make_object();
        index.add("AccountId", str(ctx.account()));
        if (auto ok = tx.insert("", k_account_alias, *alias, to_json(index)); !ok) return Unexpected(ok.error());
        if (auto ok = put_doc(tx, "", k_account, ctx.account(), *doc); !ok) return Unexpected(ok.error());
        return empty_output();
    });
}

Result<Node> delete_account_alias(CallContext& ctx) {
    auto alias = read_alias(ctx.input());
    if (!alias) return Unexpected(alias.error());
    if (auto ok = ctx.authorize("iam:DeleteAccountAlias", "*"); !ok) return Unexpected(ok.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = account_doc(tx, ctx.account());
        if (!doc) return Unexpected(doc.error());
        if (member(*doc, "Alias") != *alias)
            return fail("NoSuchEntity", fmt::format("The account alias {} cannot be found.", *alias));
        if (auto ok = tx.erase("", k_account_alias, *alias); !ok) return Unexpected(ok.error());
        Node without = Node::make_object();
        for (std::size_t i = 0; i < doc->members.size(); ++i)
            if (doc->members[i].first != "Alias") without.add(doc->members[i].first, doc->members[i].second);
        if (auto ok = put_doc(tx, "", k_account, ctx.account(), without); !ok) return Unexpected(ok.error());
        return empty_output();
    });
}

Result<Node> list_account_aliases(CallContext& ctx) {
    auto paging = read_paging(ctx.input());
    if (!paging) return Unexpected(paging.error());
    if (auto ok = ctx.authorize("iam:ListAccountAliases", "*"); !ok) return Unexpected(ok.error());
    auto doc = ctx.cloud().store().read([&](store::Reader& r) { return account_doc(r, ctx.account()); });
    if (!doc) return Unexpected(doc.error());
    Node aliases = Node::make_array();
    if (auto a = member(*doc, "Alias"); !a.empty() && (paging->marker.empty() || a > paging->marker))
        aliases.push(str(a));
    Node out = Node::make_object();
    out.add("AccountAliases", std::move(aliases));
    out.add("IsTruncated", boolean(false));
    return out;
}

Result<Node> get_account_summary(CallContext& ctx) {
    if (auto ok = ctx.authorize("iam:GetAccountSummary", "*"); !ok) return Unexpected(ok.error());
    const std::string& account = ctx.account();
    return ctx.cloud().store().read([&](store::Reader& r) -> Result<Node> {
        Node map = Node::make_object();
        auto add_count = [&](const char* key, std::string_view kind) -> Result<std::int64_t> {
            auto n = r.count(account, kind);
            if (!n) return n;
            map.add(key, num(*n));
            return n;
        };
        for (auto [key, kind] : {std::pair{"Users", k_user}, {"Groups", k_group}, {"Roles", k_role},
                                 {"Policies", k_policy}})
            if (auto n = add_count(key, kind); !n) return Unexpected(n.error());

        // Managed policy attachments in use (users, groups and roles together).
        std::int64_t in_use = 0;
        for (auto kind : {k_user_attached, k_group_attached, k_role_attached}) {
            auto n = r.count(account, kind);
            if (!n) return Unexpected(n.error());
            in_use += *n;
        }
        map.add("PolicyVersionsInUse", num(in_use));

        auto devices = r.list(account, k_mfa_device_kind, {});
        if (!devices) return Unexpected(devices.error());
        std::int64_t enabled = 0;
        for (const auto& e : devices->entries) {
            auto doc = parse_json(e.body);
            if (doc && !member(*doc, "UserName").empty()) ++enabled;
        }
        map.add("MFADevices", num(static_cast<std::int64_t>(devices->entries.size())));
        map.add("MFADevicesInUse", num(enabled));

        // Root's access keys (keys without a user); root MFA, root console password and
        // signing certificates are not modelled.
        auto keys = r.list("", k_access_key, {});
        if (!keys) return Unexpected(keys.error());
        bool root_keys = false;
        for (const auto& e : keys->entries) {
            auto doc = parse_json(e.body);
            root_keys = root_keys || (doc && member(*doc, "Account") == account && member(*doc, "UserName").empty());
        }
        map.add("AccountAccessKeysPresent", num(root_keys ? 1 : 0));
        map.add("AccountMFAEnabled", num(0));
        map.add("AccountPasswordPresent", num(0));
        map.add("AccountSigningCertificatesPresent", num(0));
        auto profiles = r.count(account, k_instance_profile);
        if (!profiles) return Unexpected(profiles.error());
        map.add("InstanceProfiles", num(*profiles));
        // Entities jumpgate does not serve: always none.
        map.add("Providers", num(0));
        auto server_certificates = r.count(account, k_server_certificate);
        if (!server_certificates) return Unexpected(server_certificates.error());
        map.add("ServerCertificates", num(*server_certificates));
        for (const Quota& q : k_quotas) map.add(q.key, num(q.value));

        Node out = Node::make_object();
        out.add("SummaryMap", std::move(map));
        return out;
    });
}

}  // namespace jg::cloud::iam
