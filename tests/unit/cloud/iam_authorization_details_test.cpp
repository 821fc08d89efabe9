// GetAccountAuthorizationDetails and ListEntitiesForPolicy through the dispatch table.
#include "fixture.hpp"

namespace jg::cloud::testing {
namespace {

std::string json_string(std::string_view text) { return to_json(Node::make_string(std::string(text))); }

constexpr std::string_view k_doc = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]})";
constexpr std::string_view k_trust = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]})";

class IamAuthorizationDetails : public CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        root = account("111111111111");
        ok(root, "iam", "CreateUser", R"({"UserName":"alice","Path":"/staff/"})");
        ok(root, "iam", "CreateUser", R"({"UserName":"bob"})");
        ok(root, "iam", "PutUserPolicy", R"({"UserName":"alice","PolicyName":"inline-s3","PolicyDocument":)" + json_string(k_doc) + "}");
        ok(root, "iam", "CreateGroup", R"({"GroupName":"devs"})");
        ok(root, "iam", "AddUserToGroup", R"({"GroupName":"devs","UserName":"alice"})");
        ok(root, "iam", "CreatePolicy", R"({"PolicyName":"mine","PolicyDocument":)" + json_string(k_doc) + "}");
        ok(root, "iam", "CreatePolicyVersion",
           R"({"PolicyArn":"arn:aws:iam::111111111111:policy/mine","SetAsDefault":true,"PolicyDocument":)" + json_string(k_doc) + "}");
        ok(root, "iam", "AttachGroupPolicy", R"({"GroupName":"devs","PolicyArn":"arn:aws:iam::111111111111:policy/mine"})");
        ok(root, "iam", "AttachUserPolicy", R"({"UserName":"bob","PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})");
        ok(root, "iam", "CreateRole", R"({"RoleName":"role-admin","AssumeRolePolicyDocument":)" + json_string(k_trust) + "}");
        ok(root, "iam", "AttachRolePolicy", R"({"RoleName":"role-admin","PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})");
    }
    Credentials root;
};

TEST_F(IamAuthorizationDetails, EverythingInAwsShape) {
    Node out = ok(root, "iam", "GetAccountAuthorizationDetails");
    const Node& users = *out.find("UserDetailList");
    ASSERT_EQ(users.items.size(), 2u);
    const Node& alice = users.items[0];
    EXPECT_EQ(text(alice, "UserName"), "alice");
    EXPECT_EQ(text(alice, "Path"), "/staff/");
    EXPECT_EQ(text(alice, "Arn"), "arn:aws:iam::111111111111:user/staff/alice");
    ASSERT_EQ(alice.find("UserPolicyList")->items.size(), 1u);
    EXPECT_EQ(text(alice.find("UserPolicyList")->items[0], "PolicyName"), "inline-s3");
    EXPECT_EQ(text(alice.find("UserPolicyList")->items[0], "PolicyDocument"), k_doc);
    ASSERT_EQ(alice.find("GroupList")->items.size(), 1u);
    EXPECT_EQ(alice.find("GroupList")->items[0].text, "devs");
    EXPECT_TRUE(alice.find("AttachedManagedPolicies")->items.empty());
    const Node& bob = users.items[1];
    EXPECT_EQ(text(bob.find("AttachedManagedPolicies")->items[0], "PolicyArn"), "arn:aws:iam::aws:policy/ReadOnlyAccess");

    const Node& group = out.find("GroupDetailList")->items.at(0);
    EXPECT_EQ(text(group, "GroupName"), "devs");
    EXPECT_EQ(text(group.find("AttachedManagedPolicies")->items.at(0), "PolicyName"), "mine");
    EXPECT_TRUE(group.find("GroupPolicyList")->items.empty());

    const Node& role = out.find("RoleDetailList")->items.at(0);
    EXPECT_EQ(text(role, "RoleName"), "role-admin");
    EXPECT_EQ(text(role, "AssumeRolePolicyDocument"), k_trust);
    EXPECT_TRUE(role.find("InstanceProfileList")->items.empty());
    EXPECT_EQ(role.find("RolePolicyList")->items.size(), 0u);

    // Policies: the customer managed one with both versions, ReadOnlyAccess (attached twice).
    const Node& policies = *out.find("Policies");
    ASSERT_EQ(policies.items.size(), 2u);
    const Node* mine = nullptr;
    const Node* readonly = nullptr;
    for (const Node& p : policies.items) (text(p, "PolicyName") == "mine" ? mine : readonly) = &p;
    ASSERT_TRUE(mine && readonly);
    EXPECT_EQ(text(*mine, "DefaultVersionId"), "v2");
    EXPECT_EQ(mine->find("PolicyVersionList")->items.size(), 2u);
    EXPECT_EQ(text(*readonly, "Arn"), "arn:aws:iam::aws:policy/ReadOnlyAccess");
    EXPECT_EQ(text(*readonly, "AttachmentCount"), "2");
    EXPECT_NE(text(readonly->find("PolicyVersionList")->items.at(0), "Document").find("Statement"), std::string::npos);
    EXPECT_EQ(text(out, "IsTruncated"), "false");
}

