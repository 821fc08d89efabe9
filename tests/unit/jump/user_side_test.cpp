// The user's side of the Jump account on the local cloud, through LocalApi: enrolling a
// virtual MFA device with the user's own key (QR checked with zbarimg, codes with
// oathtool), one MFA session serving AssumeRole into every account, its expiry, the
// credential_process output, and the roles the user can reach.
#include <sys/stat.h>

#include <cstdio>
#include <fstream>

#include "../cloud/fixture.hpp"
#include "jump/api/local_api.hpp"
#include "jump/user/assume.hpp"
#include "jump/user/aws_config.hpp"
#include "jump/user/console_url.hpp"
#include "jump/user/mfa_device.hpp"
#include "jump/user/reachable_roles.hpp"

namespace jg::jump::user {
namespace {

// The seed's policy-enforce-mfa for account 111111111111 (as CloudFormation creates it)
// and its policy-assume-role-admin.
constexpr std::string_view k_enforce_mfa = R"({"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Action":["iam:ListVirtualMFADevices","iam:ListUsers"],"Resource":"*"},
 {"Effect":"Allow","Action":["iam:CreateVirtualMFADevice","iam:DeleteVirtualMFADevice"],
   "Resource":"arn:aws:iam::111111111111:mfa/${aws:username}"},
 {"Effect":"Allow","Action":["iam:DeactivateMFADevice","iam:EnableMFADevice","iam:ListMFADevices",
   "iam:ResyncMFADevice","iam:GetUser"],"Resource":"arn:aws:iam::111111111111:user/${aws:username}"},
 {"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice",
   "iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ListUsers",
   "iam:ResyncMFADevice","iam:ChangePassword","sts:GetSessionToken"],"Resource":"*",
   "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]})";
constexpr std::string_view k_assume_admin = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
 "Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/role-admin",
 "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}}]})";
constexpr std::string_view k_assume_operator_a = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
 "Action":"sts:AssumeRole","Resource":["arn:aws:iam::222222222222:role/role-operator"]}]})";
constexpr std::string_view k_trust_admin_account = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole",
 "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]})";
// jumpgate's hardened trust (templates/hardened/iam-roles.yaml) with a 10-minute MFA age.
constexpr std::string_view k_trust_hardened = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole",
 "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"NumericLessThan":{"aws:MultiFactorAuthAge":"600"},
   "ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111111111111:user/*"},
   "StringEquals":{"sts:RoleSessionName":"${aws:username}"}}}]})";

std::string quoted(std::string_view text) { return to_json(Node::make_string(std::string(text))); }

