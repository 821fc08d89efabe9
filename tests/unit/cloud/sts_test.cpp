// STS: GetSessionToken durations and restrictions, the request context per credential
// type (reference sheet §3), ExternalId, SourceIdentity, session policies.
#include "cloud/request_context.hpp"
#include "fixture.hpp"

namespace jg::cloud::testing {
namespace {

const std::string k_role_arn = "arn:aws:iam::111111111111:role/r";

class StsTest : public CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        root = account("111111111111");
        ok(root, "iam", "CreateUser", R"({"UserName":"u"})");
        ok(root, "iam", "PutUserPolicy",
           R"({"UserName":"u","PolicyName":"all","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"})");
        user = user_key("111111111111", "u");
    }
    void role(const std::string& trust_condition) {
        ok(root, "iam", "CreateRole",
           R"({"RoleName":"r","MaxSessionDuration":43200,"AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:user/u\"},\"Action\":\"sts:AssumeRole\")" +
               trust_condition + R"(}]}"})");
        ok(root, "iam", "AttachRolePolicy", R"({"RoleName":"r","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"})");
    }
    std::string expiration(const Node& out) { return text(*out.find("Credentials"), "Expiration"); }
    Credentials root, user;
};

TEST_F(StsTest, GetSessionTokenDurations) {
    EXPECT_EQ(expiration(ok(user, "sts", "GetSessionToken")), format_iso8601(clock.now() + std::chrono::hours(12)));
    EXPECT_EQ(expiration(ok(user, "sts", "GetSessionToken", R"({"DurationSeconds":129600})")),
              format_iso8601(clock.now() + std::chrono::hours(36)));
    EXPECT_EQ(error(user, "sts", "GetSessionToken", R"({"DurationSeconds":899})"), "ValidationError");
    EXPECT_EQ(error(user, "sts", "GetSessionToken", R"({"DurationSeconds":129601})"), "ValidationError");
    // Root: one hour at most.
    EXPECT_EQ(expiration(ok(root, "sts", "GetSessionToken", R"({"DurationSeconds":7200})")),
              format_iso8601(clock.now() + std::chrono::hours(1)));
    Node out = ok(user, "sts", "GetSessionToken");
    EXPECT_EQ(text(*out.find("Credentials"), "AccessKeyId").substr(0, 4), "ASIA");
    EXPECT_EQ(text(*out.find("Credentials"), "SecretAccessKey").size(), 40u);
    // The session is still the user.
    EXPECT_EQ(text(ok(session_of(out), "sts", "GetCallerIdentity"), "Arn"), "arn:aws:iam::111111111111:user/u");
}

TEST_F(StsTest, ContextKeysPerCredentialType) {
    Caller c;
    c.kind = CredentialKind::user;
    c.account = "111111111111";
    c.arn = "arn:aws:iam::111111111111:user/u";
    c.user_id = "AIDAEXAMPLE";
    c.user_name = "u";
    RequestInfo info;
    auto keys = [&](const Caller& who) {
        auto r = build_request_context(who, info, clock.now(), "iam:GetUser", "*", "");
        EXPECT_TRUE(r);
        return *r;
    };
    auto long_term = keys(c);
    EXPECT_EQ(long_term.find("aws:MultiFactorAuthPresent"), nullptr);  // absent for long-term keys
    EXPECT_EQ(long_term.find("aws:username")->at(0), "u");
    EXPECT_EQ(long_term.find("aws:userid")->at(0), "AIDAEXAMPLE");
    EXPECT_EQ(long_term.find("aws:PrincipalType")->at(0), "User");
    EXPECT_EQ(long_term.find("aws:SourceIp")->at(0), "127.0.0.1");
    EXPECT_EQ(long_term.find("aws:EpochTime")->at(0), std::to_string(epoch_seconds(clock.now())));

    Caller no_mfa = c;
    no_mfa.kind = CredentialKind::session_token;
    no_mfa.mfa_present = false;
    auto s = keys(no_mfa);
    EXPECT_EQ(s.find("aws:MultiFactorAuthPresent")->at(0), "false");
    EXPECT_EQ(s.find("aws:MultiFactorAuthAge"), nullptr);

    Caller mfa = no_mfa;
    mfa.mfa_present = true;
    mfa.mfa_auth_time = clock.now() - std::chrono::seconds(90);
    auto m = keys(mfa);
    EXPECT_EQ(m.find("aws:MultiFactorAuthPresent")->at(0), "true");
    EXPECT_EQ(m.find("aws:MultiFactorAuthAge")->at(0), "90");

    Caller role;
    role.kind = CredentialKind::role_session;
    role.account = "111111111111";
    role.arn = "arn:aws:sts::111111111111:assumed-role/r/s";
    role.role_arn = "arn:aws:iam::111111111111:role/team/r";
    role.user_id = "AROAEXAMPLE:s";
    role.session_name = "s";
    role.mfa_present = false;
    role.source_identity = "alice";
    auto r = keys(role);
    EXPECT_EQ(r.find("aws:PrincipalArn")->at(0), "arn:aws:iam::111111111111:role/team/r");  // with its path
    EXPECT_EQ(r.find("aws:username"), nullptr);
    EXPECT_EQ(r.find("sts:RoleSessionName")->at(0), "s");
    EXPECT_EQ(r.find("aws:SourceIdentity")->at(0), "alice");
    EXPECT_EQ(r.find("aws:userid")->at(0), "AROAEXAMPLE:s");
}

