// The IAM side of apply on the local cloud: users with login profiles and first-password
// files, memberships, the password policy, idempotency, adoption of an untagged user, and
// offboarding that leaves no trace. The groups are created here with IAM calls, as the
// global and project group stacks create them.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "../cloud/fixture.hpp"
#include "jump/api/connection.hpp"
#include "jump/apply/runbook.hpp"
#include "core/strings.hpp"
#include "jump/config/config.hpp"

namespace jg::jump {
namespace {

constexpr const char* k_admin = "111111111111";

// A self-signed X.509 certificate (openssl req -x509, RSA 2048), JSON-escaped.
constexpr const char* k_certificate =
    "-----BEGIN CERTIFICATE-----\\n"
    "MIIDAzCCAeugAwIBAgIUB2ZvK7Wn061WckyeA6HszqZwh3kwDQYJKoZIhvcNAQEL\\n"
    "BQAwETEPMA0GA1UEAwwGbGVhdmVyMB4XDTI2MTEyODAxMTcwOVoXDTM2MTEyNTAx\\n"
    "MTcwOVowETEPMA0GA1UEAwwGbGVhdmVyMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\\n"
    "MIIBCgKCAQEAnXPjvtCI87yawvzQyv6eRtv5xmWlFZCZa/0QQyqnDGAYyJIjOgiK\\n"
    "jSPE3qbM65uY4/LR26DgWvlzBYTapeV2r5BNoMV/oVSMFT6yod/WXTWBB+PUlk4C\\n"
    "SB542e6dKv8/Ej7HHgTbPeXnCGqa+QJK/oLZSkyH5lcLAlbe5+aryXX9HIfsUAdk\\n"
    "G4n1AmmYG0Clwt/OjONUt1fYGUFnjI+npqHGQxZoVZRwluvVJj8QGrh551Sou5h7\\n"
    "wp0fOQS0cIVSCPbzrWAtoQNkmskd2V3k7hiV5eCy1udjKA1ijZ43lhJOKe95ie5a\\n"
    "7c1awMzFPQ+6E17oqGmrLVTTfaqQki4bQQIDAQABo1MwUTAdBgNVHQ4EFgQU0cmI\\n"
    "b2GDTY3kDXQwe5Qq7vLVi0EwHwYDVR0jBBgwFoAU0cmIb2GDTY3kDXQwe5Qq7vLV\\n"
    "i0EwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEACYS7nAZkokPD\\n"
    "kwDzof7d5vjB7aqN3cmecQObVDdEOgcaWTBR+qzx3wCPH9w68U7HEqS6XJPw0Imz\\n"
    "d/pdeG7SdfNVZgPpFnDx329z6ZzRumJUSKu4Ef1SodmCT+TSl/7OHCNBrE5WxhSi\\n"
    "0XMOqZChN2tLKj6P0OvgJ3agQ3mPnq7AgHPUJwyjAf3N+hGDDsbo3nM3Tf5J0giA\\n"
    "+2sjZKBsSCkqHbg8+40nSz0/OKx0Ng0ko9pUEDCrOdxDBMXmZs4VN4NcwCRg4YP2\\n"
    "nP07SyZT/6a/W2N0t9y7TQTIipTba94vOxFomR+f+i3ERv/RF2nL6ZfX6+tKXfM/\\n"
    "SfIjFH9f1g==\\n"
    "-----END CERTIFICATE-----\\n";

class IdentitiesTest : public cloud::testing::CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        local = Connection::over(cloud(), home(), "ap-northeast-1");
        options = RunbookOptions{home() + "/new-users"};
    }

    Config config(const std::string& users_yaml) {
        std::string text = std::string("admin_account: \"") + k_admin +
                           "\"\nregion: ap-northeast-1\ntemplates: seed\nprojects:\n  project-a:\n"
                           "    accounts: [\"222222222222\"]\nusers:\n" +
                           users_yaml;
        auto c = parse_config(text, "jumpgate.yaml");
        EXPECT_TRUE(c) << c.error().str();
        return c ? *c : Config{};
    }