TEST_F(IamAuthorizationDetails, FilterAndPaging) {
    Node roles = ok(root, "iam", "GetAccountAuthorizationDetails", R"({"Filter":["Role"]})");
    EXPECT_TRUE(roles.find("UserDetailList")->items.empty());
    EXPECT_TRUE(roles.find("Policies")->items.empty());
    EXPECT_EQ(roles.find("RoleDetailList")->items.size(), 1u);
    Node aws = ok(root, "iam", "GetAccountAuthorizationDetails", R"({"Filter":["AWSManagedPolicy"]})");
    ASSERT_EQ(aws.find("Policies")->items.size(), 1u);
    EXPECT_EQ(text(aws.find("Policies")->items[0], "PolicyName"), "ReadOnlyAccess");
    EXPECT_EQ(error(root, "iam", "GetAccountAuthorizationDetails", R"({"Filter":["Users"]})"), "ValidationError");

    // Six items in all (2 users, 1 group, 1 role, 2 policies), two per page.
    std::size_t seen = 0;
    std::string marker;
    for (int page = 0; page < 3; ++page) {
        Node out = ok(root, "iam", "GetAccountAuthorizationDetails",
                      marker.empty() ? R"({"MaxItems":2})" : R"({"MaxItems":2,"Marker":")" + marker + "\"}");
        for (const char* list : {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"})
            seen += out.find(list)->items.size();
        marker = text(out, "Marker");
        EXPECT_EQ(text(out, "IsTruncated"), page < 2 ? "true" : "false");
    }
    EXPECT_EQ(seen, 6u);
    EXPECT_EQ(error(root, "iam", "GetAccountAuthorizationDetails", R"({"Marker":"bogus"})"), "ValidationError");
}

TEST_F(IamAuthorizationDetails, ListEntitiesForPolicy) {
    Node ro = ok(root, "iam", "ListEntitiesForPolicy", R"({"PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})");
    ASSERT_EQ(ro.find("PolicyUsers")->items.size(), 1u);
    EXPECT_EQ(text(ro.find("PolicyUsers")->items[0], "UserName"), "bob");
    EXPECT_EQ(text(ro.find("PolicyUsers")->items[0], "UserId").substr(0, 4), "AIDA");
    ASSERT_EQ(ro.find("PolicyRoles")->items.size(), 1u);
    EXPECT_EQ(text(ro.find("PolicyRoles")->items[0], "RoleName"), "role-admin");
    EXPECT_TRUE(ro.find("PolicyGroups")->items.empty());

    Node roles_only = ok(root, "iam", "ListEntitiesForPolicy",
                         R"({"PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess","EntityFilter":"Role"})");
    EXPECT_TRUE(roles_only.find("PolicyUsers")->items.empty());
    EXPECT_EQ(roles_only.find("PolicyRoles")->items.size(), 1u);

    Node mine = ok(root, "iam", "ListEntitiesForPolicy", R"({"PolicyArn":"arn:aws:iam::111111111111:policy/mine"})");
    EXPECT_EQ(text(mine.find("PolicyGroups")->items.at(0), "GroupName"), "devs");

    // Used as a permissions boundary.
    ok(root, "iam", "CreateUser",
       R"({"UserName":"carol","PermissionsBoundary":"arn:aws:iam::111111111111:policy/mine"})");
    Node boundary = ok(root, "iam", "ListEntitiesForPolicy",
                       R"({"PolicyArn":"arn:aws:iam::111111111111:policy/mine","PolicyUsageFilter":"PermissionsBoundary"})");
    ASSERT_EQ(boundary.find("PolicyUsers")->items.size(), 1u);
    EXPECT_EQ(text(boundary.find("PolicyUsers")->items[0], "UserName"), "carol");
    EXPECT_TRUE(boundary.find("PolicyGroups")->items.empty());

    Node staff = ok(root, "iam", "ListEntitiesForPolicy",
                    R"({"PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess","PathPrefix":"/staff/"})");
    EXPECT_TRUE(staff.find("PolicyUsers")->items.empty());

    EXPECT_EQ(error(root, "iam", "ListEntitiesForPolicy", R"({"PolicyArn":"arn:aws:iam::111111111111:policy/none"})"),
              "NoSuchEntity");
    EXPECT_EQ(error(root, "iam", "ListEntitiesForPolicy",
                    R"({"PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess","EntityFilter":"Users"})"),
              "ValidationError");
}

}  // namespace
}  // namespace jg::cloud::testing
