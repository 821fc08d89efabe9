// UpdateStack on the seed templates — a changed RoleName replaces the role, a policy
// change modifies it in place, a failing update rolls back to UPDATE_ROLLBACK_COMPLETE
// with the old resources as they were — and the rollback of a create that fails halfway
// (a name already taken) leaving nothing behind, each checked through the IAM API and the
// stack's events.
#include <gtest/gtest.h>

#include <algorithm>

#include "cfn_fixture.hpp"

namespace jg::cloud::testing {
namespace {

constexpr const char* k_admin = "111111111111";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

// A role outside any stack, whose name a template then asks for.
const char* k_outside_role =
    R"({"RoleName":"taken","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"})";

// A role resource named `name`, created after `after` (YAML, two-space indented).
std::string role_resource(const std::string& id, const std::string& name, const std::string& after) {
    return "  " + id + ":\n    Type: AWS::IAM::Role\n    DependsOn: " + after + "\n    Properties:\n      RoleName: " + name +
           "\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n"
           "            Principal: {Service: lambda.amazonaws.com}\n            Action: 'sts:AssumeRole'\n";
}

// The seed template with `extra` resources inserted before its Outputs.
std::string with_resources(const std::string& body, const std::string& extra) {
    return replaced(body, "\nOutputs:", "\n" + extra + "\nOutputs:");
}

class CfnUpdates : public StackTest {
protected:
    void SetUp() override {
        StackTest::SetUp();
        admin = account(k_admin);
    }
    void TearDown() override {
        cloud().settle();
        StackTest::TearDown();
    }

    std::string update(const Node& input) {
        auto r = cfn(admin, "UpdateStack", input);
        if (!r) return r.error().code + ": " + r.error().message;
        return wait_stack(admin, text(*r, "StackId"));
    }
    std::string role_id(const std::string& name) { return text(ok(admin, "iam", "GetRole", R"({"RoleName":")" + name + R"("})"), "Role", "RoleId"); }
    std::vector<std::string> attached(const std::string& role) {
        Node out = ok(admin, "iam", "ListAttachedRolePolicies", R"({"RoleName":")" + role + R"("})");
        std::vector<std::string> arns;
        for (const Node& p : out.find("AttachedPolicies")->items) arns.push_back(text(p, "PolicyArn"));
        return arns;
    }
    // Events oldest first as "LOGICAL STATUS REASON".
    std::vector<std::string> events_with_reasons(const std::string& stack) {
        Node out = cfn_ok(admin, "DescribeStackEvents", in(R"({"StackName":")" + stack + R"("})"));
        std::vector<std::string> v;
        const auto& items = out.find("StackEvents")->items;
        for (auto it = items.rbegin(); it != items.rend(); ++it)
            v.push_back(text(*it, "LogicalResourceId") + " " + text(*it, "ResourceStatus") + " " + text(*it, "ResourceStatusReason"));
        return v;
    }
    static bool has(const std::vector<std::string>& v, const std::string& prefix) {
        return std::any_of(v.begin(), v.end(), [&](const std::string& e) { return e.rfind(prefix, 0) == 0; });
    }

