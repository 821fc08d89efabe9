// SimulatePrincipalPolicy and SimulateCustomPolicy through the dispatch table: decisions
// of the engine, matched statements, context entries, boundaries and errors.
#include "fixture.hpp"

namespace jg::cloud::testing {
namespace {

std::string json_string(std::string_view text) { return to_json(Node::make_string(std::string(text))); }

constexpr std::string_view k_s3_read = R"({"Version":"2012-10-17","Statement":[
  {"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"},
  {"Sid":"NoSecrets","Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::secrets/*"}]})";

constexpr std::string_view k_mfa_only = R"({"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":"ec2:StopInstances","Resource":"*",
   "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]})";

class IamSimulate : public CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        root = account("111111111111");
        ok(root, "iam", "CreateUser", R"({"UserName":"alice"})");
        ok(root, "iam", "PutUserPolicy",
           R"({"UserName":"alice","PolicyName":"s3-read","PolicyDocument":)" + json_string(k_s3_read) + "}");
        ok(root, "iam", "CreateGroup", R"({"GroupName":"readers"})");
        ok(root, "iam", "AttachGroupPolicy",
           R"({"GroupName":"readers","PolicyArn":"arn:aws:iam::aws:policy/IAMReadOnlyAccess"})");
        ok(root, "iam", "AddUserToGroup", R"({"GroupName":"readers","UserName":"alice"})");
    }
    static std::vector<std::string> decisions(const Node& out) {
        std::vector<std::string> v;
        for (const Node& r : out.find("EvaluationResults")->items) v.push_back(text(r, "EvalDecision"));
        return v;
    }
    Credentials root;
};

TEST_F(IamSimulate, PrincipalPolicyCoversUserAndGroupPolicies) {
    Node out = ok(root, "iam", "SimulatePrincipalPolicy",
                  R"({"PolicySourceArn":"arn:aws:iam::111111111111:user/alice",
                      "ActionNames":["s3:GetObject","iam:ListUsers","iam:CreateUser"],
                      "ResourceArns":["arn:aws:s3:::public/a.txt","arn:aws:s3:::secrets/key"]})");
    // IAMReadOnlyAccess (Resource "*") allows iam:ListUsers whatever resource is named.
    EXPECT_EQ(decisions(out), (std::vector<std::string>{"allowed", "explicitDeny", "allowed", "allowed",
                                                        "implicitDeny", "implicitDeny"}));
    const Node& first = out.find("EvaluationResults")->items[0];
    EXPECT_EQ(text(first, "EvalActionName"), "s3:GetObject");
    EXPECT_EQ(text(first, "EvalResourceName"), "arn:aws:s3:::public/a.txt");
    ASSERT_EQ(first.find("MatchedStatements")->items.size(), 1u);
    const Node& m = first.find("MatchedStatements")->items[0];
    EXPECT_EQ(text(m, "SourcePolicyId"), "s3-read");
    EXPECT_EQ(text(m, "SourcePolicyType"), "user");
    EXPECT_EQ(text(m, "StartPosition", "Line"), "2");
    // The deny is what matched for the secret.
    const Node& second = out.find("EvaluationResults")->items[1];
    bool saw_deny = false;
    for (const Node& s : second.find("MatchedStatements")->items) saw_deny |= text(s, "StartPosition", "Line") == "3";
    EXPECT_TRUE(saw_deny);

    // iam:ListUsers on "*" comes from the group's AWS managed policy.
    Node iam = ok(root, "iam", "SimulatePrincipalPolicy",
                  R"({"PolicySourceArn":"arn:aws:iam::111111111111:user/alice","ActionNames":["iam:ListUsers"]})");
    EXPECT_EQ(decisions(iam), std::vector<std::string>{"allowed"});
    const Node& r = iam.find("EvaluationResults")->items[0];
    EXPECT_EQ(text(r, "EvalResourceName"), "*");
    EXPECT_EQ(text(r.find("MatchedStatements")->items[0], "SourcePolicyId"),
              "arn:aws:iam::aws:policy/IAMReadOnlyAccess");
    EXPECT_EQ(text(r.find("MatchedStatements")->items[0], "SourcePolicyType"), "aws-managed");
}

