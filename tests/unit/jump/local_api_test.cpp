// LocalApi: the in-process AwsApi checks the secret as a signature would, then runs the
// call through the local cloud's dispatch table.
#include "jump/api/local_api.hpp"

#include "../cloud/fixture.hpp"

namespace jg::jump {
namespace {

class LocalApiTest : public cloud::testing::CloudTest {};

TEST_F(LocalApiTest, RootKeyWithItsSecretCallsThrough) {
    auto account = cloud::add_account(cloud(), "111111111111", {});
    ASSERT_TRUE(account) << account.error().str();
    LocalApi api(cloud());
    AwsCredentials creds{account->root_access_key_id, account->root_secret_access_key, {}};
    auto out = api.call(creds, "sts", "GetCallerIdentity", Node::make_object(), "ap-northeast-1");
    ASSERT_TRUE(out) << out.error().str();
    EXPECT_EQ(text(*out, "Arn"), "arn:aws:iam::111111111111:root");
}

TEST_F(LocalApiTest, WrongSecretIsRefusedLikeABadSignature) {
    auto account = cloud::add_account(cloud(), "111111111111", {});
    ASSERT_TRUE(account) << account.error().str();
    LocalApi api(cloud());
    AwsCredentials creds{account->root_access_key_id, "not-the-secret", {}};
    auto out = api.call(creds, "iam", "CreateUser", in(R"({"UserName":"alice"})"), "us-east-1");
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, "SignatureDoesNotMatch");
    // Nothing was created.
    AwsCredentials good{account->root_access_key_id, account->root_secret_access_key, {}};
    auto get = api.call(good, "iam", "GetUser", in(R"({"UserName":"alice"})"), "us-east-1");
    ASSERT_FALSE(get);
    EXPECT_EQ(get.error().code, "NoSuchEntity");
}

TEST_F(LocalApiTest, SessionCredentialsUseTheirDerivedSecret) {
    auto account = cloud::add_account(cloud(), "111111111111", {});
    ASSERT_TRUE(account) << account.error().str();
    LocalApi api(cloud());
    AwsCredentials root{account->root_access_key_id, account->root_secret_access_key, {}};
    auto session = api.call(root, "sts", "GetSessionToken", Node::make_object(), "us-east-1");
    ASSERT_TRUE(session) << session.error().str();
    const Node* c = session->find("Credentials");
    ASSERT_NE(c, nullptr);
    AwsCredentials temp{text(*c, "AccessKeyId"), text(*c, "SecretAccessKey"), text(*c, "SessionToken")};
    auto who = api.call(temp, "sts", "GetCallerIdentity", Node::make_object(), "us-east-1");
    ASSERT_TRUE(who) << who.error().str();
    EXPECT_EQ(text(*who, "Account"), "111111111111");
    temp.secret_access_key[0] = temp.secret_access_key[0] == 'A' ? 'B' : 'A';
    auto bad = api.call(temp, "sts", "GetCallerIdentity", Node::make_object(), "us-east-1");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, "SignatureDoesNotMatch");
}

}  // namespace
}  // namespace jg::jump