    // The admin account's root, to look at what apply did.
    void use_admin_root() {
        auto admin = cloud::find_account(cloud(), k_admin);
        ASSERT_TRUE(admin && *admin);
        root = cloud::Credentials{(*admin)->root_access_key_id, {}};
    }

    std::vector<Change> plan_of(const Config& c) {
        auto p = plan(*local, c, options);
        EXPECT_TRUE(p) << p.error().str();
        return p ? *p : std::vector<Change>{};
    }

    ApplyReport apply_of(const Config& c) {
        std::ostringstream progress;
        auto r = apply(*local, c, options, random, progress);
        EXPECT_TRUE(r) << r.error().str() << "\n" << progress.str();
        last_progress = progress.str();
        return r ? *r : ApplyReport{};
    }

    // First apply: the accounts, the seed's stacks (which create the groups), the identities.
    void first_apply(const Config& c) {
        apply_of(c);
        use_admin_root();
    }

    std::unique_ptr<Connection> local;
    RunbookOptions options;
    cloud::Credentials root;
    std::string last_progress;
};

TEST_F(IdentitiesTest, CreatesUsersWithLoginProfilesAndMembershipsThenNothingChanges) {
    Config c = config("  yamada.taro:\n    groups: [group-admin]\n  tanaka.hanako:\n    groups: [group-operator-project-a]\n");
    first_apply(c);

    Node groups = ok(root, "iam", "ListGroupsForUser", R"({"UserName":"tanaka.hanako"})");
    ASSERT_EQ(groups.find("Groups")->items.size(), 1u);
    EXPECT_EQ(text(groups.find("Groups")->items[0], "GroupName"), "group-operator-project-a");
    Node profile = ok(root, "iam", "GetLoginProfile", R"({"UserName":"yamada.taro"})");
    EXPECT_EQ(profile.find("LoginProfile")->find("PasswordResetRequired")->text, "true");
    Node policy = ok(root, "iam", "GetAccountPasswordPolicy");
    EXPECT_EQ(text(policy, "PasswordPolicy", "MinimumPasswordLength"), "14");

    // The first password is in a 0600 file, never in the progress output.
    std::string path = home() + "/new-users/yamada.taro.csv";
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    std::string csv;
    ASSERT_TRUE(read_file(path, csv));
    std::string password = split(split(csv, '\n')[1], ',')[1];
    EXPECT_EQ(password.size(), 20u);
    EXPECT_EQ(csv, "User name,Password,Console sign-in URL\nyamada.taro," + password +
                       ",https://111111111111.signin.aws.amazon.com/console\n");
    EXPECT_EQ(last_progress.find(password), std::string::npos);

    EXPECT_TRUE(plan_of(c).empty());
    EXPECT_TRUE(apply_of(c).done.empty());
}

TEST_F(IdentitiesTest, MembershipChangesFollowTheFile) {
    first_apply(config("  yamada.taro:\n    groups: [group-admin, group-developer]\n"));
    Config next = config("  yamada.taro:\n    groups: [group-developer, group-operator-project-a]\n");
    auto changes = plan_of(next);
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0].action, ChangeAction::create);
    EXPECT_EQ(changes[0].name, "yamada.taro → group-operator-project-a");
    EXPECT_EQ(changes[1].action, ChangeAction::remove);
    EXPECT_EQ(changes[1].name, "yamada.taro → group-admin");
    apply_of(next);
    Node groups = ok(root, "iam", "ListGroupsForUser", R"({"UserName":"yamada.taro"})");
    ASSERT_EQ(groups.find("Groups")->items.size(), 2u);
    EXPECT_TRUE(plan_of(next).empty());
}