// Runs a shell command, returns its stdout (trailing newline removed).
std::string run(const std::string& command) {
    std::string out;
    FILE* p = ::popen(command.c_str(), "r");
    if (!p) return out;
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    ::pclose(p);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

class UserSide : public cloud::testing::CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        m_api = std::make_unique<LocalApi>(cloud());
        for (const char* id : {"111111111111", "222222222222", "333333333333"}) {
            auto a = cloud::add_account(cloud(), id);
            ASSERT_TRUE(a) << a.error().str();
            roots[id] = {a->root_access_key_id, a->root_secret_access_key, {}};
        }
        admin("iam", "CreatePolicy", R"({"PolicyName":"policy-enforce-mfa","PolicyDocument":)" + quoted(k_enforce_mfa) + "}");
        admin("iam", "CreatePolicy",
              R"({"PolicyName":"policy-assume-role-admin","PolicyDocument":)" + quoted(k_assume_admin) + "}");
        admin("iam", "CreateGroup", R"({"GroupName":"group-admin"})");
        for (const char* p : {"policy-enforce-mfa", "policy-assume-role-admin"})
            admin("iam", "AttachGroupPolicy",
                  std::string(R"({"GroupName":"group-admin","PolicyArn":"arn:aws:iam::111111111111:policy/)") + p + "\"}");
        admin("iam", "CreateGroup", R"({"GroupName":"group-operator-project-a"})");
        admin("iam", "PutGroupPolicy", R"({"GroupName":"group-operator-project-a","PolicyName":"assume",)"
                                       R"("PolicyDocument":)" + quoted(k_assume_operator_a) + "}");
        alice = new_user("alice", "group-admin");
        bob = new_user("bob", "group-operator-project-a");
        for (const char* id : {"222222222222", "333333333333"})
            for (const char* role : {"role-admin", "role-operator"})
                ok_as(roots[id], "iam", "CreateRole",
                      std::string(R"({"RoleName":")") + role + R"(","AssumeRolePolicyDocument":)" +
                          quoted(id == std::string("333333333333") ? k_trust_hardened : k_trust_admin_account) + "}");
    }

    Node ok_as(const AwsCredentials& who, std::string_view service, std::string_view action, const std::string& json) {
        auto r = api().call(who, service, action, in(json), "us-east-1");
        EXPECT_TRUE(r) << action << " " << json << ": " << r.error().str();
        return r ? *r : Node::make_object();
    }
    Node admin(std::string_view service, std::string_view action, const std::string& json) {
        return ok_as(roots["111111111111"], service, action, json);
    }
    AwsCredentials new_user(const std::string& name, const std::string& group) {
        admin("iam", "CreateUser", R"({"UserName":")" + name + "\"}");
        admin("iam", "AddUserToGroup", R"({"GroupName":")" + group + R"(","UserName":")" + name + "\"}");
        Node key = admin("iam", "CreateAccessKey", R"({"UserName":")" + name + "\"}");
        return {text(key, "AccessKey", "AccessKeyId"), key.find("AccessKey")->find("SecretAccessKey")->text, {}};
    }
    UserCall as(const AwsCredentials& who) { return UserCall{api(), who, "us-east-1"}; }

    // Enrolls alice's device with codes computed from the seed; returns the device.
    NewDevice enroll_alice() {
        auto who = whoami(as(alice), "alice");
        EXPECT_TRUE(who) << who.error().str();
        auto device = create_device(as(alice), *who, "alice");
        EXPECT_TRUE(device) << device.error().str();
        auto codes = codes_from_seed(device->base32_seed, clock.now());
        EXPECT_TRUE(codes);
        auto enabled = enable_device(as(alice), "alice", device->serial_number, codes->first, codes->second);
        EXPECT_TRUE(enabled) << enabled.error().str();
        return *device;
    }
    // An authenticator: the current code of the seed, counting how often it was asked.
    CodeSource authenticator(const std::string& seed, int& asked) {
        return [this, seed, &asked](const std::string&) -> Result<std::string> {
            ++asked;
            return totp_code(*base32_decode(seed), clock.now());
        };
    }
    std::string cache_dir() const { return home() + "/sessions"; }

    std::map<std::string, AwsCredentials> roots;
    std::unique_ptr<LocalApi> m_api;
    LocalApi& api() { return *m_api; }
    AwsCredentials alice, bob;
};

TEST_F(UserSide, EnrollsWithItsOwnKeyAndTheQrCodeHoldsTheOtpauthUri) {
    NewDevice device = enroll_alice();
    EXPECT_EQ(device.serial_number, "arn:aws:iam::111111111111:mfa/alice");
    // Google Authenticator's Key Uri Format, with AWS's issuer and label.
    EXPECT_EQ(device.otpauth_uri, "otpauth://totp/Amazon%20Web%20Services:alice%40111111111111?secret=" +
                                      device.base32_seed.substr(0, device.base32_seed.find('=')) +
                                      "&issuer=Amazon%20Web%20Services");
    // The PNG decodes (zbarimg) to exactly that URI.
    const std::string png = home() + "/qr.png";
    std::ofstream(png, std::ios::binary) << device.qr_png;
    EXPECT_EQ(run("zbarimg --raw -q " + png + " 2>/dev/null"), device.otpauth_uri);
    auto listed = enabled_device(as(alice), "alice");
    ASSERT_TRUE(listed) << listed.error().str();
    EXPECT_EQ(listed->value_or(""), device.serial_number);
    // Another name than the user's is refused by the seed's policy.
    auto who = whoami(as(alice), "alice");
    auto other = create_device(as(alice), *who, "phone");
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, "AccessDenied");
}

