// IAM handlers: entities, policies, attachments, quotas, validation, paging, conflicts.
#include "fixture.hpp"
#include "policy/managed_policies.hpp"

namespace jg::cloud::testing {
namespace {

const char* k_allow_all = R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]})";
const char* k_trust = R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"sts:AssumeRole\"}]})";

class IamTest : public CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        root = account("111111111111");
    }
    std::string policy(const std::string& name) {
        Node out = ok(root, "iam", "CreatePolicy",
                      R"({"PolicyName":")" + name + R"(","PolicyDocument":")" + k_allow_all + R"("})");
        return text(out, "Policy", "Arn");
    }
    Credentials root;
};

TEST_F(IamTest, PagingWithMarkerAndMaxItems) {
    for (const char* n : {"a", "b", "c", "d", "e"}) ok(root, "iam", "CreateUser", std::string(R"({"UserName":")") + n + R"("})");
    Node page1 = ok(root, "iam", "ListUsers", R"({"MaxItems":2})");
    ASSERT_EQ(page1.find("Users")->items.size(), 2u);
    EXPECT_EQ(page1.find("IsTruncated")->text, "true");
    std::string marker = text(page1, "Marker");
    Node page2 = ok(root, "iam", "ListUsers", R"({"MaxItems":3,"Marker":")" + marker + R"("})");
    ASSERT_EQ(page2.find("Users")->items.size(), 3u);
    EXPECT_EQ(text(page2.find("Users")->items[0], "UserName"), "c");
    EXPECT_EQ(page2.find("IsTruncated")->text, "false");
    EXPECT_EQ(page2.find("Marker"), nullptr);
    EXPECT_EQ(error(root, "iam", "ListUsers", R"({"MaxItems":0})"), "ValidationError");
    EXPECT_EQ(error(root, "iam", "ListUsers", R"({"MaxItems":1001})"), "ValidationError");
    Node none = ok(root, "iam", "ListUsers", R"({"PathPrefix":"/nobody/"})");
    EXPECT_TRUE(none.find("Users")->items.empty());
}

TEST_F(IamTest, GroupsPerUserQuotaIsTen) {
    ok(root, "iam", "CreateUser", R"({"UserName":"u"})");
    for (int i = 0; i < 11; ++i) ok(root, "iam", "CreateGroup", R"({"GroupName":"g)" + std::to_string(i) + R"("})");
    for (int i = 0; i < 10; ++i)
        ok(root, "iam", "AddUserToGroup", R"({"GroupName":"g)" + std::to_string(i) + R"(","UserName":"u"})");
    Error e = error_of(root, "iam", "AddUserToGroup", R"({"GroupName":"g10","UserName":"u"})");
    EXPECT_EQ(e.code, "LimitExceeded");
    EXPECT_EQ(e.message, "Cannot exceed quota for GroupsPerUser: 10");
    EXPECT_EQ(ok(root, "iam", "ListGroupsForUser", R"({"UserName":"u"})").find("Groups")->items.size(), 10u);
    Node g = ok(root, "iam", "GetGroup", R"({"GroupName":"g0"})");
    EXPECT_EQ(text(g.find("Users")->items.at(0), "UserName"), "u");
}

TEST_F(IamTest, ManagedPoliciesPerEntityQuotaIsTen) {
    ok(root, "iam", "CreateRole", std::string(R"({"RoleName":"r","AssumeRolePolicyDocument":")") + k_trust + R"("})");
    for (int i = 0; i < 10; ++i)
        ok(root, "iam", "AttachRolePolicy", R"({"RoleName":"r","PolicyArn":")" + policy("p" + std::to_string(i)) + R"("})");
    std::string eleventh = policy("p10");
    Error e = error_of(root, "iam", "AttachRolePolicy", R"({"RoleName":"r","PolicyArn":")" + eleventh + R"("})");
    EXPECT_EQ(e.code, "LimitExceeded");
    EXPECT_EQ(e.message, "Cannot exceed quota for PoliciesPerRole: 10");
    EXPECT_EQ(ok(root, "iam", "ListAttachedRolePolicies", R"({"RoleName":"r"})").find("AttachedPolicies")->items.size(), 10u);
    // Attachment counts, and an attached policy cannot be deleted.
    std::string p0 = "arn:aws:iam::111111111111:policy/p0";
    EXPECT_EQ(text(ok(root, "iam", "GetPolicy", R"({"PolicyArn":")" + p0 + R"("})"), "Policy", "AttachmentCount"), "1");
    EXPECT_EQ(error(root, "iam", "DeletePolicy", R"({"PolicyArn":")" + p0 + R"("})"), "DeleteConflict");
    ok(root, "iam", "DetachRolePolicy", R"({"RoleName":"r","PolicyArn":")" + p0 + R"("})");
    ok(root, "iam", "DeletePolicy", R"({"PolicyArn":")" + p0 + R"("})");
    EXPECT_EQ(error(root, "iam", "GetPolicy", R"({"PolicyArn":")" + p0 + R"("})"), "NoSuchEntity");
}

TEST_F(IamTest, AwsManagedPoliciesAttachByArnAndCount) {
    ok(root, "iam", "CreateGroup", R"({"GroupName":"ops"})");
    std::string ro = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    ok(root, "iam", "AttachGroupPolicy", R"({"GroupName":"ops","PolicyArn":")" + ro + R"("})");
    EXPECT_EQ(text(ok(root, "iam", "GetPolicy", R"({"PolicyArn":")" + ro + R"("})"), "Policy", "AttachmentCount"), "1");
    Node attached = ok(root, "iam", "ListPolicies", R"({"OnlyAttached":true})");
    ASSERT_EQ(attached.find("Policies")->items.size(), 1u);
    EXPECT_EQ(error(root, "iam", "AttachGroupPolicy",
                    R"({"GroupName":"ops","PolicyArn":"arn:aws:iam::aws:policy/NoSuchPolicyXyz"})"),
              "NoSuchEntity");
    EXPECT_EQ(error(root, "iam", "AttachGroupPolicy", R"({"GroupName":"ops","PolicyArn":"not-an-arn-at-all-xx"})"),
              "InvalidInput");
}

TEST_F(IamTest, AwsManagedPoliciesReportTheirRealDefaultVersionAndDates) {
    // AdministratorAccess has had one version since 2015; ReadOnlyAccess has been revised
    // many times, and AWS makes each new version the default.
    Node admin = ok(root, "iam", "GetPolicy", R"({"PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"})");
    EXPECT_EQ(text(admin, "Policy", "DefaultVersionId"), "v1");
    EXPECT_EQ(text(admin, "Policy", "CreateDate"), "2015-02-06T18:39:46Z");
    const std::string read_only = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    Node ro = ok(root, "iam", "GetPolicy", R"({"PolicyArn":")" + read_only + R"("})");
    const std::string version = text(ro, "Policy", "DefaultVersionId");
    ASSERT_EQ(version, policy::aws_managed_policy_info(read_only)->default_version_id);
    EXPECT_GT(std::stoi(version.substr(1)), 100);
    Node v = ok(root, "iam", "GetPolicyVersion", R"({"PolicyArn":")" + read_only + R"(","VersionId":")" + version + R"("})");
    EXPECT_EQ(text(v, "PolicyVersion", "IsDefaultVersion"), "true");
    EXPECT_FALSE(text(v, "PolicyVersion", "CreateDate").empty());
    // Older versions are not held offline.
    EXPECT_EQ(error(root, "iam", "GetPolicyVersion", R"({"PolicyArn":")" + read_only + R"(","VersionId":"v1"})"),
              "NoSuchEntity");
    Node list = ok(root, "iam", "ListPolicyVersions", R"({"PolicyArn":")" + read_only + R"("})");
    ASSERT_EQ(list.find("Versions")->items.size(), 1u);
    EXPECT_EQ(text(list.find("Versions")->items[0], "VersionId"), version);
}

TEST_F(IamTest, PolicyVersionsUpToFive) {
    std::string arn = policy("versioned");
    std::string doc = std::string(R"(","PolicyDocument":")") + k_allow_all + "\"";
    for (int i = 2; i <= 5; ++i) {
        Node v = ok(root, "iam", "CreatePolicyVersion", R"({"PolicyArn":")" + arn + doc + "}");
        EXPECT_EQ(text(v, "PolicyVersion", "VersionId"), "v" + std::to_string(i));
    }
    Error e = error_of(root, "iam", "CreatePolicyVersion", R"({"PolicyArn":")" + arn + doc + "}");
    EXPECT_EQ(e.code, "LimitExceeded");
    EXPECT_EQ(error(root, "iam", "DeletePolicyVersion", R"({"PolicyArn":")" + arn + R"(","VersionId":"v1"})"),
              "DeleteConflict");  // the default
    ok(root, "iam", "SetDefaultPolicyVersion", R"({"PolicyArn":")" + arn + R"(","VersionId":"v3"})");
    EXPECT_EQ(text(ok(root, "iam", "GetPolicy", R"({"PolicyArn":")" + arn + R"("})"), "Policy", "DefaultVersionId"), "v3");
    ok(root, "iam", "DeletePolicyVersion", R"({"PolicyArn":")" + arn + R"(","VersionId":"v1"})");
    EXPECT_EQ(ok(root, "iam", "ListPolicyVersions", R"({"PolicyArn":")" + arn + R"("})").find("Versions")->items.size(), 4u);
    EXPECT_EQ(error(root, "iam", "DeletePolicy", R"({"PolicyArn":")" + arn + R"("})"), "DeleteConflict");  // versions left
    EXPECT_EQ(error(root, "iam", "GetPolicyVersion", R"({"PolicyArn":")" + arn + R"(","VersionId":"v1"})"), "NoSuchEntity");
    ok(root, "iam", "CreatePolicyVersion", R"({"PolicyArn":")" + arn + doc + R"(,"SetAsDefault":true})");
    EXPECT_EQ(text(ok(root, "iam", "GetPolicy", R"({"PolicyArn":")" + arn + R"("})"), "Policy", "DefaultVersionId"), "v6");
}

