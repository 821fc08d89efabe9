// HttpApi end to end against a real AWS-compatible server (started by http_api.sh on a
// free loopback port: moto_server, and `jumpgate serve`): IAM, STS, S3 and CloudFormation
// calls go over HTTP with SigV4 and their responses come back as the output shapes' Nodes.
//
// Environment: JG_E2E_ENDPOINT (the server's URL), JG_E2E_SERVER ("moto" or "jumpgate"),
// AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE and JG_E2E_PROFILE (the profile whose keys
// sign the calls, read with jump/api/profiles).
#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/json.hpp"
#include "jump/api/http_api.hpp"
#include "jump/api/profiles.hpp"
#include "wire/client/http_client.hpp"

namespace jg::jump {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

Node in(std::string_view json) {
    auto n = parse_json(json);
    EXPECT_TRUE(n) << n.error().str();
    return n ? *n : Node::make_object();
}

std::string text(const Node& object, std::string_view path) {
    const Node* n = &object;
    size_t pos = 0;
    while (n && pos <= path.size()) {
        size_t dot = path.find('.', pos);
        std::string_view key = path.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos);
        if (n->is_array()) {
            size_t index = std::stoul(std::string(key));
            n = index < n->items.size() ? &n->items[index] : nullptr;
        } else {
            n = n->find(key);
        }
        if (dot == std::string_view::npos) break;
        pos = dot + 1;
    }
    return n ? n->text : "<absent>";
}

class HttpApiE2e : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_FALSE(env("JG_E2E_ENDPOINT").empty()) << "run through tests/e2e/http_api.sh";
        auto creds = read_profile_credentials(env("JG_E2E_PROFILE"));
        ASSERT_TRUE(creds) << creds.error().str();
        m_credentials = *creds;
        m_transport = std::make_shared<wire::HttpClient>();
        auto api = HttpApi::create({env("JG_E2E_ENDPOINT")}, m_transport);
        ASSERT_TRUE(api) << api.error().str();
        m_api = std::move(*api);
    }

    bool jumpgate() const { return env("JG_E2E_SERVER") == "jumpgate"; }

    Result<Node> call(std::string_view service, std::string_view action, const Node& input,
                      const AwsCredentials* as = nullptr) {
        return m_api->call(as ? *as : m_credentials, service, action, input, "ap-northeast-1");
    }
    Node ok(std::string_view service, std::string_view action, std::string_view json) {
        auto out = call(service, action, in(json));
        EXPECT_TRUE(out) << service << " " << action << ": " << out.error().str();
        return out ? *out : Node::make_object();
    }

    AwsCredentials m_credentials;
    std::shared_ptr<wire::HttpClient> m_transport;
    std::unique_ptr<HttpApi> m_api;
};

TEST_F(HttpApiE2e, StsIdentityAndSessionCredentials) {
    Node who = ok("sts", "GetCallerIdentity", "{}");
    EXPECT_EQ(text(who, "Account").size(), 12u);
    EXPECT_TRUE(text(who, "Arn").starts_with("arn:aws:")) << text(who, "Arn");

    Node session = ok("sts", "GetSessionToken", R"({"DurationSeconds": 900})");
    const Node* c = session.find("Credentials");
    ASSERT_NE(c, nullptr);
    EXPECT_TRUE(parse_iso8601(text(*c, "Expiration"))) << text(*c, "Expiration");
    AwsCredentials temp{text(*c, "AccessKeyId"), text(*c, "SecretAccessKey"), text(*c, "SessionToken")};
    ASSERT_FALSE(temp.session_token.empty());
    auto again = call("sts", "GetCallerIdentity", Node::make_object(), &temp);
    ASSERT_TRUE(again) << again.error().str();
    EXPECT_EQ(text(*again, "Account"), text(who, "Account"));
}