TEST_F(UserSide, CodesAgreeWithOathtool) {
    NewDevice device = enroll_alice();
    const std::int64_t t = epoch_seconds(clock.now());
    const std::string oath = run("oathtool --totp -b -N @" + std::to_string(t - 60) + " -w 1 " + device.base32_seed);
    auto codes = codes_from_seed(device.base32_seed, clock.now());
    ASSERT_TRUE(codes);
    // oathtool's window starts at the given time: the codes of steps s-2 and s-1.
    EXPECT_EQ(oath, codes->first + "\n" + codes->second);
    EXPECT_EQ(run("oathtool --totp -b -N @" + std::to_string(t) + " " + device.base32_seed),
              totp_code(*base32_decode(device.base32_seed), clock.now()));
}

TEST_F(UserSide, WhoamiRefusesAnotherUsersKey) {
    auto who = whoami(as(bob), "alice");
    ASSERT_FALSE(who);
    EXPECT_NE(who.error().message.find("user/bob"), std::string::npos) << who.error().message;
}

TEST_F(UserSide, OneMfaCodeServesEveryAccountUntilTheSessionExpires) {
    NewDevice device = enroll_alice();
    SessionCache cache(cache_dir());
    int asked = 0;
    auto code = authenticator(device.base32_seed, asked);
    AssumeRequest req{"alice", "222222222222", "role-admin", std::nullopt, 900, std::nullopt};
    auto first = assume_with_mfa(as(alice), req, cache, clock, code);
    ASSERT_TRUE(first) << first.error().str();
    EXPECT_EQ(asked, 1);
    EXPECT_FALSE(first->mfa_session_cached);
    EXPECT_EQ(first->assumed_role_arn, "arn:aws:sts::222222222222:assumed-role/role-admin/alice");
    // The cache file is private.
    struct stat st {};
    ASSERT_EQ(::stat(cache.path_for(alice.access_key_id).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat(cache_dir().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);

    // Another account, five minutes later: no new code.
    clock.advance(std::chrono::minutes(5));
    req.account = "333333333333";
    auto second = assume_with_mfa(as(alice), req, cache, clock, code);
    ASSERT_TRUE(second) << second.error().str();
    EXPECT_EQ(asked, 1);
    EXPECT_TRUE(second->mfa_session_cached);
    EXPECT_EQ(second->assumed_role_arn, "arn:aws:sts::333333333333:assumed-role/role-admin/alice");
    // The role session works in its account.
    auto who = api().call(second->credentials, "sts", "GetCallerIdentity", Node::make_object(), "us-east-1");
    ASSERT_TRUE(who) << who.error().str();
    EXPECT_EQ(text(*who, "Account"), "333333333333");

    // 900 s after the code, less than a minute remains: a new code is asked.
    clock.advance(std::chrono::seconds(570));
    auto third = assume_with_mfa(as(alice), req, cache, clock, code);
    ASSERT_TRUE(third) << third.error().str();
    EXPECT_EQ(asked, 2);
    EXPECT_FALSE(third->mfa_session_cached);
}

TEST_F(UserSide, ACachedSessionTooOldForTheRoleIsRenewedWithOneNewCode) {
    NewDevice device = enroll_alice();
    SessionCache cache(cache_dir());
    int asked = 0;
    auto code = authenticator(device.base32_seed, asked);
    AssumeRequest req{"alice", "222222222222", "role-admin", std::nullopt, std::nullopt, std::nullopt};
    ASSERT_TRUE(assume_with_mfa(as(alice), req, cache, clock, code));
    // 15 minutes later the 12-hour session is still cached, but 333's hardened trust wants
    // an MFA sign-in of less than 10 minutes: one fresh code, and it works.
    clock.advance(std::chrono::minutes(15));
    req.account = "333333333333";
    auto r = assume_with_mfa(as(alice), req, cache, clock, code);
    ASSERT_TRUE(r) << r.error().str();
    EXPECT_EQ(asked, 2);
    EXPECT_FALSE(r->mfa_session_cached);
    // The renewed session is cached and serves 222 again without a code.
    req.account = "222222222222";
    ASSERT_TRUE(assume_with_mfa(as(alice), req, cache, clock, code));
    EXPECT_EQ(asked, 2);
}

TEST_F(UserSide, AWrongCodeCachesNothing) {
    NewDevice device = enroll_alice();
    SessionCache cache(cache_dir());
    AssumeRequest req{"alice", "222222222222", "role-admin", std::nullopt, std::nullopt, std::nullopt};
    auto bad = assume_with_mfa(as(alice), req, cache, clock,
                               [](const std::string&) -> Result<std::string> { return std::string("000000"); });
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, "AccessDenied");
    auto cached = cache.find(alice.access_key_id, clock.now(), std::chrono::seconds(0));
    ASSERT_TRUE(cached);
    EXPECT_FALSE(cached->has_value());
}

TEST_F(UserSide, NoDeviceSaysHowToEnroll) {
    SessionCache cache(cache_dir());
    AssumeRequest req{"alice", "222222222222", "role-admin", std::nullopt, std::nullopt, std::nullopt};
    auto r = assume_with_mfa(as(alice), req, cache, clock, [](const std::string&) -> Result<std::string> {
        return fail("Unexpected", "no code should be asked");
    });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "NoMfaDevice");
    EXPECT_NE(r.error().message.find("jumpgate mfa enroll --user alice"), std::string::npos);
}

