// Bucket policies: put/get/delete, and their enforcement — same account, cross-account
// with and without a bucket policy, the article's policy (only the admin account reads
// the templates), explicit denies, and CloudFormation's TemplateURL read as the caller.
#include "cloud/call_context.hpp"
#include "cloud/s3/s3.hpp"
#include "s3_fixture.hpp"

namespace jg::cloud::testing {
namespace {

constexpr const char* k_admin = "111111111111";
constexpr const char* k_member = "222222222222";
constexpr const char* k_bucket = "aws-iam-templates-111111111111";

// The article's policy, as its runbook puts it.
const std::string k_article_policy = R"({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::111111111111:root"
      },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::aws-iam-templates-111111111111/*"
    }
  ]
})";

std::string policy_input(const std::string& policy) {
    Node in = Node::make_object();
    in.add("Bucket", str(k_bucket));
    in.add("Policy", str(policy));
    return to_json(in);
}

class S3AccessTest : public S3Test {
protected:
    void SetUp() override {
        S3Test::SetUp();
        admin = account(k_admin);
        member = account(k_member);
        auto made = call_in("ap-northeast-1", admin, "CreateBucket",
                            R"({"Bucket":"aws-iam-templates-111111111111","CreateBucketConfiguration":{"LocationConstraint":"ap-northeast-1"}})");
        ASSERT_TRUE(made) << made.error().message;
        ASSERT_TRUE(put(admin, k_bucket, "iam-roles.yaml", "AWSTemplateFormatVersion: 2010-09-09\n"));
    }
    Result<Node> get(const Credentials& who, const char* key = "iam-roles.yaml") {
        return call(who, "s3", "GetObject", std::string(R"({"Bucket":"aws-iam-templates-111111111111","Key":")") + key + "\"}");
    }
    // A role in the member account that may read the templates.
    void make_reader_role() {
        ok(member, "iam", "CreateRole",
           R"({"RoleName":"template-reader","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":\"sts:AssumeRole\"}]}"})");
        Node role_policy = Node::make_object();
        role_policy.add("RoleName", str("template-reader"));
        role_policy.add("PolicyName", str("read"));
        role_policy.add("PolicyDocument", str(allow(R"("s3:GetObject")", R"("*")")));
        auto put = cloud().call(member, "iam", "PutRolePolicy", role_policy);
        EXPECT_TRUE(put) << put.error().message;
    }
    Credentials admin, member;
};

TEST_F(S3AccessTest, PolicyPutGetDelete) {
    Error none = error_of(admin, "s3", "GetBucketPolicy", R"({"Bucket":"aws-iam-templates-111111111111"})");
    EXPECT_EQ(none.code, "NoSuchBucketPolicy");
    EXPECT_EQ(none.message, "The bucket policy does not exist");
    ok(admin, "s3", "PutBucketPolicy", policy_input(k_article_policy));
    EXPECT_EQ(text(ok(admin, "s3", "GetBucketPolicy", R"({"Bucket":"aws-iam-templates-111111111111"})"), "Policy"),
              k_article_policy);
    ok(admin, "s3", "DeleteBucketPolicy", R"({"Bucket":"aws-iam-templates-111111111111"})");
    ok(admin, "s3", "DeleteBucketPolicy", R"({"Bucket":"aws-iam-templates-111111111111"})");  // idempotent
    EXPECT_EQ(error(admin, "s3", "GetBucketPolicy", R"({"Bucket":"aws-iam-templates-111111111111"})"),
              "NoSuchBucketPolicy");
    EXPECT_EQ(error(admin, "s3", "PutBucketPolicy", R"({"Bucket":"nobucket","Policy":"{}"})"), "NoSuchBucket");
}

TEST_F(S3AccessTest, MalformedPoliciesAreRefusedAndChangeNothing) {
    ok(admin, "s3", "PutBucketPolicy", policy_input(k_article_policy));
    Error e = error_of(admin, "s3", "PutBucketPolicy", policy_input("not json"));
    EXPECT_EQ(e.code, "MalformedPolicy");
    EXPECT_EQ(e.message, "Policies must be valid JSON and the first byte must be '{'");
    // Principals must exist in this cloud: an unknown account, user or role is refused.
    for (const char* principal : {"arn:aws:iam::999999999999:root", "999999999999",
                                  "arn:aws:iam::222222222222:user/ghost", "arn:aws:iam::222222222222:role/ghost"}) {
        std::string p = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":")" +
                        std::string(principal) +
                        R"("},"Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"}]})";
        Error bad = error_of(admin, "s3", "PutBucketPolicy", policy_input(p));
        EXPECT_EQ(bad.message, "Invalid principal in policy") << principal;
    }
    user(member, k_member, "reader");
    ok(admin, "s3", "PutBucketPolicy",
       policy_input(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::222222222222:user/reader","222222222222"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"}]})"));
    ok(admin, "s3", "PutBucketPolicy", policy_input(k_article_policy));
    EXPECT_EQ(text(ok(admin, "s3", "GetBucketPolicy", R"({"Bucket":"aws-iam-templates-111111111111"})"), "Policy"),
              k_article_policy);
}

TEST_F(S3AccessTest, CrossAccountWithoutBucketPolicyIsDenied) {
    // Even the other account's root: its own account allows, the bucket's does not.
    Error e = error_of(member, "s3", "GetObject", R"({"Bucket":"aws-iam-templates-111111111111","Key":"iam-roles.yaml"})");
    EXPECT_EQ(e.code, "AccessDenied");
    EXPECT_EQ(e.message.rfind("User: arn:aws:iam::222222222222:root is not authorized to perform: s3:GetObject on "
                              "resource: arn:aws:s3:::aws-iam-templates-111111111111/iam-roles.yaml",
                              0),
              0u)
        << e.message;
    Credentials reader = user(member, k_member, "reader",
                              allow(R"("s3:GetObject")", R"("arn:aws:s3:::aws-iam-templates-111111111111/*")"));
    EXPECT_EQ(get(reader).error().code, "AccessDenied");
    EXPECT_EQ(error(member, "s3", "PutObject", R"({"Bucket":"aws-iam-templates-111111111111","Key":"x"})"),
              "AccessDenied");
    EXPECT_EQ(error(member, "s3", "DeleteBucket", R"({"Bucket":"aws-iam-templates-111111111111"})"), "AccessDenied");
}

TEST_F(S3AccessTest, CrossAccountNeedsBothSides) {
    Credentials reader = user(member, k_member, "reader",
                              allow(R"("s3:GetObject")", R"("arn:aws:s3:::aws-iam-templates-111111111111/*")"));
    Credentials stranger = user(member, k_member, "stranger");
    ok(admin, "s3", "PutBucketPolicy",
       policy_input(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"}]})"));
    auto got = get(reader);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->find("Body")->text, "AWSTemplateFormatVersion: 2010-09-09\n");
    ASSERT_TRUE(get(member));  // the member account's root: its account allows everything
    EXPECT_EQ(get(stranger).error().code, "AccessDenied");  // the bucket allows, its own account does not
    // Only what the bucket policy grants: no listing, no writes.
    EXPECT_EQ(error(reader, "s3", "ListObjectsV2", R"({"Bucket":"aws-iam-templates-111111111111"})"), "AccessDenied");
    EXPECT_EQ(put(member, k_bucket, "evil.yaml", "x").error().code, "AccessDenied");
    // A missing key is AccessDenied to who may not list the bucket (no probing for keys).
    EXPECT_EQ(get(reader, "absent.yaml").error().code, "AccessDenied");
    EXPECT_EQ(get(admin, "absent.yaml").error().code, "NoSuchKey");
}

TEST_F(S3AccessTest, RoleSessionsOfAnotherAccountReadWhenTheBucketNamesTheRole) {
    make_reader_role();
    Credentials bob = user(member, k_member, "bob", allow(R"("sts:AssumeRole")", R"("*")"));
    Credentials session = session_of(ok(bob, "sts", "AssumeRole",
                                        R"({"RoleArn":"arn:aws:iam::222222222222:role/template-reader","RoleSessionName":"cfn"})"));
    ASSERT_FALSE(session.session_token.empty());

    Error denied = get(session).error();
    EXPECT_EQ(denied.code, "AccessDenied");
    EXPECT_EQ(denied.message.rfind("User: arn:aws:sts::222222222222:assumed-role/template-reader/cfn is not authorized", 0), 0u)
        << denied.message;
    ok(admin, "s3", "PutBucketPolicy",
       policy_input(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/template-reader"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"}]})"));
    auto got = get(session);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(get(bob).error().code, "AccessDenied");  // the role is named, not its account
}

TEST_F(S3AccessTest, ARoleDeletedAndRecreatedIsNotTheOneThePolicyNamed) {
    make_reader_role();
    Credentials bob = user(member, k_member, "bob", allow(R"("sts:AssumeRole")", R"("*")"));
    ok(admin, "s3", "PutBucketPolicy",
       policy_input(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/template-reader"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"}]})"));
    const char* assume = R"({"RoleArn":"arn:aws:iam::222222222222:role/template-reader","RoleSessionName":"cfn"})";
    ASSERT_TRUE(get(session_of(ok(bob, "sts", "AssumeRole", assume))));

    ok(member, "iam", "DeleteRolePolicy", R"({"RoleName":"template-reader","PolicyName":"read"})");
    ok(member, "iam", "DeleteRole", R"({"RoleName":"template-reader"})");
    make_reader_role();
    Error e = get(session_of(ok(bob, "sts", "AssumeRole", assume))).error();
    EXPECT_EQ(e.code, "AccessDenied");
    // Putting the policy again binds it to the new role.
    ok(admin, "s3", "PutBucketPolicy",
       policy_input(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/template-reader"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"}]})"));
    ASSERT_TRUE(get(session_of(ok(bob, "sts", "AssumeRole", assume))));
}

TEST_F(S3AccessTest, TheArticlesPolicyLetsOnlyTheAdminAccountRead) {
    ok(admin, "s3", "PutBucketPolicy", policy_input(k_article_policy));
    // The admin account: root, and a user whose own policies allow (the bucket policy
    // delegates to the account) — but not a user without permissions.
    ASSERT_TRUE(get(admin));
    Credentials admin_user = user(admin, k_admin, "operator", allow(R"("s3:GetObject")", R"("*")"));
    ASSERT_TRUE(get(admin_user));
    Credentials admin_nobody = user(admin, k_admin, "nobody");
    EXPECT_EQ(get(admin_nobody).error().code, "AccessDenied");
    // Any other account: denied, whatever its own policies say.
    Credentials member_admin = user(member, k_member, "admin", allow(R"("s3:*")", R"("*")"));
    EXPECT_EQ(get(member_admin).error().code, "AccessDenied");
    EXPECT_EQ(get(member).error().code, "AccessDenied");
}

TEST_F(S3AccessTest, SameAccountABucketPolicyNamingTheUserSuffices) {
    Credentials nobody = user(admin, k_admin, "nobody");
    EXPECT_EQ(get(nobody).error().code, "AccessDenied");
    ok(admin, "s3", "PutBucketPolicy",
       policy_input(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/nobody"},"Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::aws-iam-templates-111111111111","arn:aws:s3:::aws-iam-templates-111111111111/*"]}]})"));
    ASSERT_TRUE(get(nobody));  // no identity policy needed in the owner's account
    EXPECT_EQ(text(ok(nobody, "s3", "ListObjectsV2", R"({"Bucket":"aws-iam-templates-111111111111"})"), "KeyCount"), "1");
    EXPECT_EQ(get(nobody, "absent.yaml").error().code, "NoSuchKey");  // it may list, so it learns the truth
    EXPECT_EQ(put(nobody, k_bucket, "x", "y").error().code, "AccessDenied");
}

TEST_F(S3AccessTest, ExplicitDenyInTheBucketPolicyBindsEvenTheOwnerRoot) {
    ok(admin, "s3", "PutBucketPolicy",
       policy_input(R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/secret/*"}]})"));
    ASSERT_TRUE(put(admin, k_bucket, "secret/x", "s"));
    Error e = get(admin, "secret/x").error();
    EXPECT_EQ(e.code, "AccessDenied");
    EXPECT_NE(e.message.find("with an explicit deny in a resource-based policy"), std::string::npos) << e.message;
    ASSERT_TRUE(get(admin));  // outside the denied prefix
    // The owner's root can still manage the policy that locks it out.
    ok(admin, "s3", "DeleteBucketPolicy", R"({"Bucket":"aws-iam-templates-111111111111"})");
    ASSERT_TRUE(get(admin, "secret/x"));
}

TEST_F(S3AccessTest, PolicyOperationsBelongToTheOwnersAccount) {
    // A member-account principal granted PutBucketPolicy by the bucket policy still may
    // not change it: 405, as AWS answers identities of other accounts.
    ok(admin, "s3", "PutBucketPolicy",
       policy_input(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":["s3:PutBucketPolicy","s3:GetBucketPolicy"],"Resource":"arn:aws:s3:::aws-iam-templates-111111111111"}]})"));
    Error e = error_of(member, "s3", "GetBucketPolicy", R"({"Bucket":"aws-iam-templates-111111111111"})");
    EXPECT_EQ(e.code, "MethodNotAllowed");
    EXPECT_EQ(e.message, "The specified method is not allowed against this resource.");
    Credentials nobody = user(admin, k_admin, "nobody");
    EXPECT_EQ(error(nobody, "s3", "GetBucketPolicy", R"({"Bucket":"aws-iam-templates-111111111111"})"), "AccessDenied");
    Credentials manager = user(admin, k_admin, "manager",
                               allow(R"(["s3:PutBucketPolicy","s3:GetBucketPolicy","s3:DeleteBucketPolicy"])", R"("*")"));
    ok(manager, "s3", "PutBucketPolicy", policy_input(k_article_policy));
    EXPECT_EQ(text(ok(manager, "s3", "GetBucketPolicy", R"({"Bucket":"aws-iam-templates-111111111111"})"), "Policy"),
              k_article_policy);
}

TEST_F(S3AccessTest, TemplateUrlIsReadWithTheCallersPermissions) {
    ok(admin, "s3", "PutBucketPolicy", policy_input(k_article_policy));
    auto read_as = [&](const Credentials& who, const std::string& url) -> Result<std::string> {
        auto caller = cloud().resolve(who);
        if (!caller) return Unexpected(caller.error());
        Node input = Node::make_object();
        RequestInfo info;
        CallContext ctx(cloud(), *caller, input, info);
        return s3::read_object_for_caller(ctx, url);
    };
    for (const char* url : {"https://aws-iam-templates-111111111111.s3.ap-northeast-1.amazonaws.com/iam-roles.yaml",
                            "https://aws-iam-templates-111111111111.s3.amazonaws.com/iam-roles.yaml",
                            "https://s3.ap-northeast-1.amazonaws.com/aws-iam-templates-111111111111/iam-roles.yaml"}) {
        auto body = read_as(admin, url);
        ASSERT_TRUE(body) << url << ": " << body.error().message;
        EXPECT_EQ(*body, "AWSTemplateFormatVersion: 2010-09-09\n");
        EXPECT_EQ(read_as(member, url).error().code, "AccessDenied") << url;
    }
    EXPECT_EQ(read_as(admin, "https://aws-iam-templates-111111111111.s3.amazonaws.com/none.yaml").error().code,
              "NoSuchKey");
    EXPECT_EQ(read_as(admin, "https://nobucket-x.s3.amazonaws.com/a.yaml").error().code, "NoSuchBucket");
    EXPECT_EQ(read_as(admin, "https://example.com/a.yaml").error().code, "ValidationError");
}

}  // namespace
}  // namespace jg::cloud::testing