TEST_F(IamSimulate, GivenPoliciesAndBoundaries) {
    // An extra policy allows CreateUser; a given boundary that only allows s3 takes it back.
    const std::string allow_iam = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*"}]})";
    const std::string only_s3 = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})";
    Node with = ok(root, "iam", "SimulatePrincipalPolicy",
                   R"({"PolicySourceArn":"arn:aws:iam::111111111111:user/alice","ActionNames":["iam:CreateUser"],"PolicyInputList":[)" +
                       json_string(allow_iam) + "]}");
    EXPECT_EQ(decisions(with), std::vector<std::string>{"allowed"});
    EXPECT_EQ(text(with.find("EvaluationResults")->items[0].find("MatchedStatements")->items[0], "SourcePolicyId"),
              "PolicyInputList.1");
    Node bounded = ok(root, "iam", "SimulatePrincipalPolicy",
                      R"({"PolicySourceArn":"arn:aws:iam::111111111111:user/alice","ActionNames":["iam:CreateUser","s3:ListBucket"],"PolicyInputList":[)" +
                          json_string(allow_iam) + R"(],"PermissionsBoundaryPolicyInputList":[)" + json_string(only_s3) + "]}");
    EXPECT_EQ(decisions(bounded), (std::vector<std::string>{"implicitDeny", "allowed"}));
}

TEST_F(IamSimulate, CustomPolicyWithContextEntries) {
    const std::string base = R"({"PolicyInputList":[)" + json_string(k_mfa_only) +
                             R"(],"ActionNames":["ec2:StopInstances"],"CallerArn":"arn:aws:iam::111111111111:user/alice")";
    EXPECT_EQ(decisions(ok(root, "iam", "SimulateCustomPolicy", base + "}")), std::vector<std::string>{"implicitDeny"});
    Node with_mfa = ok(root, "iam", "SimulateCustomPolicy",
                       base + R"(,"ContextEntries":[{"ContextKeyName":"aws:MultiFactorAuthPresent","ContextKeyValues":["true"],"ContextKeyType":"boolean"}]})");
    EXPECT_EQ(decisions(with_mfa), std::vector<std::string>{"allowed"});
    EXPECT_EQ(text(with_mfa.find("EvaluationResults")->items[0].find("MatchedStatements")->items[0], "SourcePolicyType"),
              "none");
}

TEST_F(IamSimulate, PagingAndErrors) {
    Node page = ok(root, "iam", "SimulatePrincipalPolicy",
                   R"({"PolicySourceArn":"arn:aws:iam::111111111111:user/alice","ActionNames":["s3:GetObject","s3:ListBucket","s3:PutObject"],"MaxItems":2})");
    EXPECT_EQ(page.find("EvaluationResults")->items.size(), 2u);
    EXPECT_EQ(text(page, "IsTruncated"), "true");
    Node rest = ok(root, "iam", "SimulatePrincipalPolicy",
                   R"({"PolicySourceArn":"arn:aws:iam::111111111111:user/alice","ActionNames":["s3:GetObject","s3:ListBucket","s3:PutObject"],"MaxItems":2,"Marker":")" +
                       text(page, "Marker") + "\"}");
    EXPECT_EQ(decisions(rest), std::vector<std::string>{"implicitDeny"});
    EXPECT_EQ(text(rest, "IsTruncated"), "false");

    EXPECT_EQ(error(root, "iam", "SimulatePrincipalPolicy",
                    R"({"PolicySourceArn":"arn:aws:iam::111111111111:user/nobody","ActionNames":["s3:GetObject"]})"),
              "NoSuchEntity");
    EXPECT_EQ(error(root, "iam", "SimulatePrincipalPolicy",
                    R"({"PolicySourceArn":"arn:aws:iam::111111111111:user/alice"})"),
              "ValidationError");
    EXPECT_EQ(error(root, "iam", "SimulateCustomPolicy",
                    R"({"PolicyInputList":["{not json"],"ActionNames":["s3:GetObject"]})"),
              "MalformedPolicyDocument");
    EXPECT_EQ(error(root, "iam", "SimulateCustomPolicy", R"({"ActionNames":["s3:GetObject"]})"), "ValidationError");
    // alice may simulate (IAMReadOnlyAccess grants iam:Simulate*); bob, without policies, may not.
    ok(root, "iam", "CreateUser", R"({"UserName":"bob"})");
    Node key = ok(root, "iam", "CreateAccessKey", R"({"UserName":"bob"})");
    Credentials bob{text(key, "AccessKey", "AccessKeyId"), {}};
    EXPECT_EQ(error(bob, "iam", "SimulatePrincipalPolicy",
                    R"({"PolicySourceArn":"arn:aws:iam::111111111111:user/alice","ActionNames":["s3:GetObject"]})"),
              "AccessDenied");
}

}  // namespace
}  // namespace jg::cloud::testing
