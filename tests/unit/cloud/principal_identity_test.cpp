// Principals are their unique ids (AIDA…/AROA…), not their names: credentials issued to
// a user or role that was deleted and re-created under the same name name the old
// principal and are refused, as AWS refuses them ("The security token included in the
// request is invalid."). Issue 15 item 2: carol's session must not become the new
// admin carol.
#include "cfn_fixture.hpp"

namespace jg::cloud::testing {
namespace {

const std::string k_admin_policy =
    R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]})";
const std::string k_read_policy =
    R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:GetCallerIdentity\",\"Resource\":\"*\"}]})";

class PrincipalIdentityTest : public StackTest {
protected:
    void SetUp() override {
        StackTest::SetUp();
        root = account("111111111111");
        ok(root, "s3", "CreateBucket", R"({"Bucket":"secrets-111111111111"})");
        ok(root, "s3", "PutObject", R"({"Bucket":"secrets-111111111111","Key":"secret.txt","Body":"s3cr3t"})");
    }

    // A user `name` with `policy` and one access key.
    Credentials user(const std::string& name, const std::string& policy) {
        ok(root, "iam", "CreateUser", R"({"UserName":")" + name + R"("})");
        ok(root, "iam", "PutUserPolicy",
           R"({"UserName":")" + name + R"(","PolicyName":"p","PolicyDocument":")" + policy + R"("})");
        Node key = ok(root, "iam", "CreateAccessKey", R"({"UserName":")" + name + R"("})");
        return Credentials{text(key, "AccessKey", "AccessKeyId"), {}};
    }

    // What deleting a user takes in AWS: its key, its policy, then the user.
    void delete_user(const std::string& name, const Credentials& key) {
        ok(root, "iam", "DeleteAccessKey", R"({"UserName":")" + name + R"(","AccessKeyId":")" + key.access_key_id + R"("})");
        ok(root, "iam", "DeleteUserPolicy", R"({"UserName":")" + name + R"(","PolicyName":"p"})");
        ok(root, "iam", "DeleteUser", R"({"UserName":")" + name + R"("})");
    }

    Credentials root;
};

TEST_F(PrincipalIdentityTest, DeletedUsersSessionDoesNotBecomeTheNewUserOfThatName) {
    Credentials carol_key = user("carol", k_read_policy);
    Credentials carol_session = session_of(ok(carol_key, "sts", "GetSessionToken"));
    std::string old_id = text(ok(carol_session, "sts", "GetCallerIdentity"), "UserId");
    ASSERT_EQ(old_id.substr(0, 4), "AIDA");

    delete_user("carol", carol_key);
    Credentials new_carol = user("carol", k_admin_policy);  // an administrator, same name
    ok(root, "iam", "CreateRole",
       R"({"RoleName":"ops","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:user/carol\"},\"Action\":\"sts:AssumeRole\"}]}"})");
    ok(root, "iam", "AttachRolePolicy", R"({"RoleName":"ops","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"})");
    // The new carol holds these rights ...
    ok(new_carol, "s3", "GetObject", R"({"Bucket":"secrets-111111111111","Key":"secret.txt"})");
    ok(new_carol, "sts", "AssumeRole", R"({"RoleArn":"arn:aws:iam::111111111111:role/ops","RoleSessionName":"ss"})");
    EXPECT_NE(text(ok(new_carol, "sts", "GetCallerIdentity"), "UserId"), old_id);

    // ... the old carol's session none of them: its token names a principal that is gone.
    Error read = error_of(carol_session, "s3", "GetObject", R"({"Bucket":"secrets-111111111111","Key":"secret.txt"})");
    EXPECT_EQ(read.code, "InvalidClientTokenId");
    EXPECT_EQ(read.message, "The security token included in the request is invalid.");
    EXPECT_EQ(error(carol_session, "s3", "ListBuckets"), "InvalidClientTokenId");
    EXPECT_EQ(error(carol_session, "sts", "AssumeRole",
                    R"({"RoleArn":"arn:aws:iam::111111111111:role/ops","RoleSessionName":"ss"})"),
              "InvalidClientTokenId");
    EXPECT_EQ(error(carol_session, "sts", "GetCallerIdentity"), "InvalidClientTokenId");
    auto stack = cfn(carol_session, "CreateStack",
                     stack_input("grab", R"({"Resources":{"T":{"Type":"AWS::IAM::Group"}}})"));
    ASSERT_FALSE(stack);
    EXPECT_EQ(stack.error().code, "InvalidClientTokenId");
    EXPECT_EQ(cloud().call(root, "cloudformation", "DescribeStacks", in(R"({"StackName":"grab"})")).error().code,
              "ValidationError");
}

TEST_F(PrincipalIdentityTest, DeletedUsersSessionIsRefusedEvenWithoutANewUser) {
    Credentials key = user("dave", k_read_policy);
    Credentials session = session_of(ok(key, "sts", "GetSessionToken"));
    ok(session, "sts", "GetCallerIdentity");
    delete_user("dave", key);
    EXPECT_EQ(error(session, "sts", "GetCallerIdentity"), "InvalidClientTokenId");
}

TEST_F(PrincipalIdentityTest, ReCreatedRolesSessionsAreRefused) {
    Credentials admin = user("admin", k_admin_policy);
    std::string trust =
        R"({"RoleName":"r","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\"}]}"})";
    ok(root, "iam", "CreateRole", trust);
    std::string assume = R"({"RoleArn":"arn:aws:iam::111111111111:role/r","RoleSessionName":"ss"})";
    Credentials old_session = session_of(ok(admin, "sts", "AssumeRole", assume));
    ok(old_session, "sts", "GetCallerIdentity");
    ok(root, "iam", "DeleteRole", R"({"RoleName":"r"})");
    ok(root, "iam", "CreateRole", trust);
    ok(root, "iam", "AttachRolePolicy", R"({"RoleName":"r","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"})");
    Credentials new_session = session_of(ok(admin, "sts", "AssumeRole", assume));
    ok(new_session, "s3", "GetObject", R"({"Bucket":"secrets-111111111111","Key":"secret.txt"})");
    EXPECT_EQ(error(old_session, "s3", "GetObject", R"({"Bucket":"secrets-111111111111","Key":"secret.txt"})"),
              "InvalidClientTokenId");
    EXPECT_EQ(error(old_session, "sts", "AssumeRole", assume), "InvalidClientTokenId");
}

TEST_F(PrincipalIdentityTest, AccessKeysNameTheirUsersUniqueId) {
    // A key document whose user is gone or is another principal of that name is refused,
    // even if the store was left inconsistent (a key surviving its user).
    Credentials key = user("erin", k_admin_policy);
    ok(key, "sts", "GetCallerIdentity");
    auto swapped = cloud().store().write([&](store::Tx& tx) -> Result<bool> {
        auto doc = iam::get_doc(tx, "111111111111", iam::k_user, "erin");
        if (!doc || !*doc) return fail("test", "no erin");
        Node changed = Node::make_object();
        for (const auto& [k, v] : (*doc)->members) changed.add(k, k == "UserId" ? str("AIDAOTHERPRINCIPAL00") : v);
        if (auto put = iam::put_doc(tx, "111111111111", iam::k_user, "erin", changed); !put) return Unexpected(put.error());
        return true;
    });
    ASSERT_TRUE(swapped) << swapped.error().str();
    EXPECT_EQ(error(key, "sts", "GetCallerIdentity"), "InvalidClientTokenId");
}

}  // namespace
}  // namespace jg::cloud::testing