TEST_F(IamTest, MalformedAndOversizedDocumentsChangeNothing) {
    EXPECT_EQ(error(root, "iam", "CreatePolicy", R"({"PolicyName":"bad","PolicyDocument":"{\"Statement\":[]"})"),
              "MalformedPolicyDocument");
    EXPECT_EQ(error(root, "iam", "CreatePolicy",
                    R"({"PolicyName":"bad","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"*\",\"Resource\":\"*\"}]}"})"),
              "MalformedPolicyDocument");
    // A trust policy needs a Principal (AWS's words, not the engine's).
    Error trust = error_of(root, "iam", "CreateRole",
                           std::string(R"({"RoleName":"r","AssumeRolePolicyDocument":")") + k_allow_all + R"("})");
    EXPECT_EQ(trust.code, "MalformedPolicyDocument");
    EXPECT_EQ(trust.message, "Missing required field Principal");
    // An identity policy names no principal.
    EXPECT_EQ(error_of(root, "iam", "CreatePolicy",
                       R"({"PolicyName":"p","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}"})")
                  .message,
              "Policy document should not specify a principal.");
    // 6,144 characters for a managed policy (whitespace not counted).
    std::string actions;
    for (int i = 0; i < 400; ++i) actions += std::string(i ? "," : "") + "\\\"s3:GetObjectVersion" + std::to_string(i) + "\\\"";
    std::string big = R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[)" + actions + R"(],\"Resource\":\"*\"}]})";
    Error e = error_of(root, "iam", "CreatePolicy", R"({"PolicyName":"big","PolicyDocument":")" + big + R"("})");
    EXPECT_EQ(e.code, "LimitExceeded");
    EXPECT_EQ(e.message, "Cannot exceed quota for PolicySize: 6144");
    // User inline policies: 2,048 in aggregate.
    ok(root, "iam", "CreateUser", R"({"UserName":"u"})");
    EXPECT_EQ(error(root, "iam", "PutUserPolicy", R"({"UserName":"u","PolicyName":"p","PolicyDocument":")" + big + R"("})"),
              "LimitExceeded");
    EXPECT_TRUE(ok(root, "iam", "ListPolicies", R"({"Scope":"Local"})").find("Policies")->items.empty());
    EXPECT_TRUE(ok(root, "iam", "ListUserPolicies", R"({"UserName":"u"})").find("PolicyNames")->items.empty());
    EXPECT_EQ(error(root, "iam", "ListPolicies", R"({"Scope":"Mine"})"), "ValidationError");
}