TEST_F(UserSide, DeniedRoleIsReportedInAwsWords) {
    NewDevice device = enroll_alice();
    SessionCache cache(cache_dir());
    int asked = 0;
    AssumeRequest req{"alice", "222222222222", "role-operator", std::nullopt, std::nullopt, std::nullopt};
    auto r = assume_with_mfa(as(alice), req, cache, clock, authenticator(device.base32_seed, asked));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "AccessDenied");
    EXPECT_NE(r.error().message.find("is not authorized to perform: sts:AssumeRole"), std::string::npos);
}

TEST_F(UserSide, ADeniedRoleKeepsTheCachedSessionForTheOthers) {
    NewDevice device = enroll_alice();
    SessionCache cache(cache_dir());
    int asked = 0;
    AssumeRequest req{"alice", "222222222222", "role-admin", std::nullopt, std::nullopt, std::nullopt};
    ASSERT_TRUE(assume_with_mfa(as(alice), req, cache, clock, authenticator(device.base32_seed, asked)));
    // A role alice may not have, with no code at hand (a script, no terminal): AWS's
    // refusal, and the cached session survives it.
    req.role = "role-operator";
    auto no_code = [](const std::string&) -> Result<std::string> { return fail("NoMfaCode", "no terminal"); };
    auto denied = assume_with_mfa(as(alice), req, cache, clock, no_code);
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, "AccessDenied");
    EXPECT_NE(denied.error().message.find("role-operator"), std::string::npos) << denied.error().message;
    req.role = "role-admin";
    req.account = "333333333333";
    auto again = assume_with_mfa(as(alice), req, cache, clock, no_code);
    ASSERT_TRUE(again) << again.error().str();
    EXPECT_TRUE(again->mfa_session_cached);
}