TEST_F(HttpApiE2e, IamUsersGroupsPoliciesAndErrors) {
    Node created = ok("iam", "CreateUser", R"({"UserName": "e2e.taro", "Path": "/jump/",
                                              "Tags": [{"Key": "team", "Value": "a b+c"}]})");
    EXPECT_EQ(text(created, "User.UserName"), "e2e.taro");
    EXPECT_EQ(text(created, "User.Path"), "/jump/");
    EXPECT_TRUE(text(created, "User.Arn").ends_with(":user/jump/e2e.taro")) << text(created, "User.Arn");
    EXPECT_TRUE(text(created, "User.CreateDate").ends_with("Z")) << text(created, "User.CreateDate");

    Node listed = ok("iam", "ListUsers", R"({"PathPrefix": "/jump/"})");
    ASSERT_TRUE(listed.find("Users") && listed.find("Users")->is_array());
    EXPECT_EQ(text(listed, "Users.0.UserName"), "e2e.taro");
    EXPECT_TRUE(listed.find("IsTruncated") && listed.find("IsTruncated")->is_bool());
    Node tags = ok("iam", "ListUserTags", R"({"UserName": "e2e.taro"})");
    EXPECT_EQ(text(tags, "Tags.0.Value"), "a b+c");

    ok("iam", "CreateGroup", R"({"GroupName": "group-e2e"})");
    ok("iam", "AddUserToGroup", R"({"GroupName": "group-e2e", "UserName": "e2e.taro"})");
    const std::string policy =
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/role-admin","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]})";
    Node put = Node::make_object();
    put.add("GroupName", Node::make_string("group-e2e"));
    put.add("PolicyName", Node::make_string("assume-admin"));
    put.add("PolicyDocument", Node::make_string(policy));
    auto put_ok = call("iam", "PutGroupPolicy", put);
    ASSERT_TRUE(put_ok) << put_ok.error().str();
    Node got = ok("iam", "GetGroupPolicy", R"({"GroupName": "group-e2e", "PolicyName": "assume-admin"})");
    EXPECT_NE(text(got, "PolicyDocument").find("MultiFactorAuthPresent"), std::string::npos);
    Node groups = ok("iam", "ListGroupsForUser", R"({"UserName": "e2e.taro"})");
    EXPECT_EQ(text(groups, "Groups.0.GroupName"), "group-e2e");

    ok("iam", "UpdateAccountPasswordPolicy",
       R"({"MinimumPasswordLength": 14, "RequireSymbols": true, "RequireNumbers": true, "MaxPasswordAge": 90})");
    Node pp = ok("iam", "GetAccountPasswordPolicy", "{}");
    const Node* length = pp.find("PasswordPolicy") ? pp.find("PasswordPolicy")->find("MinimumPasswordLength") : nullptr;
    ASSERT_NE(length, nullptr);
    EXPECT_TRUE(length->is_number());
    EXPECT_EQ(length->text, "14");
    const Node* symbols = pp.find("PasswordPolicy")->find("RequireSymbols");
    ASSERT_NE(symbols, nullptr);
    EXPECT_TRUE(symbols->is_bool());
    EXPECT_EQ(symbols->text, "true");

    Node profile = ok("iam", "CreateLoginProfile",
                      R"({"UserName": "e2e.taro", "Password": "Aa1!p@ss w+rd/=é~%xyz", "PasswordResetRequired": true})");
    EXPECT_EQ(text(profile, "LoginProfile.UserName"), "e2e.taro");
    Node key = ok("iam", "CreateAccessKey", R"({"UserName": "e2e.taro"})");
    EXPECT_EQ(text(key, "AccessKey.Status"), "Active");
    EXPECT_GE(text(key, "AccessKey.SecretAccessKey").size(), 30u);

    // An error comes back with AWS's code and message.
    auto missing = call("iam", "GetUser", in(R"({"UserName": "nobody.here"})"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "NoSuchEntity");
    EXPECT_NE(missing.error().message.find("nobody.here"), std::string::npos) << missing.error().message;
    // Input the model refuses never leaves the client.
    auto bad = call("iam", "CreateUser", in(R"({"UserNam": "x"})"));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, "ParamValidation");

    // Offboarding in the article's order, then nothing is left.
    ok("iam", "DeleteAccessKey", (R"({"UserName": "e2e.taro", "AccessKeyId": ")" + text(key, "AccessKey.AccessKeyId") + "\"}").c_str());
    ok("iam", "DeleteLoginProfile", R"({"UserName": "e2e.taro"})");
    ok("iam", "RemoveUserFromGroup", R"({"GroupName": "group-e2e", "UserName": "e2e.taro"})");
    ok("iam", "DeleteGroupPolicy", R"({"GroupName": "group-e2e", "PolicyName": "assume-admin"})");
    ok("iam", "DeleteGroup", R"({"GroupName": "group-e2e"})");
    ok("iam", "DeleteUser", R"({"UserName": "e2e.taro"})");
    auto gone = call("iam", "GetUser", in(R"({"UserName": "e2e.taro"})"));
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().code, "NoSuchEntity");
}