    Credentials admin;
};

TEST_F(CfnUpdates, AChangedRoleNameReplacesTheRole) {
    const std::string body = seed("stackset-execution-role.yaml");
    ASSERT_EQ(create(admin, stack_input("exec", body, {{"AdminAccountId", k_admin}})), "CREATE_COMPLETE");
    EXPECT_EQ(update(stack_input("exec", replaced(body, "RoleName: AWSCloudFormationStackSetExecutionRole", "RoleName: exec-renamed"),
                                 {{"AdminAccountId", k_admin}})),
              "UPDATE_COMPLETE");
    // The new role carries everything; the old one is gone.
    EXPECT_EQ(error(admin, "iam", "GetRole", R"({"RoleName":"AWSCloudFormationStackSetExecutionRole"})"), "NoSuchEntity");
    EXPECT_EQ(attached("exec-renamed"), std::vector<std::string>{"arn:aws:iam::aws:policy/AdministratorAccess"});
    Node stack = describe(admin, "exec");
    EXPECT_EQ(output(stack, "StackSetExecutionRoleArn"), "arn:aws:iam::111111111111:role/exec-renamed");
    Node resource = cfn_ok(admin, "DescribeStackResource", in(R"({"StackName":"exec","LogicalResourceId":"StackSetExecutionRole"})"));
    EXPECT_EQ(text(*resource.find("StackResourceDetail"), "PhysicalResourceId"), "exec-renamed");
    auto ev = events_with_reasons("exec");
    EXPECT_TRUE(has(ev, "StackSetExecutionRole UPDATE_IN_PROGRESS Requested update requires the creation of a new physical resource; hence creating one."));
    EXPECT_TRUE(has(ev, "exec UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"));
    EXPECT_TRUE(has(ev, "StackSetExecutionRole DELETE_COMPLETE"));
    EXPECT_EQ(ev.back(), "exec UPDATE_COMPLETE ");
}

TEST_F(CfnUpdates, PolicyChangesModifyInPlace) {
    const std::string body = seed("stackset-admin-role.yaml");
    ASSERT_EQ(create(admin, stack_input("admin-role", body)), "CREATE_COMPLETE");
    std::string before = role_id("AWSCloudFormationStackSetAdministrationRole");
    // The inline policy's document, and a managed policy added to the role.
    std::string changed = replaced(body, "role/AWSCloudFormationStackSetExecutionRole'", "role/OtherExecutionRole'");
    changed = replaced(changed, "            Action: 'sts:AssumeRole'\n            \n",
                       "            Action: 'sts:AssumeRole'\n      ManagedPolicyArns:\n        - 'arn:aws:iam::aws:policy/ReadOnlyAccess'\n");
    EXPECT_EQ(update(stack_input("admin-role", changed)), "UPDATE_COMPLETE");
    EXPECT_EQ(role_id("AWSCloudFormationStackSetAdministrationRole"), before);
    EXPECT_EQ(attached("AWSCloudFormationStackSetAdministrationRole"), std::vector<std::string>{"arn:aws:iam::aws:policy/ReadOnlyAccess"});
    Node policy = ok(admin, "iam", "GetRolePolicy",
                     R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole","PolicyName":"StackSetAdministrationPolicy"})");
    EXPECT_NE(text(policy, "PolicyDocument").find("role/OtherExecutionRole"), std::string::npos);
    auto ev = events_with_reasons("admin-role");
    EXPECT_TRUE(has(ev, "StackSetAdministrationRole UPDATE_COMPLETE"));
    EXPECT_TRUE(has(ev, "StackSetAdministrationPolicy UPDATE_COMPLETE"));
    EXPECT_FALSE(has(ev, "StackSetAdministrationRole DELETE_"));
}

TEST_F(CfnUpdates, AFailingUpdateRollsBackToTheOldResources) {
    ok(admin, "iam", "CreateRole", k_outside_role);
    const std::string body = seed("stackset-admin-role.yaml");
    ASSERT_EQ(create(admin, stack_input("admin-role", body)), "CREATE_COMPLETE");
    std::string before = role_id("AWSCloudFormationStackSetAdministrationRole");

    // Rename the role (a replacement), change the inline policy (in place), then a new
    // role whose name is taken fails after both.
    std::string changed = replaced(body, "RoleName: AWSCloudFormationStackSetAdministrationRole", "RoleName: admin-renamed");
    changed = replaced(changed, "role/AWSCloudFormationStackSetExecutionRole'", "role/OtherExecutionRole'");
    changed = with_resources(changed, role_resource("Collide", "taken", "StackSetAdministrationPolicy"));
    EXPECT_EQ(update(stack_input("admin-role", changed)), "UPDATE_ROLLBACK_COMPLETE");

    // The old role, untouched; its inline policy as before; the replacement gone; the
    // role outside the stack still as it was.
    EXPECT_EQ(role_id("AWSCloudFormationStackSetAdministrationRole"), before);
    Node policy = ok(admin, "iam", "GetRolePolicy",
                     R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole","PolicyName":"StackSetAdministrationPolicy"})");
    EXPECT_NE(text(policy, "PolicyDocument").find("role/AWSCloudFormationStackSetExecutionRole"), std::string::npos);
    EXPECT_EQ(error(admin, "iam", "GetRolePolicy", R"({"RoleName":"admin-renamed","PolicyName":"StackSetAdministrationPolicy"})"),
              "NoSuchEntity");
    EXPECT_EQ(error(admin, "iam", "GetRole", R"({"RoleName":"admin-renamed"})"), "NoSuchEntity");
    EXPECT_NE(text(ok(admin, "iam", "GetRole", R"({"RoleName":"taken"})"), "Role", "AssumeRolePolicyDocument").find("ec2.amazonaws.com"),
              std::string::npos);

    // The stack is back to its old template and resources, and says why.
    EXPECT_EQ(text(cfn_ok(admin, "GetTemplate", in(R"({"StackName":"admin-role"})")), "TemplateBody"), body);
    Node resources = cfn_ok(admin, "DescribeStackResources", in(R"({"StackName":"admin-role"})"));
    ASSERT_EQ(resources.find("StackResources")->items.size(), 2u);
    for (const Node& r : resources.find("StackResources")->items) EXPECT_NE(text(r, "LogicalResourceId"), "Collide");
    EXPECT_EQ(output(describe(admin, "admin-role"), "StackSetAdministrationRoleArn"),
              "arn:aws:iam::111111111111:role/AWSCloudFormationStackSetAdministrationRole");
    auto ev = events_with_reasons("admin-role");
    EXPECT_TRUE(has(ev, "Collide CREATE_FAILED Resource handler returned message: \"Role with name taken already exists.\""));
    EXPECT_TRUE(has(ev, "admin-role UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [Collide]."));
    EXPECT_TRUE(has(ev, "StackSetAdministrationRole DELETE_COMPLETE"));  // the replacement, undone
    EXPECT_EQ(ev.back(), "admin-role UPDATE_ROLLBACK_COMPLETE ");
    // It can be updated again.
    EXPECT_EQ(update(stack_input("admin-role", replaced(body, "role/AWSCloudFormationStackSetExecutionRole'", "role/Again'"))),
              "UPDATE_COMPLETE");
}

TEST_F(CfnUpdates, AFailingCreateLeavesNothingBehind) {
    ok(admin, "iam", "CreateRole", k_outside_role);
    // The execution role, its inline policy-free sibling, then a role whose name is taken.
    const std::string body = with_resources(seed("stackset-execution-role.yaml"), role_resource("Collide", "taken", "StackSetExecutionRole"));
    EXPECT_EQ(create(admin, stack_input("exec", body, {{"AdminAccountId", k_admin}})), "ROLLBACK_COMPLETE");
    EXPECT_EQ(error(admin, "iam", "GetRole", R"({"RoleName":"AWSCloudFormationStackSetExecutionRole"})"), "NoSuchEntity");
    EXPECT_NE(text(ok(admin, "iam", "GetRole", R"({"RoleName":"taken"})"), "Role", "AssumeRolePolicyDocument").find("ec2.amazonaws.com"),
              std::string::npos);
    Node stack = describe(admin, "exec");
    EXPECT_EQ(text(stack, "StackStatusReason"), "The following resource(s) failed to create: [Collide]. ");
    auto ev = events_with_reasons("exec");
    EXPECT_EQ(ev.front(), "exec CREATE_IN_PROGRESS User Initiated");
    EXPECT_TRUE(has(ev, "StackSetExecutionRole CREATE_COMPLETE"));
    EXPECT_TRUE(has(ev, "Collide CREATE_FAILED Resource handler returned message: \"Role with name taken already exists.\" (HandlerErrorCode: AlreadyExists)"));
    EXPECT_TRUE(has(ev, "exec ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [Collide]."));
    EXPECT_TRUE(has(ev, "StackSetExecutionRole DELETE_COMPLETE"));
    EXPECT_EQ(ev.back(), "exec ROLLBACK_COMPLETE ");
    Node resources = cfn_ok(admin, "DescribeStackResources", in(R"({"StackName":"exec"})"));
    for (const Node& r : resources.find("StackResources")->items)
        EXPECT_TRUE(text(r, "ResourceStatus") == "DELETE_COMPLETE" || text(r, "ResourceStatus") == "CREATE_FAILED")
            << text(r, "LogicalResourceId") << " " << text(r, "ResourceStatus");

    // Only DeleteStack is possible now; then the name is free again.
    auto refused = cfn(admin, "UpdateStack", stack_input("exec", seed("stackset-execution-role.yaml"), {{"AdminAccountId", k_admin}}));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message, "Stack:" + text(stack, "StackId") + " is in ROLLBACK_COMPLETE state and can not be updated.");
    cfn_ok(admin, "DeleteStack", in(R"({"StackName":"exec"})"));
    EXPECT_EQ(wait_stack(admin, text(stack, "StackId")), "DELETE_COMPLETE");
    ok(admin, "iam", "GetRole", R"({"RoleName":"taken"})");
    EXPECT_EQ(create(admin, stack_input("exec", seed("stackset-execution-role.yaml"), {{"AdminAccountId", k_admin}})), "CREATE_COMPLETE");
}

}  // namespace
}  // namespace jg::cloud::testing