TEST_F(IamTest, InlinePoliciesRoundTrip) {
    ok(root, "iam", "CreateGroup", R"({"GroupName":"g"})");
    ok(root, "iam", "PutGroupPolicy", std::string(R"({"GroupName":"g","PolicyName":"all","PolicyDocument":")") + k_allow_all + R"("})");
    Node got = ok(root, "iam", "GetGroupPolicy", R"({"GroupName":"g","PolicyName":"all"})");
    EXPECT_EQ(text(got, "GroupName"), "g");
    EXPECT_NE(text(got, "PolicyDocument").find("\"Action\":\"*\""), std::string::npos);
    EXPECT_EQ(ok(root, "iam", "ListGroupPolicies", R"({"GroupName":"g"})").find("PolicyNames")->items.at(0).text, "all");
    Error missing = error_of(root, "iam", "GetGroupPolicy", R"({"GroupName":"g","PolicyName":"none"})");
    EXPECT_EQ(missing.message, "The group policy with name none cannot be found.");
    EXPECT_EQ(error(root, "iam", "DeleteGroup", R"({"GroupName":"g"})"), "DeleteConflict");
    ok(root, "iam", "DeleteGroupPolicy", R"({"GroupName":"g","PolicyName":"all"})");
    ok(root, "iam", "DeleteGroup", R"({"GroupName":"g"})");
    EXPECT_EQ(error(root, "iam", "GetGroup", R"({"GroupName":"g"})"), "NoSuchEntity");
}

TEST_F(IamTest, DeleteUserConflictsInAwsOrder) {
    ok(root, "iam", "CreateUser", R"({"UserName":"u"})");
    ok(root, "iam", "CreateGroup", R"({"GroupName":"g"})");
    ok(root, "iam", "AddUserToGroup", R"({"GroupName":"g","UserName":"u"})");
    ok(root, "iam", "AttachUserPolicy", R"({"UserName":"u","PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})");
    Error e = error_of(root, "iam", "DeleteUser", R"({"UserName":"u"})");
    EXPECT_EQ(e.code, "DeleteConflict");
    EXPECT_EQ(e.message, "Cannot delete entity, must remove user from all groups first.");
    ok(root, "iam", "RemoveUserFromGroup", R"({"GroupName":"g","UserName":"u"})");
    EXPECT_EQ(error_of(root, "iam", "DeleteUser", R"({"UserName":"u"})").message,
              "Cannot delete entity, must detach all policies first.");
    ok(root, "iam", "DetachUserPolicy", R"({"UserName":"u","PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})");
    ok(root, "iam", "DeleteUser", R"({"UserName":"u"})");
    EXPECT_EQ(error(root, "iam", "DeleteUser", R"({"UserName":"u"})"), "NoSuchEntity");
    EXPECT_EQ(error(root, "iam", "RemoveUserFromGroup", R"({"GroupName":"g","UserName":"u"})"), "NoSuchEntity");
}