TEST_F(HttpApiE2e, S3BucketObjectsAndPolicy) {
    ok("s3", "CreateBucket", R"({"Bucket": "jump-e2e-templates",
                                 "CreateBucketConfiguration": {"LocationConstraint": "ap-northeast-1"}})");
    const std::string body = "AWSTemplateFormatVersion: '2010-09-09'\nResources: {} # é\n";
    Node put = in(R"({"Bucket": "jump-e2e-templates", "Key": "roles/a b+c~é.yaml", "ContentType": "application/yaml",
                      "Metadata": {"owner": "Jump Account"}})");
    put.add("Body", Node::make_string(body));
    auto put_out = call("s3", "PutObject", put);
    ASSERT_TRUE(put_out) << put_out.error().str();
    EXPECT_EQ(text(*put_out, "ETag").front(), '"');

    Node head = ok("s3", "HeadObject", R"({"Bucket": "jump-e2e-templates", "Key": "roles/a b+c~é.yaml"})");
    ASSERT_TRUE(head.find("ContentLength") && head.find("ContentLength")->is_number());
    EXPECT_EQ(text(head, "ContentLength"), std::to_string(body.size()));
    EXPECT_EQ(text(head, "ContentType"), "application/yaml");
    EXPECT_EQ(text(head, "Metadata.owner"), "Jump Account");
    EXPECT_TRUE(text(head, "LastModified").ends_with("Z")) << text(head, "LastModified");
    EXPECT_EQ(text(head, "ETag"), text(*put_out, "ETag"));

    Node get = ok("s3", "GetObject", R"({"Bucket": "jump-e2e-templates", "Key": "roles/a b+c~é.yaml"})");
    EXPECT_EQ(text(get, "Body"), body);
    ok("s3", "PutObject", R"({"Bucket": "jump-e2e-templates", "Key": "groups.yaml", "Body": "x"})");

    Node list = ok("s3", "ListObjectsV2", R"({"Bucket": "jump-e2e-templates", "Prefix": "roles/"})");
    EXPECT_EQ(text(list, "KeyCount"), "1");
    EXPECT_EQ(text(list, "Contents.0.Key"), "roles/a b+c~é.yaml");
    EXPECT_EQ(text(list, "Contents.0.Size"), std::to_string(body.size()));
    Node all = ok("s3", "ListObjectsV2", R"({"Bucket": "jump-e2e-templates", "Delimiter": "/"})");
    EXPECT_EQ(text(all, "Contents.0.Key"), "groups.yaml");
    EXPECT_EQ(text(all, "CommonPrefixes.0.Prefix"), "roles/");

    const std::string policy =
        R"({"Version":"2012-10-17","Statement":[{"Sid":"read","Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::jump-e2e-templates/*"}]})";
    Node put_policy = in(R"({"Bucket": "jump-e2e-templates"})");
    put_policy.add("Policy", Node::make_string(policy));
    auto policy_out = call("s3", "PutBucketPolicy", put_policy);
    ASSERT_TRUE(policy_out) << policy_out.error().str();
    Node got_policy = ok("s3", "GetBucketPolicy", R"({"Bucket": "jump-e2e-templates"})");
    auto parsed = parse_json(text(got_policy, "Policy"));
    ASSERT_TRUE(parsed) << text(got_policy, "Policy");
    EXPECT_EQ(text(*parsed, "Statement.0.Sid"), "read");
    ok("s3", "DeleteBucketPolicy", R"({"Bucket": "jump-e2e-templates"})");
    auto no_policy = call("s3", "GetBucketPolicy", in(R"({"Bucket": "jump-e2e-templates"})"));
    ASSERT_FALSE(no_policy);
    EXPECT_EQ(no_policy.error().code, "NoSuchBucketPolicy");

    auto no_key = call("s3", "GetObject", in(R"({"Bucket": "jump-e2e-templates", "Key": "nope.yaml"})"));
    ASSERT_FALSE(no_key);
    EXPECT_EQ(no_key.error().code, "NoSuchKey");
    EXPECT_FALSE(no_key.error().message.empty());
    // HEAD errors have no body: the status is all there is (botocore's "404").
    auto no_head = call("s3", "HeadObject", in(R"({"Bucket": "jump-e2e-templates", "Key": "nope.yaml"})"));
    ASSERT_FALSE(no_head);
    EXPECT_EQ(no_head.error().code, "404");
    EXPECT_EQ(no_head.error().message, "Not Found");

    auto not_empty = call("s3", "DeleteBucket", in(R"({"Bucket": "jump-e2e-templates"})"));
    ASSERT_FALSE(not_empty);
    EXPECT_EQ(not_empty.error().code, "BucketNotEmpty");
    ok("s3", "DeleteObject", R"({"Bucket": "jump-e2e-templates", "Key": "roles/a b+c~é.yaml"})");
    ok("s3", "DeleteObject", R"({"Bucket": "jump-e2e-templates", "Key": "groups.yaml"})");
    ok("s3", "DeleteBucket", R"({"Bucket": "jump-e2e-templates"})");
    auto gone = call("s3", "ListObjectsV2", in(R"({"Bucket": "jump-e2e-templates"})"));
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().code, "NoSuchBucket");
}

TEST_F(HttpApiE2e, CloudFormationStackLifecycle) {
    const std::string templ =
        "AWSTemplateFormatVersion: '2010-09-09'\n"
        "Parameters:\n  RoleName: {Type: String}\n"
        "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Ref RoleName\n"
        "      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n"
        "          - {Effect: Allow, Principal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root'}, Action: 'sts:AssumeRole'}\n"
        "Outputs:\n  RoleArn:\n    Value: !GetAtt Role.Arn\n";
    Node create = in(R"({"StackName": "e2e-roles", "Capabilities": ["CAPABILITY_NAMED_IAM"],
                         "Parameters": [{"ParameterKey": "RoleName", "ParameterValue": "role-cfn-e2e"}],
                         "EnableTerminationProtection": true, "Tags": [{"Key": "jumpgate", "Value": "e2e"}]})");
    create.add("TemplateBody", Node::make_string(templ));
    auto created = call("cloudformation", "CreateStack", create);
    ASSERT_TRUE(created) << created.error().str();
    EXPECT_TRUE(text(*created, "StackId").starts_with("arn:aws:cloudformation:")) << text(*created, "StackId");

    // moto creates the stack within the call; jumpgate (like AWS) in the background.
    Node described;
    for (int i = 0; i < 600; ++i) {
        described = ok("cloudformation", "DescribeStacks", R"({"StackName": "e2e-roles"})");
        if (!text(described, "Stacks.0.StackStatus").ends_with("_IN_PROGRESS")) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(text(described, "Stacks.0.StackName"), "e2e-roles");
    EXPECT_EQ(text(described, "Stacks.0.StackStatus"), "CREATE_COMPLETE");
    EXPECT_EQ(text(described, "Stacks.0.Parameters.0.ParameterValue"), "role-cfn-e2e");
    EXPECT_EQ(text(described, "Stacks.0.Tags.0.Value"), "e2e");
    const Node* protection = described.find("Stacks")->items.at(0).find("EnableTerminationProtection");
    ASSERT_NE(protection, nullptr);
    EXPECT_TRUE(protection->is_bool());
    EXPECT_EQ(protection->text, "true");
    EXPECT_TRUE(text(described, "Stacks.0.Outputs.0.OutputValue").ends_with(":role/role-cfn-e2e"))
        << text(described, "Stacks.0.Outputs.0.OutputValue");
    Node role = ok("iam", "GetRole", R"({"RoleName": "role-cfn-e2e"})");
    EXPECT_EQ(text(role, "Role.RoleName"), "role-cfn-e2e");

    // Termination protection (moto implements neither the check nor its update).
    if (jumpgate()) {
        auto protected_delete = call("cloudformation", "DeleteStack", in(R"({"StackName": "e2e-roles"})"));
        ASSERT_FALSE(protected_delete);
        EXPECT_EQ(protected_delete.error().code, "ValidationError");
        ok("cloudformation", "UpdateTerminationProtection",
           R"({"StackName": "e2e-roles", "EnableTerminationProtection": false})");
    }
    ok("cloudformation", "DeleteStack", R"({"StackName": "e2e-roles"})");
    auto missing = call("cloudformation", "DescribeStacks", in(R"({"StackName": "no-such-stack"})"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "ValidationError");
    EXPECT_NE(missing.error().message.find("does not exist"), std::string::npos) << missing.error().message;
}

TEST_F(HttpApiE2e, ConnectionsAreKeptAlive) {
    for (int i = 0; i < 5; ++i) ok("sts", "GetCallerIdentity", "{}");
    ok("s3", "ListBuckets", "{}");
    std::printf("[ measure  ] %s: 6 calls over %ld connection(s)\n", env("JG_E2E_SERVER").c_str(),
                m_transport->connections_opened());
    // moto's development server closes every connection after its response.
    if (jumpgate()) EXPECT_EQ(m_transport->connections_opened(), 1);
    else EXPECT_LE(m_transport->connections_opened(), 6);
}

TEST_F(HttpApiE2e, WrongSecretIsSignatureDoesNotMatch) {
    // Only run against jumpgate serve (http_api.sh filters it out for moto, which does not
    // verify signatures).
    ASSERT_TRUE(jumpgate());
    AwsCredentials wrong = m_credentials;
    wrong.secret_access_key += "x";
    auto out = call("sts", "GetCallerIdentity", Node::make_object(), &wrong);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, "SignatureDoesNotMatch");
    auto s3 = call("s3", "ListBuckets", Node::make_object(), &wrong);
    ASSERT_FALSE(s3);
    EXPECT_EQ(s3.error().code, "SignatureDoesNotMatch");
}

}  // namespace
}  // namespace jg::jump
