// The user's commands end to end on a local-cloud home, through the command line as the
// binary runs it (cli::run, real clock): the operator creates the user's key, the user
// enrolls (QR decoded by zbarimg, codes from oathtool), assumes roles in two accounts with
// one MFA code, gets credential_process JSON and ~/.aws/config profiles.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "cli/cli.hpp"
#include "cloud/accounts.hpp"
#include "core/clock.hpp"
#include "core/credentials_file.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "jump/api/local_api.hpp"

namespace jg::cli {
namespace {

struct Outcome {
    int code;
    std::string out, err;
};

Outcome jumpgate(std::vector<std::string> args) {
    std::ostringstream out, err;
    int code = run(args, out, err);
    return {code, out.str(), err.str()};
}

std::string shell(const std::string& command) {
    std::string out;
    FILE* p = ::popen(command.c_str(), "r");
    if (!p) return out;
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    ::pclose(p);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

std::string quoted(std::string_view text) { return to_json(Node::make_string(std::string(text))); }

constexpr std::string_view k_enforce_mfa = R"({"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Action":["iam:ListVirtualMFADevices"],"Resource":"*"},
 {"Effect":"Allow","Action":["iam:CreateVirtualMFADevice"],"Resource":"arn:aws:iam::111111111111:mfa/${aws:username}"},
 {"Effect":"Allow","Action":["iam:EnableMFADevice","iam:ListMFADevices","iam:GetUser"],
   "Resource":"arn:aws:iam::111111111111:user/${aws:username}"},
 {"Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices",
   "iam:ListVirtualMFADevices","sts:GetSessionToken"],"Resource":"*",
   "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}},
 {"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/role-admin",
   "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}}]})";
constexpr std::string_view k_trust = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole",
 "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]})";

class UserCommands : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "jg_user_cli_XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        root = pattern;
        home = root + "/home";
        for (const char* id : {"111111111111", "222222222222", "333333333333"}) {
            Outcome r = jumpgate({"cloud", "account", "add", id, "--home", home});
            ASSERT_EQ(r.code, 0) << r.err;
        }
        // The operator's side, as `jumpgate apply` leaves it: a group with the MFA and
        // assume-role policies, a user in it, role-admin in the member accounts.
        auto store = store::Store::open(home);
        ASSERT_TRUE(store) << store.error().str();
        auto cloud = cloud::Cloud::open(**store, clock, random);
        ASSERT_TRUE(cloud) << cloud.error().str();
        jump::LocalApi api(**cloud);
        auto call = [&](const std::string& account, std::string_view action, const std::string& json) {
            auto profile = read_credentials_profile(home + "/credentials", "root-" + account);
            ASSERT_TRUE(profile && *profile);
            jump::AwsCredentials creds{(*profile)->access_key_id, (*profile)->secret_access_key, {}};
            auto r = api.call(creds, "iam", action, *parse_json(json), "us-east-1");
            ASSERT_TRUE(r) << action << ": " << r.error().str();
        };
        call("111111111111", "CreateGroup", R"({"GroupName":"group-admin"})");
        call("111111111111", "PutGroupPolicy",
             R"({"GroupName":"group-admin","PolicyName":"p","PolicyDocument":)" + quoted(k_enforce_mfa) + "}");
        for (const char* user : {"alice", "bob"}) {
            call("111111111111", "CreateUser", std::string(R"({"UserName":")") + user + "\"}");
            call("111111111111", "AddUserToGroup", std::string(R"({"GroupName":"group-admin","UserName":")") + user + "\"}");
        }
        for (const char* id : {"222222222222", "333333333333"})
            call(id, "CreateRole", R"({"RoleName":"role-admin","AssumeRolePolicyDocument":)" + quoted(k_trust) + "}");
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(root, ec);
    }

    // The authenticator's code at `offset` steps from now.
    static std::string oath(const std::string& secret, int offset_steps = 0) {
        const std::int64_t t = epoch_seconds(SystemClock().now()) + 30 * offset_steps;
        return shell("oathtool --totp -b -N @" + std::to_string(t) + " " + secret);
    }
    static std::string secret_of(const std::string& uri) {
        const auto at = uri.find("secret=");
        return uri.substr(at + 7, uri.find('&', at) - at - 7);
    }

    SystemClock clock;
    SystemRandom random;
    std::string root, home;
};

TEST_F(UserCommands, EnrollAssumeEverywhereWithOneCodeAndWriteTheConfig) {
    // Without a key the user is told how to get one.
    Outcome nokey = jumpgate({"mfa", "enroll", "--user", "alice", "--home", home, "--codes-from-seed"});
    EXPECT_EQ(nokey.code, 1);
    EXPECT_NE(nokey.err.find("--create-key"), std::string::npos) << nokey.err;

    // The operator's key for the user, then the user's enrollment (codes from the seed).
    const std::string qr = root + "/alice.png";
    Outcome enrolled = jumpgate({"mfa", "enroll", "--user", "alice", "--create-key", "--codes-from-seed", "--qr", qr,
                             "--show-secret", "--home", home});
    ASSERT_EQ(enrolled.code, 0) << enrolled.err;
    const std::string uri = enrolled.out.substr(0, enrolled.out.find('\n'));
    EXPECT_EQ(uri.rfind("otpauth://totp/Amazon%20Web%20Services:alice%40111111111111?secret=", 0), 0u) << uri;
    EXPECT_NE(enrolled.out.find("MFA device arn:aws:iam::111111111111:mfa/alice enabled for alice"), std::string::npos);
    EXPECT_EQ(shell("zbarimg --raw -q " + qr + " 2>/dev/null"), uri);
    struct stat st {};
    ASSERT_EQ(::stat(qr.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat((home + "/credentials").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    // The secret never goes to stderr.
    EXPECT_EQ(enrolled.err.find(secret_of(uri)), std::string::npos);

    // One code (the authenticator's current one) for the first account...
    Outcome first = jumpgate({"assume", "role-admin", "--account", "222222222222", "--user", "alice", "--mfa-code",
                          oath(secret_of(uri)), "--format", "json", "--home", home});
    ASSERT_EQ(first.code, 0) << first.err;
    auto json = parse_json(first.out);
    ASSERT_TRUE(json) << first.out;
    EXPECT_EQ(json->find("AssumedRoleUser")->find("Arn")->text, "arn:aws:sts::222222222222:assumed-role/role-admin/alice");
    // ...and none for the second: the cached MFA session serves.
    Outcome second = jumpgate({"assume", "role-admin", "--account", "333333333333", "--user", "alice", "--format",
                           "credential-process", "--home", home});
    ASSERT_EQ(second.code, 0) << second.err;
    auto process = parse_json(second.out);
    ASSERT_TRUE(process) << second.out;
    EXPECT_EQ(process->find("Version")->text, "1");
    for (const char* k : {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"})
        EXPECT_FALSE(process->find(k)->text.empty()) << k;
    EXPECT_TRUE(parse_iso8601(process->find("Expiration")->text));
    EXPECT_EQ(second.out.find('\n'), second.out.size() - 1);  // one JSON line and nothing else
    Outcome env = jumpgate({"assume", "role-admin", "--account", "333333333333", "--user", "alice", "--home", home});
    ASSERT_EQ(env.code, 0) << env.err;
    EXPECT_EQ(env.out.rfind("export AWS_ACCESS_KEY_ID='ASIA", 0), 0u) << env.out;

    // The config: one profile per reachable role, from the live IAM state.
    Outcome config = jumpgate({"aws-config", "--user", "alice", "--home", home, "--region", "ap-northeast-1"});
    ASSERT_EQ(config.code, 0) << config.err;
    EXPECT_NE(config.out.find("[profile 222222222222-role-admin]\nrole_arn = arn:aws:iam::222222222222:role/role-admin\n"
                              "source_profile = alice\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n"),
              std::string::npos)
        << config.out;
    EXPECT_NE(config.out.find("[profile 333333333333-role-admin]"), std::string::npos);
    EXPECT_EQ(config.out.find("[profile 111111111111-role-admin]"), std::string::npos);  // no role there
    Outcome processes = jumpgate({"aws-config", "--user", "alice", "--home", home, "--credential-process"});
    ASSERT_EQ(processes.code, 0) << processes.err;
    EXPECT_NE(processes.out.find("credential_process = jumpgate assume role-admin --account 222222222222 --user alice "
                                 "--home " + home + " --format credential-process\n"),
              std::string::npos)
        << processes.out;
}

TEST_F(UserCommands, TwoStepEnrollmentWithTheAuthenticatorsCodes) {
    const std::string qr = root + "/bob.png";
    // No terminal to ask on: the device is created and the user told how to finish.
    Outcome created = jumpgate({"mfa", "enroll", "--user", "bob", "--create-key", "--qr", qr, "--no-prompt", "--home", home});
    ASSERT_EQ(created.code, 0) << created.err;
    EXPECT_NE(created.out.find("created, not yet enabled"), std::string::npos) << created.out;
    EXPECT_EQ(created.out.find("otpauth://"), std::string::npos);  // stdout is no terminal: no secret there
    const std::string secret = secret_of(shell("zbarimg --raw -q " + qr + " 2>/dev/null"));
    ASSERT_EQ(secret.size(), 64u);

    // Wrong codes are refused in AWS's words; the device stays pending.
    Outcome wrong = jumpgate({"mfa", "enroll", "--user", "bob", "--code1", "000000", "--code2", "000000", "--home", home});
    EXPECT_EQ(wrong.code, 1);
    EXPECT_NE(wrong.err.find("InvalidAuthenticationCode"), std::string::npos) << wrong.err;
    // Two consecutive codes as the authenticator shows them (oathtool's window from the
    // previous step: both from one instant, so a step boundary cannot split them).
    const std::int64_t t = epoch_seconds(SystemClock().now());
    const std::string pair = shell("oathtool --totp -b -w 1 -N @" + std::to_string(t - 30) + " " + secret);
    ASSERT_EQ(pair.size(), 13u) << pair;
    Outcome enabled = jumpgate({"mfa", "enroll", "--user", "bob", "--code1", pair.substr(0, 6), "--code2",
                                pair.substr(7, 6), "--home", home});
    ASSERT_EQ(enabled.code, 0) << enabled.err;
    EXPECT_NE(enabled.out.find("enabled for bob"), std::string::npos);
    Outcome again = jumpgate({"mfa", "enroll", "--user", "bob", "--no-prompt", "--qr", qr, "--home", home});
    EXPECT_EQ(again.code, 1);
    EXPECT_NE(again.err.find("already has MFA device arn:aws:iam::111111111111:mfa/bob"), std::string::npos);

    // The next code opens the session (the enable codes are spent).
    Outcome assumed = jumpgate({"assume", "role-admin", "--account", "222222222222", "--user", "bob", "--mfa-code",
                            oath(secret, 1), "--format", "json", "--home", home});
    ASSERT_EQ(assumed.code, 0) << assumed.err;
    // Without a code, a terminal or a cached session: a clear error, not a hang. (Only
    // checkable where the test has no terminal, as under CI; with one, it would ask.)
    std::filesystem::remove_all(home + "/sessions");
    const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY);
    if (tty >= 0) ::close(tty);
    if (tty < 0) {
        Outcome nocode = jumpgate({"assume", "role-admin", "--account", "222222222222", "--user", "bob", "--home", home});
        EXPECT_EQ(nocode.code, 1);
        EXPECT_NE(nocode.err.find("give --mfa-code"), std::string::npos) << nocode.err;
    }
}

}  // namespace
}  // namespace jg::cli
