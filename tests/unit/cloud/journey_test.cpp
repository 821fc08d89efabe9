// The article's user journey, in-process: an admin account (111111111111) holding the
// users and groups, a member account (222222222222) holding the roles, as the seed
// templates define them (documents written here by hand from iam-global-groups.yaml and
// iam-roles.yaml). A new user whose only policy is the MFA policy can do nothing but
// look after itself until it has an MFA session; then it switches into role-admin of
// the member account, and into nothing its group does not grant.
#include "fixture.hpp"

namespace jg::cloud::testing {
namespace {

constexpr const char* k_admin = "111111111111";
constexpr const char* k_member = "222222222222";

// policy-enforce-mfa, reduced to the statements that matter for IAM and STS here; the
// Deny statement is verbatim.
const char* k_enforce_mfa = R"({"Version":"2012-10-17","Statement":[
 {"Sid":"AllowViewAccountInfo","Effect":"Allow","Action":["iam:GetAccountPasswordPolicy","iam:GetAccountSummary","iam:ListVirtualMFADevices","iam:ListUsers"],"Resource":"*"},
 {"Sid":"AllowManageOwnPasswords","Effect":"Allow","Action":["iam:ChangePassword","iam:GetUser"],"Resource":"arn:aws:iam::111111111111:user/${aws:username}"},
 {"Sid":"AllowManageOwnVirtualMFADevice","Effect":"Allow","Action":["iam:CreateVirtualMFADevice","iam:DeleteVirtualMFADevice"],"Resource":"arn:aws:iam::111111111111:mfa/${aws:username}"},
 {"Sid":"AllowManageOwnUserMFA","Effect":"Allow","Action":["iam:DeactivateMFADevice","iam:EnableMFADevice","iam:ListMFADevices","iam:ResyncMFADevice"],"Resource":"arn:aws:iam::111111111111:user/${aws:username}"},
 {"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ListUsers","iam:ResyncMFADevice","iam:ChangePassword","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]})";

std::string assume_policy(const char* role) {
    return std::string(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/)") +
           role + R"(","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}}]})";
}

const char* k_trust = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}}]})";

std::string quoted(const std::string& s) { return json_quote(s); }

class JourneyTest : public CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        admin_root = account(k_admin, "jump");
        member_root = account(k_member);
        // Admin account: the MFA policy, one assume policy per role, the groups.
        ok(admin_root, "iam", "CreatePolicy", R"({"PolicyName":"policy-enforce-mfa","PolicyDocument":)" + quoted(k_enforce_mfa) + "}");
        for (const char* role : {"admin", "developer", "operator"}) {
            std::string r = std::string("role-") + role;
            std::string policy = std::string("policy-assume-role-") + role;
            std::string group = std::string("group-") + role;
            ok(admin_root, "iam", "CreatePolicy",
               R"({"PolicyName":")" + policy + R"(","PolicyDocument":)" + quoted(assume_policy(r.c_str())) + "}");
            ok(admin_root, "iam", "CreateGroup", R"({"GroupName":")" + group + R"("})");
            for (const std::string& arn : {std::string("arn:aws:iam::111111111111:policy/policy-enforce-mfa"),
                                           "arn:aws:iam::111111111111:policy/" + policy})
                ok(admin_root, "iam", "AttachGroupPolicy", R"({"GroupName":")" + group + R"(","PolicyArn":")" + arn + R"("})");
        }
        // Member account: the three roles, trusting the admin account with MFA.
        for (auto [role, managed] : {std::pair{"role-admin", "AdministratorAccess"}, std::pair{"role-developer", "PowerUserAccess"},
                                     std::pair{"role-operator", "ReadOnlyAccess"}}) {
            ok(member_root, "iam", "CreateRole",
               std::string(R"({"RoleName":")") + role + R"(","AssumeRolePolicyDocument":)" + quoted(k_trust) +
                   R"(,"Tags":[{"Key":"ManagedResource","Value":"true"}]})");
            ok(member_root, "iam", "AttachRolePolicy",
               std::string(R"({"RoleName":")") + role + R"(","PolicyArn":"arn:aws:iam::aws:policy/)" + managed + R"("})");
        }
        // The new user, in group-admin, with a long-term key.
        ok(admin_root, "iam", "CreateUser", R"({"UserName":"alice"})");
        ok(admin_root, "iam", "AddUserToGroup", R"({"GroupName":"group-admin","UserName":"alice"})");
        alice = user_key(k_admin, "alice");
    }

    std::string code(const std::string& secret) { return totp_code(secret, clock.now()); }

    Credentials mfa_session(const std::string& serial, const std::string& secret) {
        Node out = ok(alice, "sts", "GetSessionToken",
                      R"({"SerialNumber":")" + serial + R"(","TokenCode":")" + code(secret) + R"("})");
        return session_of(out);
    }

    Credentials admin_root, member_root, alice;
    const std::string admin_role = "arn:aws:iam::222222222222:role/role-admin";
    const std::string developer_role = "arn:aws:iam::222222222222:role/role-developer";
};