TEST_F(IdentitiesTest, OffboardingLeavesNoTrace) {
    first_apply(config("  yamada.taro:\n    groups: [group-admin]\n  leaver:\n    groups: [group-admin]\n"));
    // Everything a user can own.
    ok(root, "iam", "CreateAccessKey", R"({"UserName":"leaver"})");
    std::string secret;
    std::string serial = enable_mfa(k_admin, "leaver", secret);
    ok(root, "iam", "UploadSSHPublicKey",
       R"({"UserName":"leaver","SSHPublicKeyBody":"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDC66znaBd3Fyh/+dJLXZBJEYAQ4E8Ga3VV+0pgklgCiIeCRat7iVe3abv+Hu5q4Cj5a0uYy4Z3EvD1JDRoIAY+hdBtyMUJzW9+p2O6gcp6eMGwjXlM8DOXRXv7Gkn01s6BHIkZs7L8s/U2Emgz1LucvhqcjTYMavdXVVv7uFQKuxczvDPtYSRk6Y8wGY3PovmN+F8bZlySSriVJoL2oMnD/xsxkIduaavRm2Bd5Wnvy37eOTg5Ja48VATQsOSXxKzomLSJTQ6uarXmdUWELPBHua4h11DyRswpCuEVJDZs3cVMHQCXpqDkFxmxfast1XhOkkHKBYsru2sblEqPZFJz leaver@example"})");
    ok(root, "iam", "UploadSigningCertificate",
       std::string(R"({"UserName":"leaver","CertificateBody":")") + k_certificate + "\"}");
    ok(root, "iam", "PutUserPolicy",
       R"({"UserName":"leaver","PolicyName":"own","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"*\"}]}"})");
    ok(root, "iam", "AttachUserPolicy", R"({"UserName":"leaver","PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})");

    Config next = config("  yamada.taro:\n    groups: [group-admin]\n");
    auto changes = plan_of(next);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].action, ChangeAction::remove);
    EXPECT_EQ(changes[0].kind, "user");
    EXPECT_EQ(changes[0].name, "leaver");
    apply_of(next);

    EXPECT_EQ(error(root, "iam", "GetUser", R"({"UserName":"leaver"})"), "NoSuchEntity");
    Node devices = ok(root, "iam", "ListVirtualMFADevices");
    for (const Node& d : devices.find("VirtualMFADevices")->items) EXPECT_NE(text(d, "SerialNumber"), serial);
    Node group = ok(root, "iam", "GetGroup", R"({"GroupName":"group-admin"})");
    ASSERT_EQ(group.find("Users")->items.size(), 1u);
    EXPECT_EQ(text(group.find("Users")->items[0], "UserName"), "yamada.taro");
    Node attached = ok(root, "iam", "ListEntitiesForPolicy", R"({"PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})");
    EXPECT_TRUE(attached.find("PolicyUsers")->items.empty());
    // A user of the same name later starts clean.
    ok(root, "iam", "CreateUser", R"({"UserName":"leaver"})");
    EXPECT_TRUE(ok(root, "iam", "ListAccessKeys", R"({"UserName":"leaver"})").find("AccessKeyMetadata")->items.empty());
    EXPECT_TRUE(ok(root, "iam", "ListSSHPublicKeys", R"({"UserName":"leaver"})").find("SSHPublicKeys")->items.empty());
    EXPECT_TRUE(ok(root, "iam", "ListSigningCertificates", R"({"UserName":"leaver"})").find("Certificates")->items.empty());
    EXPECT_NE(last_progress.find("deleted SSH public key"), std::string::npos);
    EXPECT_NE(last_progress.find("deleted signing certificate"), std::string::npos);
}

