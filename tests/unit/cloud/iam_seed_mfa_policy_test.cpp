// The seed's policy-enforce-mfa (shared/seed/templates/iam-global-groups.yaml) on a new
// user with a long-term key and no MFA: it may register its device and change its password
// and nothing else; with an MFA session the rest of its statements apply.
#include "cloud/call_context.hpp"
#include "core/totp.hpp"
#include "core/encoding.hpp"
#include "fixture.hpp"
#include "policy/action_catalog.hpp"

namespace jg::cloud::testing {
namespace {

// The policy as CloudFormation creates it in account 111111111111: !Sub replaced
// ${AWS::AccountId} and turned ${!aws:username} into the literal ${aws:username}.
constexpr std::string_view k_enforce_mfa = R"({"Version":"2012-10-17","Statement":[
 {"Sid":"AllowViewAccountInfo","Effect":"Allow","Action":["iam:GetAccountPasswordPolicy","iam:GetAccountSummary",
   "iam:ListVirtualMFADevices","iam:ListUsers"],"Resource":"*"},
 {"Sid":"AllowManageOwnPasswords","Effect":"Allow","Action":["iam:ChangePassword","iam:GetUser"],
   "Resource":"arn:aws:iam::111111111111:user/${aws:username}"},
 {"Sid":"AllowManageOwnAccessKeys","Effect":"Allow","Action":["iam:CreateAccessKey","iam:DeleteAccessKey",
   "iam:ListAccessKeys","iam:UpdateAccessKey"],"Resource":"arn:aws:iam::111111111111:user/${aws:username}"},
 {"Sid":"AllowManageOwnSigningCertificates","Effect":"Allow","Action":["iam:DeleteSigningCertificate",
   "iam:ListSigningCertificates","iam:UpdateSigningCertificate","iam:UploadSigningCertificate"],
   "Resource":"arn:aws:iam::111111111111:user/${aws:username}"},
 {"Sid":"AllowManageOwnSSHPublicKeys","Effect":"Allow","Action":["iam:DeleteSSHPublicKey","iam:GetSSHPublicKey",
   "iam:ListSSHPublicKeys","iam:UpdateSSHPublicKey","iam:UploadSSHPublicKey"],
   "Resource":"arn:aws:iam::111111111111:user/${aws:username}"},
 {"Sid":"AllowManageOwnVirtualMFADevice","Effect":"Allow","Action":["iam:CreateVirtualMFADevice",
   "iam:DeleteVirtualMFADevice"],"Resource":"arn:aws:iam::111111111111:mfa/${aws:username}"},
 {"Sid":"AllowManageOwnUserMFA","Effect":"Allow","Action":["iam:DeactivateMFADevice","iam:EnableMFADevice",
   "iam:ListMFADevices","iam:ResyncMFADevice"],"Resource":"arn:aws:iam::111111111111:user/${aws:username}"},
 {"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice",
   "iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ListUsers",
   "iam:ResyncMFADevice","iam:ChangePassword","sts:GetSessionToken"],"Resource":"*",
   "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]})";

std::string quoted(std::string_view text) {
    Node n = Node::make_string(std::string(text));
    return to_json(n);
}

class IamSeedMfaPolicy : public CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        root = account("111111111111");
        ok(root, "iam", "CreatePolicy",
           R"({"PolicyName":"policy-enforce-mfa","PolicyDocument":)" + quoted(k_enforce_mfa) + "}");
        ok(root, "iam", "CreateGroup", R"({"GroupName":"group-developer"})");
        ok(root, "iam", "AttachGroupPolicy",
           R"({"GroupName":"group-developer","PolicyArn":"arn:aws:iam::111111111111:policy/policy-enforce-mfa"})");
        ok(root, "iam", "CreateUser", R"({"UserName":"alice"})");
        ok(root, "iam", "AddUserToGroup", R"({"GroupName":"group-developer","UserName":"alice"})");
        ok(root, "iam", "CreateLoginProfile", R"({"UserName":"alice","Password":"Initial-Pass-1"})");
        Node key = ok(root, "iam", "CreateAccessKey", R"({"UserName":"alice"})");
        alice = {text(key, "AccessKey", "AccessKeyId"), {}};
    }
    std::string pair_of_codes(const std::string& key) const {
        const std::int64_t s = totp_step(clock.now());
        return R"("AuthenticationCode1":")" + hotp(key, static_cast<std::uint64_t>(s - 1)) +
               R"(","AuthenticationCode2":")" + hotp(key, static_cast<std::uint64_t>(s)) + "\"";
    }
    Credentials root, alice;
};