TEST_F(JourneyTest, WithoutMfaOnlySelfServiceIsAllowed) {
    // Allowed by the MFA policy without MFA: look at itself, list users.
    EXPECT_EQ(text(ok(alice, "iam", "GetUser"), "User", "UserName"), "alice");
    ok(alice, "iam", "ListUsers");
    EXPECT_EQ(text(ok(alice, "sts", "GetCallerIdentity"), "Arn"), "arn:aws:iam::111111111111:user/alice");
    // Everything else is explicitly denied by DenyAllExceptListedIfNoMFA.
    Error e = error_of(alice, "iam", "CreateUser", R"({"UserName":"mallory"})");
    EXPECT_EQ(e.code, "AccessDenied");
    EXPECT_EQ(e.message,
              "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: iam:CreateUser on resource: "
              "arn:aws:iam::111111111111:user/mallory with an explicit deny in an identity-based policy");
    EXPECT_EQ(error(alice, "iam", "GetUser", R"({"UserName":"bob"})"), "AccessDenied");  // not its own
    e = error_of(alice, "sts", "AssumeRole", R"({"RoleArn":")" + admin_role + R"(","RoleSessionName":"alice"})");
    EXPECT_EQ(e.code, "AccessDenied");
    EXPECT_EQ(e.message, "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on "
                         "resource: arn:aws:iam::222222222222:role/role-admin");
    // A session without MFA carries MultiFactorAuthPresent=false: still denied, and no IAM at all.
    Credentials plain = session_of(ok(alice, "sts", "GetSessionToken"));
    EXPECT_EQ(error(plain, "iam", "GetUser"), "InvalidClientTokenId");
    EXPECT_EQ(error(plain, "sts", "AssumeRole", R"({"RoleArn":")" + admin_role + R"(","RoleSessionName":"alice"})"),
              "AccessDenied");
    EXPECT_EQ(error(plain, "sts", "GetSessionToken"), "AccessDenied");
}

TEST_F(JourneyTest, WithMfaSessionSwitchesIntoRoleAdminOnly) {
    std::string secret;
    std::string serial = enable_mfa(k_admin, "alice", secret);
    Credentials mfa = mfa_session(serial, secret);
    ok(mfa, "iam", "GetUser");  // IAM is open to an MFA session

    clock.advance(std::chrono::seconds(30));
    Node assumed = ok(mfa, "sts", "AssumeRole", R"({"RoleArn":")" + admin_role + R"(","RoleSessionName":"alice"})");
    EXPECT_EQ(text(assumed, "AssumedRoleUser", "Arn"), "arn:aws:sts::222222222222:assumed-role/role-admin/alice");
    EXPECT_EQ(text(assumed, "AssumedRoleUser", "AssumedRoleId").substr(0, 4), "AROA");
    Credentials admin = session_of(assumed);
    Node who = ok(admin, "sts", "GetCallerIdentity");
    EXPECT_EQ(text(who, "Account"), k_member);
    EXPECT_EQ(text(who, "Arn"), "arn:aws:sts::222222222222:assumed-role/role-admin/alice");
    // AdministratorAccess in the member account.
    ok(admin, "iam", "CreateUser", R"({"UserName":"deploy"})");
    EXPECT_EQ(text(ok(admin, "iam", "GetUser", R"({"UserName":"deploy"})"), "User", "Arn"),
              "arn:aws:iam::222222222222:user/deploy");

    // group-admin grants no other role.
    EXPECT_EQ(error(mfa, "sts", "AssumeRole", R"({"RoleArn":")" + developer_role + R"(","RoleSessionName":"alice"})"),
              "AccessDenied");
    // A role in the admin account that does not exist: the same refusal, nothing revealed.
    EXPECT_EQ(error(mfa, "sts", "AssumeRole",
                    R"({"RoleArn":"arn:aws:iam::111111111111:role/role-admin","RoleSessionName":"alice"})"),
              "AccessDenied");
}