TEST_F(UserSide, CredentialProcessOutputIsAwsShape) {
    RoleSession s{{"ASIAEXAMPLE", "secret", "token"}, from_epoch_seconds(1'795'003'600), "arn", "role", false};
    auto parsed = parse_json(format_credential_process(s));
    ASSERT_TRUE(parsed) << parsed.error().str();
    EXPECT_EQ(parsed->find("Version")->text, "1");
    EXPECT_TRUE(parsed->find("Version")->is_number());
    EXPECT_EQ(text(*parsed, "AccessKeyId"), "ASIAEXAMPLE");
    EXPECT_EQ(text(*parsed, "SecretAccessKey"), "secret");
    EXPECT_EQ(text(*parsed, "SessionToken"), "token");
    EXPECT_EQ(text(*parsed, "Expiration"), format_iso8601(s.expiration));
    EXPECT_EQ(format_env(s).find("export AWS_ACCESS_KEY_ID='ASIAEXAMPLE'\n"), 0u);
}

TEST_F(UserSide, ReachableRolesFromLiveIamAreDecidedByTheEngine) {
    IamSource source{api(), roots["111111111111"], "us-east-1", {"111111111111", "222222222222", "333333333333"}, {}};
    source.role_trust = [this](const std::string& account, const std::string& role) -> Result<std::optional<std::string>> {
        auto r = api().call(roots[account], "iam", "GetRole", in(R"({"RoleName":")" + role + "\"}"), "us-east-1");
        if (!r) return std::optional<std::string>{};
        return std::optional<std::string>{r->find("Role")->find("AssumeRolePolicyDocument")->text};
    };
    auto a = reachable_from_iam(source, "alice");
    ASSERT_TRUE(a) << a.error().str();
    ASSERT_EQ(a->size(), 2u);  // role-admin does not exist in the admin account here
    EXPECT_EQ((*a)[0].account, "222222222222");
    EXPECT_EQ((*a)[1].account, "333333333333");
    EXPECT_EQ((*a)[0].role, "role-admin");
    EXPECT_EQ((*a)[0].via, std::vector<std::string>{"group-admin"});
    auto b = reachable_from_iam(source, "bob");
    ASSERT_TRUE(b) << b.error().str();
    ASSERT_EQ(b->size(), 1u);
    EXPECT_EQ((*b)[0].account, "222222222222");
    EXPECT_EQ((*b)[0].role, "role-operator");
    // A Deny in the group wins over the Allow.
    admin("iam", "PutGroupPolicy", R"({"GroupName":"group-admin","PolicyName":"no-333","PolicyDocument":)" +
                                       quoted(R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny",
                                        "Action":"sts:AssumeRole","Resource":"arn:aws:iam::333333333333:role/*"}]})") +
                                       "}");
    auto denied = reachable_from_iam(source, "alice");
    ASSERT_TRUE(denied) << denied.error().str();
    ASSERT_EQ(denied->size(), 1u);
    EXPECT_EQ((*denied)[0].account, "222222222222");
}

TEST_F(UserSide, ReachableRolesFromTheFileFollowTheArticlesNames) {
    const std::string path = home() + "/jump.yaml";
    const std::string file = "admin_account: \"111111111111\"\nregion: ap-northeast-1\ntemplates: seed\n"
                             "projects:\n  project-a:\n    accounts: [\"222222222222\", \"333333333333\"]\n"
                             "  project-b:\n    accounts: [\"444444444444\"]\n"
                             "users:\n  yamada.taro:\n    groups: [group-admin]\n"
                             "  tanaka.hanako:\n    groups: [group-operator-project-a, group-developer-project-b]\n";
    std::ofstream(path) << file;
    auto admin_roles = reachable_from_file(path, "yamada.taro");
    ASSERT_TRUE(admin_roles) << admin_roles.error().str();
    ASSERT_EQ(admin_roles->size(), 4u);  // seed: the admin account has the roles too
    EXPECT_EQ((*admin_roles)[0].account, "111111111111");
    auto hanako = reachable_from_file(path, "tanaka.hanako");
    ASSERT_TRUE(hanako) << hanako.error().str();
    ASSERT_EQ(hanako->size(), 3u);
    EXPECT_EQ((*hanako)[0].role, "role-operator");
    EXPECT_EQ((*hanako)[2].account, "444444444444");
    EXPECT_EQ((*hanako)[2].role, "role-developer");
    // A file apply would refuse is refused here too, at its line (the one parser).
    const std::string bad_path = home() + "/bad.yaml";
    std::ofstream(bad_path) << file << "  bad.user:\n    groups: [group-nobody]\n";
    auto bad = reachable_from_file(bad_path, "yamada.taro");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().str().find("bad.yaml:15:14: unknown group 'group-nobody'"), std::string::npos)
        << bad.error().str();
    EXPECT_FALSE(reachable_from_file(path, "nobody"));
}