TEST_F(IamSeedMfaPolicy, WithoutMfaOnlyTheListedActionsAreAllowed) {
    auto caller = cloud().resolve(alice);
    ASSERT_TRUE(caller) << caller.error().str();
    const Node input = Node::make_object();
    const RequestInfo info;
    CallContext ctx(cloud(), *caller, input, info);
    const std::vector<std::string> resources = {"arn:aws:iam::111111111111:user/alice",
                                                "arn:aws:iam::111111111111:mfa/alice", "*"};
    std::vector<std::string> allowed;
    const auto* iam = policy::ActionCatalog::instance().find_service("iam");
    ASSERT_NE(iam, nullptr);
    ASSERT_GT(iam->actions.size(), 100u);
    for (const auto& action : iam->actions) {
        for (const auto& resource : resources)
            if (ctx.authorize(action.full_name(), resource)) {
                allowed.push_back(action.full_name());
                break;
            }
    }
    const std::vector<std::string> expected = {"iam:ChangePassword",      "iam:CreateVirtualMFADevice",
                                               "iam:EnableMFADevice",     "iam:GetUser",
                                               "iam:ListMFADevices",      "iam:ListUsers",
                                               "iam:ListVirtualMFADevices", "iam:ResyncMFADevice"};
    EXPECT_EQ(allowed, expected);
    // Only its own user and its own device name.
    EXPECT_FALSE(ctx.authorize("iam:EnableMFADevice", "arn:aws:iam::111111111111:user/bob"));
    EXPECT_FALSE(ctx.authorize("iam:CreateVirtualMFADevice", "arn:aws:iam::111111111111:mfa/bob"));
}

TEST_F(IamSeedMfaPolicy, NewUserRegistersItsDeviceThenWorksWithAnMfaSession) {
    // Before MFA: its own keys, the password policy and device deletion are denied.
    for (const char* action : {"CreateAccessKey", "ListAccessKeys", "GetAccountPasswordPolicy"}) {
        Error e = error_of(alice, "iam", action);
        EXPECT_EQ(e.code, "AccessDenied") << action;
        EXPECT_NE(e.message.find("with an explicit deny in an identity-based policy"), std::string::npos) << action;
    }
    ok(alice, "iam", "ChangePassword", R"({"OldPassword":"Initial-Pass-1","NewPassword":"Second-Pass-2"})");

    // Registering a device named after itself works; another name does not.
    EXPECT_EQ(error(alice, "iam", "CreateVirtualMFADevice", R"({"VirtualMFADeviceName":"phone"})"), "AccessDenied");
    Node created = ok(alice, "iam", "CreateVirtualMFADevice", R"({"VirtualMFADeviceName":"alice"})");
    const std::string serial = text(created, "VirtualMFADevice", "SerialNumber");
    const std::string key = *base32_decode(text(created, "VirtualMFADevice", "Base32StringSeed"));
    ok(alice, "iam", "EnableMFADevice",
       R"({"UserName":"alice","SerialNumber":")" + serial + "\"," + pair_of_codes(key) + "}");
    EXPECT_EQ(ok(alice, "iam", "ListMFADevices").find("MFADevices")->items.size(), 1u);
    // Still no MFA in a long-term key's requests: deactivation is denied.
    EXPECT_EQ(error(alice, "iam", "DeactivateMFADevice", R"({"UserName":"alice","SerialNumber":")" + serial + "\"}"),
              "AccessDenied");

    // An MFA session (a code of the next step: the enable codes are spent).
    clock.advance(std::chrono::seconds(30));
    const std::string code = hotp(key, static_cast<std::uint64_t>(totp_step(clock.now())));
    Node session = ok(alice, "sts", "GetSessionToken", R"({"SerialNumber":")" + serial + R"(","TokenCode":")" + code + "\"}");
    Credentials mfa{text(session, "Credentials", "AccessKeyId"), text(session, "Credentials", "SessionToken")};
    ASSERT_FALSE(mfa.session_token.empty());
    EXPECT_EQ(ok(mfa, "iam", "ListAccessKeys").find("AccessKeyMetadata")->items.size(), 1u);
    ok(mfa, "iam", "CreateAccessKey");
    // The same code cannot open a second session.
    EXPECT_EQ(error(alice, "sts", "GetSessionToken", R"({"SerialNumber":")" + serial + R"(","TokenCode":")" + code + "\"}"),
              "AccessDenied");
    // Things the policy never allows stay denied, MFA or not.
    EXPECT_EQ(error(mfa, "iam", "CreateUser", R"({"UserName":"mallory"})"), "AccessDenied");
    EXPECT_EQ(error(mfa, "iam", "ListAccessKeys", R"({"UserName":"bob"})"), "AccessDenied");
}

}  // namespace
}  // namespace jg::cloud::testing