TEST_F(StsTest, ExternalIdIsCheckedByTheTrustPolicy) {
    role(R"(,\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"secret-42\"}})");
    std::string base = R"({"RoleArn":")" + k_role_arn + R"(","RoleSessionName":"ss")";
    EXPECT_EQ(error(user, "sts", "AssumeRole", base + "}"), "AccessDenied");
    EXPECT_EQ(error(user, "sts", "AssumeRole", base + R"(,"ExternalId":"wrong-1"})"), "AccessDenied");
    ok(user, "sts", "AssumeRole", base + R"(,"ExternalId":"secret-42"})");
    EXPECT_EQ(error(user, "sts", "AssumeRole", base + R"(,"ExternalId":"x"})"), "ValidationError");  // 2..1224
}

TEST_F(StsTest, SourceIdentityIsCarriedAndCannotChange) {
    role("");
    ok(root, "iam", "UpdateAssumeRolePolicy",
       R"({"RoleName":"r","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"sts:AssumeRole\"}]}"})");
    Node out = ok(user, "sts", "AssumeRole", R"({"RoleArn":")" + k_role_arn + R"(","RoleSessionName":"ss","SourceIdentity":"alice"})");
    EXPECT_EQ(text(out, "SourceIdentity"), "alice");
    Credentials session = session_of(out);
    // Chained (the role's AdministratorAccess allows sts:AssumeRole; the trust names the account).
    Node chained = ok(session, "sts", "AssumeRole", R"({"RoleArn":")" + k_role_arn + R"(","RoleSessionName":"tt"})");
    EXPECT_EQ(text(chained, "SourceIdentity"), "alice");
    EXPECT_EQ(error(session, "sts", "AssumeRole", R"({"RoleArn":")" + k_role_arn + R"(","RoleSessionName":"tt","SourceIdentity":"bob"})"),
              "AccessDenied");
    EXPECT_EQ(error(user, "sts", "AssumeRole", R"({"RoleArn":")" + k_role_arn + R"(","RoleSessionName":"ss","SourceIdentity":"aws:x"})"),
              "ValidationError");
}

TEST_F(StsTest, SessionPolicyLimitsTheRoleSession) {
    role("");
    Node out = ok(user, "sts", "AssumeRole",
                  R"({"RoleArn":")" + k_role_arn +
                      R"(","RoleSessionName":"ss","Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:Get*\",\"Resource\":\"*\"}]}"})");
    Credentials limited = session_of(out);
    ok(limited, "iam", "GetRole", R"({"RoleName":"r"})");
    Error e = error_of(limited, "iam", "CreateUser", R"({"UserName":"x"})");
    EXPECT_EQ(e.message,
              "User: arn:aws:sts::111111111111:assumed-role/r/ss is not authorized to perform: iam:CreateUser on "
              "resource: arn:aws:iam::111111111111:user/x because no session policy allows the iam:CreateUser action");
    EXPECT_EQ(error(user, "sts", "AssumeRole",
                    R"({"RoleArn":")" + k_role_arn + R"(","RoleSessionName":"ss","Policy":"{\"Statement\":5}"})"),
              "MalformedPolicyDocument");
}

TEST_F(StsTest, TrustNamesAUserByItsUniqueId) {
    // Naming a user that does not exist is refused; naming u works until u is re-created.
    EXPECT_EQ(error_of(root, "iam", "CreateRole",
                       R"({"RoleName":"r","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:user/ghost\"},\"Action\":\"sts:AssumeRole\"}]}"})")
                  .message,
              "Invalid principal in policy: \"AWS\":\"arn:aws:iam::111111111111:user/ghost\"");
    role("");
    std::string assume = R"({"RoleArn":")" + k_role_arn + R"(","RoleSessionName":"ss"})";
    ok(user, "sts", "AssumeRole", assume);
    ok(root, "iam", "DeleteUserPolicy", R"({"UserName":"u","PolicyName":"all"})");
    ok(user, "sts", "AssumeRole", assume);  // the trust names u directly: no identity policy needed
    // Delete and re-create u: same ARN, new unique id, and the trust no longer matches.
    auto erased = cloud().store().write([&](store::Tx& tx) -> Result<bool> {
        // What DeleteAccessKey does (another helper's operation): both key documents go.
        auto keys = tx.erase_prefix("111111111111", iam::k_user_access_key, "u/");
        if (!keys) return Unexpected(keys.error());
        auto index = tx.erase("", iam::k_access_key, user.access_key_id);
        if (!index) return Unexpected(index.error());
        return true;
    });
    ASSERT_TRUE(erased);
    ok(root, "iam", "DeleteUser", R"({"UserName":"u"})");
    ok(root, "iam", "CreateUser", R"({"UserName":"u"})");
    Credentials again = user_key("111111111111", "u");
    EXPECT_EQ(error(again, "sts", "AssumeRole", assume), "AccessDenied");
    EXPECT_EQ(ok(root, "iam", "GetRole", R"({"RoleName":"r"})").find("Role")->find("TrustPrincipalIds"), nullptr);
}

TEST_F(StsTest, DeletedRoleSessionLosesItsPermissions) {
    role("");
    Credentials session = session_of(ok(user, "sts", "AssumeRole", R"({"RoleArn":")" + k_role_arn + R"(","RoleSessionName":"ss"})"));
    ok(session, "iam", "ListRoles");
    ok(root, "iam", "DetachRolePolicy", R"({"RoleName":"r","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"})");
    EXPECT_EQ(error(session, "iam", "ListRoles"), "AccessDenied");
    ok(session, "sts", "GetCallerIdentity");  // always allowed
}

}  // namespace
}  // namespace jg::cloud::testing