TEST_F(IdentitiesTest, UsersTheFileNeverNamedAreLeftAloneAndDeclaredOnesAreAdopted) {
    Config c = config("  yamada.taro:\n    groups: [group-admin]\n");
    std::ostringstream progress;
    auto missing = local->missing_accounts(c.accounts());
    ASSERT_TRUE(missing);
    ASSERT_TRUE(local->create_accounts(*missing, progress));
    use_admin_root();
    ok(root, "iam", "CreateUser", R"({"UserName":"break-glass"})");
    ok(root, "iam", "CreateUser", R"({"UserName":"yamada.taro"})");

    auto changes = plan_of(c);
    auto user = std::find_if(changes.begin(), changes.end(), [](const Change& x) { return x.kind == "user"; });
    ASSERT_NE(user, changes.end());
    EXPECT_EQ(user->name, "yamada.taro");
    EXPECT_EQ(user->action, ChangeAction::update);  // adopted: tagged ManagedBy=jumpgate
    EXPECT_TRUE(user->adoption);  // listed apart from drift: nothing is created or removed
    EXPECT_EQ(std::count_if(changes.begin(), changes.end(), [](const Change& x) { return x.kind == "user"; }), 1);
    apply_of(c);
    EXPECT_TRUE(plan_of(c).empty());
    // Removing yamada.taro from the file offboards it; break-glass stays.
    apply_of(config("  {}\n"));
    EXPECT_EQ(error(root, "iam", "GetUser", R"({"UserName":"yamada.taro"})"), "NoSuchEntity");
    ok(root, "iam", "GetUser", R"({"UserName":"break-glass"})");
}

TEST_F(IdentitiesTest, ManyUsersAreOnboardedTogetherEachCompletely) {
    std::string users;
    for (int i = 0; i < 40; ++i)
        users += "  user" + std::to_string(i) + ":\n    groups: [" +
                 (i % 2 ? "group-admin, group-operator-project-a" : "group-developer-project-a") + "]\n";
    Config c = config(users);
    first_apply(c);
    for (int i = 0; i < 40; ++i) {
        const std::string name = "user" + std::to_string(i);
        ok(root, "iam", "GetLoginProfile", R"({"UserName":")" + name + "\"}");
        Node groups = ok(root, "iam", "ListGroupsForUser", R"({"UserName":")" + name + "\"}");
        EXPECT_EQ(groups.find("Groups")->items.size(), i % 2 ? 2u : 1u) << name;
        EXPECT_TRUE(std::filesystem::exists(home() + "/new-users/" + name + ".csv")) << name;
    }
    // Each change's progress stays on its own lines.
    EXPECT_NE(last_progress.find("first password of user39 written to"), std::string::npos);
    EXPECT_TRUE(plan_of(c).empty());
}

TEST_F(IdentitiesTest, AGroupDeletedBehindTheStacksBackStopsApplyWithAClearError) {
    Config c = config("  yamada.taro:\n    groups: [group-admin]\n");
    first_apply(c);
    // Someone removes the group outside CloudFormation (the stack has drifted).
    ok(root, "iam", "RemoveUserFromGroup", R"({"UserName":"yamada.taro","GroupName":"group-admin"})");
    Node policies = ok(root, "iam", "ListAttachedGroupPolicies", R"({"GroupName":"group-admin"})");
    for (const Node& p : policies.find("AttachedPolicies")->items)
        ok(root, "iam", "DetachGroupPolicy",
           R"({"GroupName":"group-admin","PolicyArn":")" + p.find("PolicyArn")->text + "\"}");
    Node inline_policies = ok(root, "iam", "ListGroupPolicies", R"({"GroupName":"group-admin"})");
    for (const Node& p : inline_policies.find("PolicyNames")->items)
        ok(root, "iam", "DeleteGroupPolicy", R"({"GroupName":"group-admin","PolicyName":")" + p.text + "\"}");
    ok(root, "iam", "DeleteGroup", R"({"GroupName":"group-admin"})");
    std::ostringstream progress;
    auto r = apply(*local, c, options, random, progress);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("group-admin"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("NoSuchEntity"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace jg::jump