TEST_F(IamTest, RolesValidateTrustAndSessionDuration) {
    std::string create = std::string(R"({"RoleName":"r","AssumeRolePolicyDocument":")") + k_trust + "\"";
    EXPECT_EQ(error(root, "iam", "CreateRole", create + R"(,"MaxSessionDuration":3599})"), "ValidationError");
    EXPECT_EQ(error(root, "iam", "CreateRole", create + R"(,"MaxSessionDuration":43201})"), "ValidationError");
    Node r = ok(root, "iam", "CreateRole", create + R"(,"Path":"/svc/","MaxSessionDuration":7200})");
    EXPECT_EQ(text(r, "Role", "Arn"), "arn:aws:iam::111111111111:role/svc/r");
    EXPECT_EQ(text(r, "Role", "RoleId").substr(0, 4), "AROA");
    EXPECT_EQ(text(r, "Role", "MaxSessionDuration"), "7200");
    EXPECT_EQ(error(root, "iam", "CreateRole", create + "}"), "EntityAlreadyExists");
    ok(root, "iam", "UpdateAssumeRolePolicy", std::string(R"({"RoleName":"r","PolicyDocument":")") + k_trust + R"("})");
    ok(root, "iam", "PutRolePolicy", std::string(R"({"RoleName":"r","PolicyName":"p","PolicyDocument":")") + k_allow_all + R"("})");
    EXPECT_EQ(error_of(root, "iam", "DeleteRole", R"({"RoleName":"r"})").message, "Cannot delete entity, must delete policies first.");
    ok(root, "iam", "DeleteRolePolicy", R"({"RoleName":"r","PolicyName":"p"})");
    ok(root, "iam", "DeleteRole", R"({"RoleName":"r"})");
    EXPECT_EQ(error_of(root, "iam", "GetRole", R"({"RoleName":"r"})").message, "The role with name r cannot be found.");
}

TEST_F(IamTest, PermissionsBoundaryLimitsAUser) {
    // Allow-all identity policy, boundary allowing only iam:Get*: CreateUser is refused.
    std::string get_only = R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:Get*\",\"Resource\":\"*\"}]})";
    ok(root, "iam", "CreatePolicy", R"({"PolicyName":"get-only","PolicyDocument":")" + get_only + R"("})");
    ok(root, "iam", "CreateUser", R"({"UserName":"b","PermissionsBoundary":"arn:aws:iam::111111111111:policy/get-only"})");
    ok(root, "iam", "PutUserPolicy", std::string(R"({"UserName":"b","PolicyName":"all","PolicyDocument":")") + k_allow_all + R"("})");
    Credentials b = user_key("111111111111", "b");
    ok(b, "iam", "GetUser");
    Error e = error_of(b, "iam", "CreateUser", R"({"UserName":"c"})");
    EXPECT_EQ(e.message,
              "User: arn:aws:iam::111111111111:user/b is not authorized to perform: iam:CreateUser on resource: "
              "arn:aws:iam::111111111111:user/c because no permissions boundary allows the iam:CreateUser action");
    EXPECT_EQ(error(root, "iam", "CreateUser", R"({"UserName":"d","PermissionsBoundary":"arn:aws:iam::111111111111:policy/none"})"),
              "NoSuchEntity");
    // Removing the boundary lifts the limit; putting it back restores it.
    ok(root, "iam", "DeleteUserPermissionsBoundary", R"({"UserName":"b"})");
    ok(b, "iam", "CreateUser", R"({"UserName":"c"})");
    EXPECT_EQ(error(root, "iam", "PutUserPermissionsBoundary",
                    R"({"UserName":"b","PermissionsBoundary":"arn:aws:iam::111111111111:policy/none"})"),
              "NoSuchEntity");
    ok(root, "iam", "PutUserPermissionsBoundary",
       R"({"UserName":"b","PermissionsBoundary":"arn:aws:iam::111111111111:policy/get-only"})");
    EXPECT_EQ(text(ok(root, "iam", "GetUser", R"({"UserName":"b"})"), "User", "PermissionsBoundary"), "");
    EXPECT_EQ(ok(root, "iam", "GetUser", R"({"UserName":"b"})").find("User")->find("PermissionsBoundary")->find("PermissionsBoundaryArn")->text,
              "arn:aws:iam::111111111111:policy/get-only");
    EXPECT_EQ(error(b, "iam", "CreateUser", R"({"UserName":"e"})"), "AccessDenied");
    // Policy changes take effect at once (the cached compiled policies are rebuilt).
    ok(root, "iam", "DeleteUserPolicy", R"({"UserName":"b","PolicyName":"all"})");
    EXPECT_EQ(error(b, "iam", "GetUser"), "AccessDenied");
}

TEST_F(IamTest, AttachIsConditionedOnThePolicyArn) {
    // A delegated admin may attach ReadOnlyAccess and nothing else (iam:PolicyARN).
    ok(root, "iam", "CreateUser", R"({"UserName":"delegate"})");
    ok(root, "iam", "CreateUser", R"({"UserName":"dev"})");
    ok(root, "iam", "PutUserPolicy",
       R"({"UserName":"delegate","PolicyName":"p","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:AttachUserPolicy\",\"Resource\":\"*\",\"Condition\":{\"ArnEquals\":{\"iam:PolicyARN\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\"}}}]}"})");
    Credentials delegate = user_key("111111111111", "delegate");
    ok(delegate, "iam", "AttachUserPolicy", R"({"UserName":"dev","PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})");
    EXPECT_EQ(error(delegate, "iam", "AttachUserPolicy",
                    R"({"UserName":"dev","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"})"),
              "AccessDenied");
}

TEST_F(IamTest, TagsOnUsersAndRoles) {
    ok(root, "iam", "CreateUser", R"({"UserName":"u","Tags":[{"Key":"team","Value":"a"}]})");
    ok(root, "iam", "TagUser", R"({"UserName":"u","Tags":[{"Key":"TEAM","Value":"b"},{"Key":"env","Value":"dev"}]})");
    Node tags = ok(root, "iam", "ListUserTags", R"({"UserName":"u"})");
    ASSERT_EQ(tags.find("Tags")->items.size(), 2u);  // keys ignore case: replaced, not added
    EXPECT_EQ(text(tags.find("Tags")->items[0], "Value"), "b");
    ok(root, "iam", "UntagUser", R"({"UserName":"u","TagKeys":["team"]})");
    EXPECT_EQ(ok(root, "iam", "ListUserTags", R"({"UserName":"u"})").find("Tags")->items.size(), 1u);
    EXPECT_EQ(error(root, "iam", "TagUser", R"({"UserName":"u","Tags":[{"Key":"a","Value":"1"},{"Key":"a","Value":"2"}]})"),
              "InvalidInput");
    EXPECT_EQ(error(root, "iam", "TagRole", R"({"RoleName":"none","Tags":[{"Key":"a","Value":"1"}]})"), "NoSuchEntity");
    std::string many = "[";
    for (int i = 0; i < 50; ++i) many += std::string(i ? "," : "") + R"({"Key":"k)" + std::to_string(i) + R"(","Value":"v"})";
    many += "]";
    EXPECT_EQ(error(root, "iam", "TagUser", R"({"UserName":"u","Tags":)" + many + "}"), "LimitExceeded");  // 1 + 50
    EXPECT_EQ(ok(root, "iam", "ListUserTags", R"({"UserName":"u"})").find("Tags")->items.size(), 1u);  // unchanged
}

TEST_F(IamTest, AccountsAreIsolated) {
    Credentials other = account("222222222222");
    ok(root, "iam", "CreateUser", R"({"UserName":"u"})");
    EXPECT_EQ(error(other, "iam", "GetUser", R"({"UserName":"u"})"), "NoSuchEntity");
    ok(other, "iam", "CreateUser", R"({"UserName":"u"})");  // names are per account
}


TEST_F(IamTest, PolicyFieldsAsEachCallAnswersThem) {
    std::string doc = std::string(R"(,"PolicyDocument":")") + k_allow_all + "\"";
    Node created = ok(root, "iam", "CreatePolicy", R"({"PolicyName":"p","Description":"d")" + doc + "}");
    const Node& policy = *created.find("Policy");
    EXPECT_EQ(policy.find("Description"), nullptr);  // CreatePolicy does not echo it
    EXPECT_EQ(policy.find("Tags"), nullptr);
    std::string arn = text(created, "Policy", "Arn");
    Node got = ok(root, "iam", "GetPolicy", R"({"PolicyArn":")" + arn + R"("})");
    EXPECT_EQ(text(got, "Policy", "Description"), "d");
    ASSERT_NE(got.find("Policy")->find("Tags"), nullptr);  // GetPolicy has Tags, empty too
    EXPECT_TRUE(got.find("Policy")->find("Tags")->items.empty());
    Node listed = ok(root, "iam", "ListPolicies", R"({"Scope":"Local"})");
    ASSERT_EQ(listed.find("Policies")->items.size(), 1u);
    EXPECT_EQ(listed.find("Policies")->items[0].find("Description"), nullptr);
}

TEST_F(IamTest, TagKeysDifferingOnlyInCaseAreDuplicates) {
    Error e = error_of(root, "iam", "CreateUser",
                       R"({"UserName":"u","Tags":[{"Key":"Team","Value":"a"},{"Key":"team","Value":"b"}]})");
    EXPECT_EQ(e.code, "InvalidInput");
    EXPECT_EQ(e.message, "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    EXPECT_EQ(error(root, "iam", "GetUser", R"({"UserName":"u"})"), "NoSuchEntity");
}

TEST_F(IamTest, WhatAwsAcceptsIsAccepted) {
    // An empty operator block, an unknown operator with nothing under it, null in a
    // Resource array.
    const char* doc = R"({\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":[\"arn:aws:s3:::b/*\",null],\"Condition\":{\"StringEquals\":{},\"x\":{}}}})";
    ok(root, "iam", "CreatePolicy", std::string(R"({"PolicyName":"lenient","PolicyDocument":")") + doc + "\"}");
}

}  // namespace
}  // namespace jg::cloud::testing