TEST_F(UserSide, AwsConfigProfiles) {
    std::vector<ReachableRole> roles = {{"222222222222", "role-admin", {"group-admin"}}};
    AwsConfigRequest r;
    r.user = "yamada.taro";
    r.source_profile = "yamada.taro";
    r.mfa_serial = "arn:aws:iam::111111111111:mfa/yamada.taro";
    r.region = "ap-northeast-1";
    const std::string config = render_aws_config(r, roles);
    EXPECT_NE(config.find("[profile 222222222222-role-admin]\nrole_arn = arn:aws:iam::222222222222:role/role-admin\n"
                          "source_profile = yamada.taro\nmfa_serial = arn:aws:iam::111111111111:mfa/yamada.taro\n"
                          "role_session_name = yamada.taro\nduration_seconds = 3600\nregion = ap-northeast-1\n"),
              std::string::npos)
        << config;
    r.credential_process_command = "/opt/jump gate/jumpgate";
    r.home = "/home/u/.jumpgate";
    EXPECT_NE(render_aws_config(r, roles).find(
                  "credential_process = '/opt/jump gate/jumpgate' assume role-admin --account 222222222222 --user "
                  "yamada.taro --home /home/u/.jumpgate --format credential-process\n"),
              std::string::npos);
}

TEST(ConsoleUrl, SwitchRoleLinkIsEncodedAsTheConsoleDoes) {
    auto url = switch_role_url("222222222222", "role-admin", "Project A (prod) / admin");
    ASSERT_TRUE(url) << url.error().str();
    EXPECT_EQ(*url, "https://signin.aws.amazon.com/switchrole?account=222222222222&roleName=role-admin"
                    "&displayName=Project%20A%20(prod)%20%2F%20admin");
    EXPECT_EQ(*switch_role_url("my-alias", "role-admin", ""),
              "https://signin.aws.amazon.com/switchrole?account=my-alias&roleName=role-admin");
    EXPECT_EQ(encode_uri_component("本番&x=y"), "%E6%9C%AC%E7%95%AA%26x%3Dy");
    EXPECT_FALSE(switch_role_url("Bad_Alias", "role-admin", ""));
    EXPECT_FALSE(switch_role_url("222222222222", "role admin", ""));
    EXPECT_FALSE(switch_role_url("222222222222", "role-admin", std::string(65, 'x')));
}

TEST(ConsoleUrl, LocalLinkPointsAtTheServersConsole) {
    EXPECT_EQ(*switch_role_url("222222222222", "role-operator", "ops", "http://127.0.0.1:4599/"),
              "http://127.0.0.1:4599/_console/switchrole?account=222222222222&roleName=role-operator&displayName=ops");
    EXPECT_EQ(*switch_role_url("my-alias", "role-admin", "", "https://jg.example:8443"),
              "https://jg.example:8443/_console/switchrole?account=my-alias&roleName=role-admin");
    EXPECT_FALSE(switch_role_url("222222222222", "role-admin", "", "ftp://x"));
}

}  // namespace
}  // namespace jg::jump::user
