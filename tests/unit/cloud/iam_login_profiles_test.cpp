// Login profiles, ChangePassword and the account password policy through the dispatch
// table: AWS's defaults and messages, enforcement on every way a password is set.
#include "cloud/iam/login_profile.hpp"
#include "fixture.hpp"

namespace jg::cloud::testing {
namespace {

class IamLoginProfiles : public CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        root = account("111111111111");
        ok(root, "iam", "CreateUser", R"({"UserName":"alice"})");
        Node key = ok(root, "iam", "CreateAccessKey", R"({"UserName":"alice"})");
        alice = {text(key, "AccessKey", "AccessKeyId"), {}};
    }
    Credentials root, alice;
};

TEST_F(IamLoginProfiles, PasswordPolicyLifecycle) {
    Error none = error_of(root, "iam", "GetAccountPasswordPolicy");
    EXPECT_EQ(none.code, "NoSuchEntity");
    EXPECT_EQ(none.message, "The Password Policy with domain name 111111111111 cannot be found.");
    Error del = error_of(root, "iam", "DeleteAccountPasswordPolicy");
    EXPECT_EQ(del.message, "The account policy with name PasswordPolicy cannot be found.");

    ok(root, "iam", "UpdateAccountPasswordPolicy");
    EXPECT_EQ(to_json(*ok(root, "iam", "GetAccountPasswordPolicy").find("PasswordPolicy")),
              R"({"MinimumPasswordLength":6,"RequireSymbols":false,"RequireNumbers":false,)"
              R"("RequireUppercaseCharacters":false,"RequireLowercaseCharacters":false,)"
              R"("AllowUsersToChangePassword":false,"ExpirePasswords":false})");

    // Out of range: refused, the stored policy unchanged.
    EXPECT_EQ(error(root, "iam", "UpdateAccountPasswordPolicy", R"({"MinimumPasswordLength":129})"), "ValidationError");
    EXPECT_EQ(error(root, "iam", "UpdateAccountPasswordPolicy", R"({"RequireSymbols":"maybe"})"), "ValidationError");
    EXPECT_EQ(text(ok(root, "iam", "GetAccountPasswordPolicy"), "PasswordPolicy", "MinimumPasswordLength"), "6");

    // The Query codec gives numbers and booleans as strings: accepted alike.
    ok(root, "iam", "UpdateAccountPasswordPolicy", R"({"MinimumPasswordLength":"14","MaxPasswordAge":90,"RequireNumbers":"true"})");
    Node p = ok(root, "iam", "GetAccountPasswordPolicy");
    EXPECT_EQ(text(p, "PasswordPolicy", "MinimumPasswordLength"), "14");
    EXPECT_EQ(text(p, "PasswordPolicy", "ExpirePasswords"), "true");
    EXPECT_EQ(text(p, "PasswordPolicy", "RequireNumbers"), "true");

    ok(root, "iam", "DeleteAccountPasswordPolicy");
    EXPECT_EQ(error(root, "iam", "GetAccountPasswordPolicy"), "NoSuchEntity");
    EXPECT_EQ(error(alice, "iam", "UpdateAccountPasswordPolicy"), "AccessDenied");
}

TEST_F(IamLoginProfiles, CreateGetUpdateDelete) {
    Error weak = error_of(root, "iam", "CreateLoginProfile", R"({"UserName":"alice","Password":"short"})");
    EXPECT_EQ(weak.code, "PasswordPolicyViolation");
    EXPECT_EQ(weak.message, "Password should have a minimum length of 8");
    EXPECT_EQ(error(root, "iam", "GetLoginProfile", R"({"UserName":"alice"})"), "NoSuchEntity");  // nothing stored

    Node out = ok(root, "iam", "CreateLoginProfile",
                  R"({"UserName":"alice","Password":"Correct-Horse-1","PasswordResetRequired":true})");
    EXPECT_EQ(text(out, "LoginProfile", "UserName"), "alice");
    EXPECT_EQ(text(out, "LoginProfile", "PasswordResetRequired"), "true");
    EXPECT_EQ(text(out, "LoginProfile", "CreateDate"), format_iso8601(clock.now()));
    EXPECT_EQ(out.find("LoginProfile")->find("PasswordHash"), nullptr);

    Error dup = error_of(root, "iam", "CreateLoginProfile", R"({"UserName":"alice","Password":"Correct-Horse-1"})");
    EXPECT_EQ(dup.code, "EntityAlreadyExists");
    EXPECT_EQ(dup.message, "Login Profile for user alice already exists.");

    // The stored document holds a hash, never the password.
    auto body = cloud().store().read(
        [&](store::Reader& r) { return r.get("111111111111", iam::k_login_profile, "alice"); });
    ASSERT_TRUE(body && *body);
    EXPECT_EQ((*body)->find("Correct-Horse-1"), std::string::npos);
    EXPECT_NE((*body)->find("scrypt$"), std::string::npos);

    ok(root, "iam", "UpdateLoginProfile", R"({"UserName":"alice","PasswordResetRequired":false})");
    EXPECT_EQ(text(ok(root, "iam", "GetLoginProfile", R"({"UserName":"alice"})"), "LoginProfile",
                   "PasswordResetRequired"),
              "false");
    EXPECT_EQ(error(root, "iam", "UpdateLoginProfile", R"({"UserName":"alice","Password":"weak"})"),
              "PasswordPolicyViolation");

    ok(root, "iam", "DeleteLoginProfile", R"({"UserName":"alice"})");
    Error gone = error_of(root, "iam", "GetLoginProfile", R"({"UserName":"alice"})");
    EXPECT_EQ(gone.code, "NoSuchEntity");
    EXPECT_EQ(gone.message, "Login Profile for User alice cannot be found.");
    EXPECT_EQ(error(root, "iam", "DeleteLoginProfile", R"({"UserName":"alice"})"), "NoSuchEntity");
    EXPECT_EQ(error(root, "iam", "UpdateLoginProfile", R"({"UserName":"alice"})"), "NoSuchEntity");
    EXPECT_EQ(error_of(root, "iam", "CreateLoginProfile", R"({"UserName":"nobody","Password":"Correct-Horse-1"})").message,
              "The user with name nobody cannot be found.");
    EXPECT_EQ(error(root, "iam", "CreateLoginProfile", R"({"UserName":"alice"})"), "ValidationError");
}