TEST_F(JourneyTest, AssumeRoleWithTokenCodeAndReplay) {
    std::string secret;
    std::string serial = enable_mfa(k_admin, "alice", secret);
    std::string input = R"({"RoleArn":")" + admin_role + R"(","RoleSessionName":"alice","SerialNumber":")" + serial +
                        R"(","TokenCode":")" + code(secret) + R"("})";
    ok(alice, "sts", "AssumeRole", input);
    Error replay = error_of(alice, "sts", "AssumeRole", input);
    EXPECT_EQ(replay.code, "AccessDenied");
    EXPECT_EQ(replay.message, "MultiFactorAuthentication failed with invalid MFA one time pass code.");
    // A wrong code, a serial that is not alice's.
    EXPECT_EQ(error(alice, "sts", "AssumeRole",
                    R"({"RoleArn":")" + admin_role + R"(","RoleSessionName":"alice","SerialNumber":")" + serial +
                        R"(","TokenCode":"000000"})"),
              "AccessDenied");
    EXPECT_EQ(error(alice, "sts", "GetSessionToken",
                    R"({"SerialNumber":"arn:aws:iam::111111111111:mfa/bob","TokenCode":"123456"})"),
              "AccessDenied");
}

TEST_F(JourneyTest, RoleSessionRulesAndExpiry) {
    std::string secret;
    std::string serial = enable_mfa(k_admin, "alice", secret);
    Credentials mfa = mfa_session(serial, secret);
    std::string base = R"({"RoleArn":")" + admin_role + R"(","RoleSessionName":)";
    EXPECT_EQ(error(mfa, "sts", "AssumeRole", base + R"("a"})"), "ValidationError");          // 2..64
    EXPECT_EQ(error(mfa, "sts", "AssumeRole", base + R"("bad name"})"), "ValidationError");   // [\w+=,.@-]
    EXPECT_EQ(error(mfa, "sts", "AssumeRole", base + R"("ok","DurationSeconds":899})"), "ValidationError");
    Error too_long = error_of(mfa, "sts", "AssumeRole", base + R"("ok","DurationSeconds":7200})");
    EXPECT_EQ(too_long.message, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    ok(member_root, "iam", "UpdateRole", R"({"RoleName":"role-admin","MaxSessionDuration":7200})");
    Credentials admin = session_of(ok(mfa, "sts", "AssumeRole", base + R"("ok","DurationSeconds":7200})"));

    // Chaining: at most one hour. role-admin may assume role-operator (same account,
    // AdministratorAccess + the trust of the admin account... which it is not): refused.
    EXPECT_EQ(error_of(admin, "sts", "AssumeRole",
                       R"({"RoleArn":"arn:aws:iam::222222222222:role/role-operator","RoleSessionName":"xx","DurationSeconds":7200})")
                  .message,
              "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");

    // The root user may not assume roles.
    EXPECT_EQ(error_of(admin_root, "sts", "AssumeRole", base + R"("root"})").message,
              "Roles may not be assumed by root accounts.");

    // Sessions expire.
    clock.advance(std::chrono::seconds(7201));
    EXPECT_EQ(error(admin, "sts", "GetCallerIdentity"), "ExpiredToken");
}

TEST_F(JourneyTest, OperatorIsReadOnlyWithAwsWording) {
    ok(admin_root, "iam", "AddUserToGroup", R"({"GroupName":"group-operator","UserName":"alice"})");
    std::string secret;
    std::string serial = enable_mfa(k_admin, "alice", secret);
    Credentials mfa = mfa_session(serial, secret);
    Credentials op = session_of(ok(mfa, "sts", "AssumeRole",
                                   R"({"RoleArn":"arn:aws:iam::222222222222:role/role-operator","RoleSessionName":"alice"})"));
    ok(op, "iam", "ListRoles");
    ok(op, "iam", "GetRole", R"({"RoleName":"role-admin"})");
    Error e = error_of(op, "iam", "CreateUser", R"({"UserName":"x"})");
    EXPECT_EQ(e.message,
              "User: arn:aws:sts::222222222222:assumed-role/role-operator/alice is not authorized to perform: "
              "iam:CreateUser on resource: arn:aws:iam::222222222222:user/x because no identity-based policy allows "
              "the iam:CreateUser action");
}

}  // namespace
}  // namespace jg::cloud::testing
