// UpdateUser / UpdateGroup (issue 19): a rename keeps the unique id, so the principal's
// keys, sessions, MFA devices, memberships, policies and login profile follow it; AWS's
// errors; iam:UpdateUser needed on both the current and the new ARN.
#include "fixture.hpp"

namespace jg::cloud::testing {
namespace {

const std::string k_allow_all =
    R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]})";

class IamRenameTest : public CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        root = account("111111111111");
        ok(root, "iam", "CreateUser", R"({"UserName":"alice"})");
        ok(root, "iam", "PutUserPolicy",
           R"({"UserName":"alice","PolicyName":"all","PolicyDocument":")" + k_allow_all + R"("})");
        ok(root, "iam", "AttachUserPolicy",
           R"({"UserName":"alice","PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})");
        ok(root, "iam", "CreateGroup", R"({"GroupName":"devs"})");
        ok(root, "iam", "PutGroupPolicy",
           R"({"GroupName":"devs","PolicyName":"g","PolicyDocument":")" + k_allow_all + R"("})");
        ok(root, "iam", "AddUserToGroup", R"({"GroupName":"devs","UserName":"alice"})");
        Node key = ok(root, "iam", "CreateAccessKey", R"({"UserName":"alice"})");
        alice = Credentials{text(key, "AccessKey", "AccessKeyId"), {}};
        id = text(ok(root, "iam", "GetUser", R"({"UserName":"alice"})"), "User", "UserId");
    }
    Credentials root, alice;
    std::string id;
};

TEST_F(IamRenameTest, UpdateUserKeepsTheUniqueIdAndEverythingFollows) {
    ok(root, "iam", "CreateLoginProfile", R"({"UserName":"alice","Password":"Correct-Horse-9!"})");
    std::string secret;
    std::string serial = enable_mfa("111111111111", "alice", secret);
    Credentials session = session_of(ok(alice, "sts", "GetSessionToken"));

    ok(root, "iam", "UpdateUser", R"({"UserName":"alice","NewUserName":"robert","NewPath":"/ops/"})");

    Node user = ok(root, "iam", "GetUser", R"({"UserName":"robert"})");
    EXPECT_EQ(text(user, "User", "UserId"), id);
    EXPECT_EQ(text(user, "User", "UserName"), "robert");
    EXPECT_EQ(text(user, "User", "Path"), "/ops/");
    EXPECT_EQ(text(user, "User", "Arn"), "arn:aws:iam::111111111111:user/ops/robert");
    Error gone = error_of(root, "iam", "GetUser", R"({"UserName":"alice"})");
    EXPECT_EQ(gone.code, "NoSuchEntity");
    EXPECT_EQ(gone.message, "The user with name alice cannot be found.");

    // Long-term key and the session issued before the rename are still the principal.
    Node me = ok(alice, "sts", "GetCallerIdentity");
    EXPECT_EQ(text(me, "Arn"), "arn:aws:iam::111111111111:user/ops/robert");
    EXPECT_EQ(text(me, "UserId"), id);
    EXPECT_EQ(text(ok(session, "sts", "GetCallerIdentity"), "UserId"), id);
    ok(alice, "iam", "ListRoles");  // the inline policy still grants
    Node keys = ok(root, "iam", "ListAccessKeys", R"({"UserName":"robert"})");
    ASSERT_EQ(keys.find("AccessKeyMetadata")->items.size(), 1u);
    EXPECT_EQ(text(keys.find("AccessKeyMetadata")->items[0], "UserName"), "robert");

    // Policies, groups, login profile, MFA device: under the new name.
    EXPECT_EQ(ok(root, "iam", "ListUserPolicies", R"({"UserName":"robert"})").find("PolicyNames")->items.size(), 1u);
    EXPECT_EQ(ok(root, "iam", "ListAttachedUserPolicies", R"({"UserName":"robert"})").find("AttachedPolicies")->items.size(),
              1u);
    Node groups = ok(root, "iam", "ListGroupsForUser", R"({"UserName":"robert"})");
    ASSERT_EQ(groups.find("Groups")->items.size(), 1u);
    Node members = ok(root, "iam", "GetGroup", R"({"GroupName":"devs"})");
    ASSERT_EQ(members.find("Users")->items.size(), 1u);
    EXPECT_EQ(text(members.find("Users")->items[0], "UserName"), "robert");
    EXPECT_EQ(text(ok(root, "iam", "GetLoginProfile", R"({"UserName":"robert"})"), "LoginProfile", "UserName"), "robert");
    EXPECT_EQ(error(root, "iam", "GetLoginProfile", R"({"UserName":"alice"})"), "NoSuchEntity");
    Node devices = ok(root, "iam", "ListMFADevices", R"({"UserName":"robert"})");
    ASSERT_EQ(devices.find("MFADevices")->items.size(), 1u);
    EXPECT_EQ(text(devices.find("MFADevices")->items[0], "SerialNumber"), serial);

    // Everything is gone from the old name: a new alice is a new, empty principal.
    ok(root, "iam", "CreateUser", R"({"UserName":"alice"})");
    EXPECT_NE(text(ok(root, "iam", "GetUser", R"({"UserName":"alice"})"), "User", "UserId"), id);
    EXPECT_TRUE(ok(root, "iam", "ListUserPolicies", R"({"UserName":"alice"})").find("PolicyNames")->items.empty());
    EXPECT_TRUE(ok(root, "iam", "ListGroupsForUser", R"({"UserName":"alice"})").find("Groups")->items.empty());
    EXPECT_EQ(text(ok(alice, "sts", "GetCallerIdentity"), "UserId"), id);  // the key stays robert's
    ok(root, "iam", "DeleteUser", R"({"UserName":"alice"})");  // nothing of robert's hangs on it
}