TEST_F(IamLoginProfiles, CustomPolicyAndReuseAreEnforced) {
    ok(root, "iam", "UpdateAccountPasswordPolicy",
       R"({"MinimumPasswordLength":10,"RequireSymbols":true,"PasswordReusePrevention":2})");
    Error e = error_of(root, "iam", "CreateLoginProfile", R"({"UserName":"alice","Password":"abcdefghij"})");
    EXPECT_EQ(e.code, "PasswordPolicyViolation");
    EXPECT_EQ(e.message, "Password should have at least one symbol");
    // A weak policy replaces AWS's default one: no character classes needed beyond a symbol.
    ok(root, "iam", "CreateLoginProfile", R"({"UserName":"alice","Password":"abcdefghi!"})");
    Error reused = error_of(root, "iam", "UpdateLoginProfile", R"({"UserName":"alice","Password":"abcdefghi!"})");
    EXPECT_EQ(reused.code, "PasswordPolicyViolation");
    ok(root, "iam", "UpdateLoginProfile", R"({"UserName":"alice","Password":"second-pass!"})");
    EXPECT_EQ(error(root, "iam", "UpdateLoginProfile", R"({"UserName":"alice","Password":"abcdefghi!"})"),
              "PasswordPolicyViolation");
}

TEST_F(IamLoginProfiles, ChangePasswordIsTheCallersOwn) {
    ok(root, "iam", "CreateLoginProfile", R"({"UserName":"alice","Password":"Correct-Horse-1","PasswordResetRequired":true})");
    const std::string change = R"({"OldPassword":"Correct-Horse-1","NewPassword":"Battery-Staple-2"})";
    // No identity policy allows it and the account does not let users change passwords.
    EXPECT_EQ(error(alice, "iam", "ChangePassword", change), "AccessDenied");

    ok(root, "iam", "UpdateAccountPasswordPolicy", R"({"AllowUsersToChangePassword":true})");
    Error wrong = error_of(alice, "iam", "ChangePassword", R"({"OldPassword":"nope","NewPassword":"Battery-Staple-2"})");
    EXPECT_EQ(wrong.code, "AccessDenied");
    EXPECT_EQ(error(alice, "iam", "ChangePassword", R"({"OldPassword":"Correct-Horse-1","NewPassword":"x"})"),
              "PasswordPolicyViolation");
    ok(alice, "iam", "ChangePassword", change);
    EXPECT_EQ(text(ok(root, "iam", "GetLoginProfile", R"({"UserName":"alice"})"), "LoginProfile", "PasswordResetRequired"),
              "false");
    // The old password no longer opens anything.
    EXPECT_EQ(error(alice, "iam", "ChangePassword", change), "AccessDenied");

    // AllowUsersToChangePassword never overrides an explicit deny.
    ok(root, "iam", "PutUserPolicy",
       R"({"UserName":"alice","PolicyName":"no-change","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"iam:ChangePassword\",\"Resource\":\"*\"}]}"})");
    Error denied = error_of(alice, "iam", "ChangePassword",
                            R"({"OldPassword":"Battery-Staple-2","NewPassword":"Third-Pass-3"})");
    EXPECT_EQ(denied.code, "AccessDenied");
    EXPECT_NE(denied.message.find("with an explicit deny"), std::string::npos);

    Error by_root = error_of(root, "iam", "ChangePassword", change);
    EXPECT_EQ(by_root.code, "InvalidUserType");
    ok(root, "iam", "CreateUser", R"({"UserName":"bob"})");
    Node key = ok(root, "iam", "CreateAccessKey", R"({"UserName":"bob"})");
    Credentials bob{text(key, "AccessKey", "AccessKeyId"), {}};
    Error no_profile = error_of(bob, "iam", "ChangePassword", change);
    EXPECT_EQ(no_profile.code, "NoSuchEntity");
    EXPECT_EQ(no_profile.message, "Login Profile for User bob cannot be found.");
}

}  // namespace
}  // namespace jg::cloud::testing
