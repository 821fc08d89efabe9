// Account aliases and GetAccountSummary through the dispatch table.
#include <algorithm>

#include "cloud/accounts.hpp"
#include "fixture.hpp"

namespace jg::cloud::testing {
namespace {

using IamAccountInfo = CloudTest;

std::vector<std::string> aliases(const Node& out) {
    std::vector<std::string> v;
    for (const Node& a : out.find("AccountAliases")->items) v.push_back(a.text);
    return v;
}

TEST_F(IamAccountInfo, OneGloballyUniqueAliasPerAccount) {
    Credentials a = account("111111111111");
    Credentials b = account("222222222222", "taken");
    EXPECT_TRUE(aliases(ok(a, "iam", "ListAccountAliases")).empty());
    EXPECT_EQ(text(ok(a, "iam", "ListAccountAliases"), "IsTruncated"), "false");

    ok(a, "iam", "CreateAccountAlias", R"({"AccountAlias":"my-company"})");
    EXPECT_EQ(aliases(ok(a, "iam", "ListAccountAliases")), std::vector<std::string>{"my-company"});
    ok(a, "iam", "CreateAccountAlias", R"({"AccountAlias":"my-company"})");  // again: no change

    Error taken = error_of(a, "iam", "CreateAccountAlias", R"({"AccountAlias":"taken"})");
    EXPECT_EQ(taken.code, "EntityAlreadyExists");
    EXPECT_EQ(taken.message, "The account alias taken already exists.");
    EXPECT_EQ(aliases(ok(b, "iam", "ListAccountAliases")), std::vector<std::string>{"taken"});

    // A new alias replaces the old one, which becomes free for others.
    ok(a, "iam", "CreateAccountAlias", R"({"AccountAlias":"renamed"})");
    EXPECT_EQ(aliases(ok(a, "iam", "ListAccountAliases")), std::vector<std::string>{"renamed"});
    ok(b, "iam", "CreateAccountAlias", R"({"AccountAlias":"my-company"})");
    auto acct = find_account(cloud(), "222222222222");
    ASSERT_TRUE(acct && *acct);
    EXPECT_EQ((*acct)->alias, "my-company");

    Error wrong = error_of(a, "iam", "DeleteAccountAlias", R"({"AccountAlias":"my-company"})");
    EXPECT_EQ(wrong.code, "NoSuchEntity");
    EXPECT_EQ(wrong.message, "The account alias my-company cannot be found.");
    ok(a, "iam", "DeleteAccountAlias", R"({"AccountAlias":"renamed"})");
    EXPECT_TRUE(aliases(ok(a, "iam", "ListAccountAliases")).empty());
    ok(b, "iam", "CreateAccountAlias", R"({"AccountAlias":"renamed"})");  // freed
}

TEST_F(IamAccountInfo, AliasValidation) {
    Credentials a = account("111111111111");
    for (const char* bad : {"ab", "-abc", "abc-", "a--b", "Upper", "under_score", ""}) {
        Error e = error_of(a, "iam", "CreateAccountAlias", std::string(R"({"AccountAlias":")") + bad + "\"}");
        EXPECT_EQ(e.code, "ValidationError") << bad;
    }
    EXPECT_EQ(error(a, "iam", "CreateAccountAlias", R"({"AccountAlias":")" + std::string(64, 'a') + "\"}"),
              "ValidationError");
    ok(a, "iam", "CreateAccountAlias", R"({"AccountAlias":")" + std::string(63, 'a') + "\"}");
    ok(a, "iam", "CreateAccountAlias", R"({"AccountAlias":"a-b-c1"})");
}

TEST_F(IamAccountInfo, SummaryCountsWhatTheAccountHas) {
    Credentials a = account("111111111111");
    account("222222222222");  // another account's entities do not count
    ok(a, "iam", "CreateUser", R"({"UserName":"alice"})");
    ok(a, "iam", "CreateUser", R"({"UserName":"bob"})");
    ok(a, "iam", "CreateGroup", R"({"GroupName":"devs"})");
    ok(a, "iam", "AttachGroupPolicy", R"({"GroupName":"devs","PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})");
    ok(a, "iam", "CreateVirtualMFADevice", R"({"VirtualMFADeviceName":"alice"})");

    Node summary = ok(a, "iam", "GetAccountSummary");
    const Node* map = summary.find("SummaryMap");
    ASSERT_NE(map, nullptr);
    auto value = [&](const char* key) { return text(*map, key); };
    EXPECT_EQ(value("Users"), "2");
    EXPECT_EQ(value("Groups"), "1");
    EXPECT_EQ(value("Roles"), "0");
    EXPECT_EQ(value("Policies"), "0");
    EXPECT_EQ(value("PolicyVersionsInUse"), "1");
    EXPECT_EQ(value("MFADevices"), "1");
    EXPECT_EQ(value("MFADevicesInUse"), "0");
    EXPECT_EQ(value("AccountAccessKeysPresent"), "1");
    EXPECT_EQ(value("UsersQuota"), "5000");
    EXPECT_EQ(value("GroupsPerUserQuota"), "10");
    EXPECT_EQ(value("AccessKeysPerUserQuota"), "2");
    EXPECT_EQ(value("VersionsPerPolicyQuota"), "5");
    // Every key AWS returns (LocalStack's recorded snapshot), and no other.
    std::vector<std::string> keys;
    for (const auto& [k, v] : map->members) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    const std::vector<std::string> recorded = {
        "AccessKeysPerUserQuota", "AccountAccessKeysPresent", "AccountMFAEnabled", "AccountPasswordPresent",
        "AccountSigningCertificatesPresent", "AssumeRolePolicySizeQuota", "AttachedPoliciesPerGroupQuota",
        "AttachedPoliciesPerRoleQuota", "AttachedPoliciesPerUserQuota", "GlobalEndpointTokenVersion",
        "GroupPolicySizeQuota", "Groups", "GroupsPerUserQuota", "GroupsQuota", "InstanceProfiles",
        "InstanceProfilesQuota", "MFADevices", "MFADevicesInUse", "Policies", "PoliciesQuota", "PolicySizeQuota",
        "PolicyVersionsInUse", "PolicyVersionsInUseQuota", "Providers", "RolePolicySizeQuota", "Roles", "RolesQuota",
        "ServerCertificates", "ServerCertificatesQuota", "SigningCertificatesPerUserQuota", "UserPolicySizeQuota",
        "Users", "UsersQuota", "VersionsPerPolicyQuota"};
    EXPECT_EQ(keys, recorded);

    Node key = ok(a, "iam", "CreateAccessKey", R"({"UserName":"alice"})");
    Credentials alice{text(key, "AccessKey", "AccessKeyId"), {}};
    EXPECT_EQ(error(alice, "iam", "GetAccountSummary"), "AccessDenied");
}

}  // namespace
}  // namespace jg::cloud::testing