TEST_F(IamRenameTest, ATrustPolicyNamingTheUserFollowsTheRename) {
    ok(root, "iam", "CreateRole",
       R"({"RoleName":"r","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:user/alice\"},\"Action\":\"sts:AssumeRole\"}]}"})");
    std::string assume = R"({"RoleArn":"arn:aws:iam::111111111111:role/r","RoleSessionName":"ss"})";
    ok(alice, "sts", "AssumeRole", assume);
    ok(root, "iam", "UpdateUser", R"({"UserName":"alice","NewUserName":"robert"})");
    ok(alice, "sts", "AssumeRole", assume);  // still the trusted principal
    // A new alice is not.
    ok(root, "iam", "CreateUser", R"({"UserName":"alice"})");
    ok(root, "iam", "PutUserPolicy", R"({"UserName":"alice","PolicyName":"all","PolicyDocument":")" + k_allow_all + R"("})");
    Credentials new_alice = user_key("111111111111", "alice");
    ok(root, "iam", "DeleteUserPolicy", R"({"UserName":"robert","PolicyName":"all"})");
    ok(alice, "sts", "AssumeRole", assume);  // robert: named directly by the trust
    ok(root, "iam", "DeleteUserPolicy", R"({"UserName":"alice","PolicyName":"all"})");
    EXPECT_EQ(error(new_alice, "sts", "AssumeRole", assume), "AccessDenied");
}

TEST_F(IamRenameTest, UpdateUserErrorsAreAwss) {
    ok(root, "iam", "CreateUser", R"({"UserName":"bob"})");
    Error taken = error_of(root, "iam", "UpdateUser", R"({"UserName":"alice","NewUserName":"BOB"})");
    EXPECT_EQ(taken.code, "EntityAlreadyExists");
    EXPECT_EQ(taken.message, "User with name BOB already exists.");
    Error missing = error_of(root, "iam", "UpdateUser", R"({"UserName":"ghost","NewUserName":"x"})");
    EXPECT_EQ(missing.code, "NoSuchEntity");
    EXPECT_EQ(missing.message, "The user with name ghost cannot be found.");
    EXPECT_EQ(error(root, "iam", "UpdateUser", R"({"UserName":"alice","NewUserName":"bad name"})"), "ValidationError");
    EXPECT_EQ(error(root, "iam", "UpdateUser", R"({"UserName":"alice","NewPath":"nopath"})"), "ValidationError");
    // Nothing changed by the refusals.
    EXPECT_EQ(text(ok(root, "iam", "GetUser", R"({"UserName":"alice"})"), "User", "UserId"), id);
    // Changing only the case of the name is a rename in place.
    ok(root, "iam", "UpdateUser", R"({"UserName":"alice","NewUserName":"Alice"})");
    EXPECT_EQ(text(ok(root, "iam", "GetUser", R"({"UserName":"alice"})"), "User", "UserName"), "Alice");
    EXPECT_EQ(ok(root, "iam", "ListUserPolicies", R"({"UserName":"Alice"})").find("PolicyNames")->items.size(), 1u);
}

TEST_F(IamRenameTest, UpdateUserNeedsThePermissionOnBothNames) {
    ok(root, "iam", "CreateUser", R"({"UserName":"admin"})");
    ok(root, "iam", "PutUserPolicy",
       R"({"UserName":"admin","PolicyName":"p","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:UpdateUser\",\"Resource\":[\"arn:aws:iam::111111111111:user/alice\",\"arn:aws:iam::111111111111:user/robert\"]}]}"})");
    Credentials admin = user_key("111111111111", "admin");
    Error e = error_of(admin, "iam", "UpdateUser", R"({"UserName":"alice","NewUserName":"mallory"})");
    EXPECT_EQ(e.code, "AccessDenied");
    EXPECT_NE(e.message.find("iam:UpdateUser on resource: arn:aws:iam::111111111111:user/mallory"), std::string::npos)
        << e.message;
    EXPECT_EQ(text(ok(root, "iam", "GetUser", R"({"UserName":"alice"})"), "User", "UserId"), id);
    ok(admin, "iam", "UpdateUser", R"({"UserName":"alice","NewUserName":"robert"})");
    EXPECT_EQ(text(ok(root, "iam", "GetUser", R"({"UserName":"robert"})"), "User", "UserId"), id);
}

TEST_F(IamRenameTest, UpdateGroupKeepsMembersAndPolicies) {
    std::string group_id = text(ok(root, "iam", "GetGroup", R"({"GroupName":"devs"})"), "Group", "GroupId");
    ok(root, "iam", "DeleteUserPolicy", R"({"UserName":"alice","PolicyName":"all"})");
    ok(alice, "iam", "ListRoles");  // through the group's policy
    ok(root, "iam", "UpdateGroup", R"({"GroupName":"devs","NewGroupName":"builders","NewPath":"/teams/"})");
    Node group = ok(root, "iam", "GetGroup", R"({"GroupName":"builders"})");
    EXPECT_EQ(text(group, "Group", "GroupId"), group_id);
    EXPECT_EQ(text(group, "Group", "Arn"), "arn:aws:iam::111111111111:group/teams/builders");
    ASSERT_EQ(group.find("Users")->items.size(), 1u);
    Node groups = ok(root, "iam", "ListGroupsForUser", R"({"UserName":"alice"})");
    ASSERT_EQ(groups.find("Groups")->items.size(), 1u);
    EXPECT_EQ(text(groups.find("Groups")->items[0], "GroupName"), "builders");
    EXPECT_EQ(ok(root, "iam", "ListGroupPolicies", R"({"GroupName":"builders"})").find("PolicyNames")->items.size(), 1u);
    ok(alice, "iam", "ListRoles");  // the group's policy still applies
    Error gone = error_of(root, "iam", "GetGroup", R"({"GroupName":"devs"})");
    EXPECT_EQ(gone.message, "The group with name devs cannot be found.");
    ok(root, "iam", "CreateGroup", R"({"GroupName":"ops"})");
    Error taken = error_of(root, "iam", "UpdateGroup", R"({"GroupName":"builders","NewGroupName":"ops"})");
    EXPECT_EQ(taken.code, "EntityAlreadyExists");
    EXPECT_EQ(taken.message, "Group with name ops already exists.");
    EXPECT_EQ(error(root, "iam", "UpdateGroup", R"({"GroupName":"devs","NewGroupName":"x"})"), "NoSuchEntity");
    // Membership can be undone under the new name, and the group deleted.
    ok(root, "iam", "RemoveUserFromGroup", R"({"GroupName":"builders","UserName":"alice"})");
    ok(root, "iam", "DeleteGroupPolicy", R"({"GroupName":"builders","PolicyName":"g"})");
    ok(root, "iam", "DeleteGroup", R"({"GroupName":"builders"})");
}

}  // namespace
}  // namespace jg::cloud::testing
