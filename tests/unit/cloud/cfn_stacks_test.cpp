// The article's stack steps (sections 1–4) on the seed templates, through CreateStack and
// friends, with every resulting resource checked through the IAM and S3 APIs; and the
// refusals CloudFormation gives synchronously (capabilities, termination protection,
// TemplateURL permissions, missing stacks).
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "cfn_fixture.hpp"

namespace jg::cloud::testing {
namespace {

constexpr const char* k_admin = "111111111111";
constexpr const char* k_prod = "222222222222";
constexpr const char* k_staging = "333333333333";
constexpr const char* k_bucket = "aws-iam-templates-111111111111";

Node name_input(const std::string& member, const std::string& value) {
    Node in = Node::make_object();
    in.add(member, str(value));
    return in;
}


class CfnStacks : public StackTest {
protected:
    std::vector<std::string> attached_policies(const Credentials& who, const std::string& kind, const std::string& name) {
        auto r = cloud().call(who, "iam", "ListAttached" + kind + "Policies", name_input(kind + "Name", name));
        EXPECT_TRUE(r) << r.error().message;
        std::vector<std::string> arns;
        if (r)
            for (const auto& p : r->find("AttachedPolicies")->items) arns.push_back(p.find("PolicyArn")->text);
        std::sort(arns.begin(), arns.end());
        return arns;
    }
};

TEST_F(CfnStacks, TheArticlesStacksCreateEveryResource) {
    Credentials admin = account(k_admin), prod = account(k_prod), staging = account(k_staging);

    // Section 1: the template bucket in the admin account, with the article's policy.
    ok(admin, "s3", "CreateBucket", std::string(R"({"Bucket":")") + k_bucket + R"("})");
    ASSERT_TRUE(put_object(admin, k_bucket, "iam-global-groups.yaml", seed("iam-global-groups.yaml")));
    ASSERT_TRUE(put_object(admin, k_bucket, "iam-groups.yaml", seed("iam-groups.yaml")));
    ok(admin, "s3", "PutBucketPolicy",
       std::string(R"({"Bucket":")") + k_bucket + R"(","Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::aws-iam-templates-111111111111/*\"}]}"})");

    // Section 2: the execution role in every account, with termination protection.
    for (const Credentials& who : {admin, prod, staging}) {
        Node in = stack_input("stackset-execution-role", seed("stackset-execution-role.yaml"), {{"AdminAccountId", k_admin}});
        in.add("EnableTerminationProtection", boolean(true));
        EXPECT_EQ(create(who, in), "CREATE_COMPLETE");
        Node stack = describe(who, "stackset-execution-role");
        EXPECT_EQ(stack.find("EnableTerminationProtection")->text, "true");
        Node role = ok(who, "iam", "GetRole", R"({"RoleName":"AWSCloudFormationStackSetExecutionRole"})");
        std::string arn = text(role, "Role", "Arn");
        EXPECT_EQ(output(stack, "StackSetExecutionRoleArn"), arn);
        EXPECT_NE(text(role, "Role", "AssumeRolePolicyDocument").find("arn:aws:iam::111111111111:root"), std::string::npos);
        EXPECT_EQ(attached_policies(who, "Role", "AWSCloudFormationStackSetExecutionRole"),
                  std::vector<std::string>{"arn:aws:iam::aws:policy/AdministratorAccess"});
    }

    // Section 3: the administration role and its inline policy.
    EXPECT_EQ(create(admin, stack_input("stackset-admin-role", seed("stackset-admin-role.yaml"))), "CREATE_COMPLETE");
    Node admin_role = ok(admin, "iam", "GetRole", R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole"})");
    EXPECT_NE(text(admin_role, "Role", "AssumeRolePolicyDocument").find("cloudformation.amazonaws.com"), std::string::npos);
    Node inline_policy = ok(admin, "iam", "GetRolePolicy",
                            R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole","PolicyName":"StackSetAdministrationPolicy"})");
    EXPECT_NE(text(inline_policy, "PolicyDocument").find("AWSCloudFormationStackSetExecutionRole"), std::string::npos);
    EXPECT_EQ(output(describe(admin, "stackset-admin-role"), "StackSetAdministrationRoleArn"), text(admin_role, "Role", "Arn"));

    // Section 4: the global groups, then the project groups, both from the bucket (two URL forms).
    EXPECT_EQ(create(admin, stack_input("iam-global-groups", std::string("https://") + k_bucket + ".s3.us-east-1.amazonaws.com/iam-global-groups.yaml")),
              "CREATE_COMPLETE");
    const std::string mfa_arn = "arn:aws:iam::111111111111:policy/policy-enforce-mfa";
    Node global = describe(admin, "iam-global-groups");
    EXPECT_EQ(output(global, "EnforceMFAPolicyArn"), mfa_arn);
    EXPECT_EQ(output(global, "AdminGroupName"), "group-admin");
    for (const char* role : {"admin", "developer", "operator"}) {
        std::string group = std::string("group-") + role;
        auto arns = attached_policies(admin, "Group", group);
        EXPECT_EQ(arns, (std::vector<std::string>{std::string("arn:aws:iam::111111111111:policy/policy-assume-role-") + role, mfa_arn}))
            << group;
        Node policy = ok(admin, "iam", "GetPolicyVersion",
                         std::string(R"({"PolicyArn":"arn:aws:iam::111111111111:policy/policy-assume-role-)") + role + R"(","VersionId":"v1"})");
        EXPECT_NE(text(policy, "PolicyVersion", "Document").find(std::string("role/role-") + role), std::string::npos);
    }
    Node exports = cfn_ok(admin, "ListExports", Node::make_object());
    ASSERT_EQ(exports.find("Exports")->items.size(), 1u);
    EXPECT_EQ(exports.find("Exports")->items[0].find("Name")->text, "EnforceMFAPolicyArn");

    EXPECT_EQ(create(admin, stack_input("iam-groups-projecta", std::string("https://") + k_bucket + ".s3.amazonaws.com/iam-groups.yaml",
                                        {{"ProdAccountId", k_prod}, {"StagingAccountId", k_staging}, {"ProjectName", "projecta"}})),
              "CREATE_COMPLETE");
    EXPECT_EQ(attached_policies(admin, "Group", "group-developer-projecta"),
              (std::vector<std::string>{"arn:aws:iam::111111111111:policy/policy-assume-developer-role-projecta", mfa_arn}));
    Node dev = ok(admin, "iam", "GetPolicyVersion",
                  R"({"PolicyArn":"arn:aws:iam::111111111111:policy/policy-assume-developer-role-projecta","VersionId":"v1"})");
    std::string doc = text(dev, "PolicyVersion", "Document");
    EXPECT_NE(doc.find("arn:aws:iam::222222222222:role/role-developer"), std::string::npos);
    EXPECT_NE(doc.find("arn:aws:iam::333333333333:role/role-developer"), std::string::npos);

    // A project without staging: the Fn::If item disappears.
    EXPECT_EQ(create(admin, stack_input("iam-groups-projectb", std::string("https://s3.us-east-1.amazonaws.com/") + k_bucket + "/iam-groups.yaml",
                                        {{"ProdAccountId", k_prod}, {"HasStagingAccount", "false"}, {"ProjectName", "projectb"}})),
              "CREATE_COMPLETE");
    Node b = ok(admin, "iam", "GetPolicyVersion",
                R"({"PolicyArn":"arn:aws:iam::111111111111:policy/policy-assume-admin-role-projectb","VersionId":"v1"})");
    EXPECT_EQ(text(b, "PolicyVersion", "Document").find("333333333333"), std::string::npos);

    // The imports are known, and the resources of a stack are listed with their ids.
    Node imports = cfn_ok(admin, "ListImports", name_input("ExportName", "EnforceMFAPolicyArn"));
    EXPECT_EQ(imports.find("Imports")->items.size(), 2u);
    Node resources = cfn_ok(admin, "DescribeStackResources", name_input("StackName", "iam-global-groups"));
    ASSERT_EQ(resources.find("StackResources")->items.size(), 7u);
    for (const auto& r : resources.find("StackResources")->items) EXPECT_EQ(r.find("ResourceStatus")->text, "CREATE_COMPLETE");
    Node listed = cfn_ok(admin, "ListStackResources", name_input("StackName", "iam-global-groups"));
    EXPECT_EQ(listed.find("StackResourceSummaries")->items.size(), 7u);
    Node one = cfn_ok(admin, "DescribeStackResource", [] {
        Node in = name_input("StackName", "iam-global-groups");
        in.add("LogicalResourceId", str("EnforceMFAPolicy"));
        return in;
    }());
    EXPECT_EQ(one.find("StackResourceDetail")->find("PhysicalResourceId")->text, mfa_arn);
    Node tmpl = cfn_ok(admin, "GetTemplate", name_input("StackName", "iam-global-groups"));
    EXPECT_EQ(tmpl.find("TemplateBody")->text, seed("iam-global-groups.yaml"));

    // The events tell the story in order.
    auto ev = events(admin, "stackset-admin-role");
    ASSERT_GE(ev.size(), 6u);
    EXPECT_EQ(ev.front(), "stackset-admin-role CREATE_IN_PROGRESS");
    EXPECT_EQ(ev[1], "StackSetAdministrationRole CREATE_IN_PROGRESS");
    EXPECT_EQ(ev[2], "StackSetAdministrationRole CREATE_COMPLETE");
    EXPECT_EQ(ev.back(), "stackset-admin-role CREATE_COMPLETE");
}

TEST_F(CfnStacks, TheCallReturnsBeforeTheWorkEnds) {
    Credentials admin = account(k_admin);
    // Hold the background pool so that the stack cannot progress yet.
    std::mutex m;
    std::condition_variable cv;
    bool release = false;
    for (int i = 0; i < 2; ++i)
        cloud().background().post([&] {
            std::unique_lock lock(m);
            cv.wait(lock, [&] { return release; });
        });
    Node out = cfn_ok(admin, "CreateStack", stack_input("held", seed("stackset-admin-role.yaml")));
    EXPECT_EQ(describe(admin, "held").find("StackStatus")->text, "CREATE_IN_PROGRESS");
    EXPECT_EQ(describe(admin, "held").find("StackStatusReason")->text, "User Initiated");
    {
        std::lock_guard lock(m);
        release = true;
    }
    cv.notify_all();
    EXPECT_EQ(wait_stack(admin, out.find("StackId")->text), "CREATE_COMPLETE");
}

TEST_F(CfnStacks, CapabilitiesAreEnforced) {
    Credentials admin = account(k_admin);
    auto none = cfn(admin, "CreateStack", stack_input("s", seed("stackset-admin-role.yaml"), {}, ""));
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, "InsufficientCapabilitiesException");
    EXPECT_EQ(none.error().message, "Requires capabilities : [CAPABILITY_NAMED_IAM]");
    auto iam_only = cfn(admin, "CreateStack", stack_input("s", seed("stackset-admin-role.yaml"), {}, "CAPABILITY_IAM"));
    ASSERT_FALSE(iam_only);
    EXPECT_EQ(iam_only.error().message, "Requires capabilities : [CAPABILITY_NAMED_IAM]");
    // Nothing was recorded: the name is still free and no role exists.
    EXPECT_EQ(error(admin, "iam", "GetRole", R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole"})"), "NoSuchEntity");
    auto missing = cfn(admin, "DescribeStacks", name_input("StackName", "s"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "ValidationError");
    EXPECT_EQ(missing.error().message, "Stack with id s does not exist");
    // Unnamed IAM resources need only CAPABILITY_IAM.
    const std::string unnamed = R"({"Resources":{"R":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}}}},"Outputs":{"N":{"Value":{"Ref":"R"}}}})";
    auto r = cfn(admin, "CreateStack", stack_input("unnamed", unnamed, {}, ""));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "Requires capabilities : [CAPABILITY_IAM]");
    EXPECT_EQ(create(admin, stack_input("unnamed", unnamed, {}, "CAPABILITY_IAM")), "CREATE_COMPLETE");
    std::string generated = output(describe(admin, "unnamed"), "N");
    EXPECT_EQ(generated.rfind("unnamed-R-", 0), 0u) << generated;
    ok(admin, "iam", "GetRole", R"({"RoleName":")" + generated + R"("})");
}

TEST_F(CfnStacks, TerminationProtectionRefusesDeletion) {
    Credentials prod = account(k_prod);
    Node in = stack_input("exec", seed("stackset-execution-role.yaml"), {{"AdminAccountId", k_admin}});
    in.add("EnableTerminationProtection", boolean(true));
    ASSERT_EQ(create(prod, in), "CREATE_COMPLETE");
    auto refused = cfn(prod, "DeleteStack", name_input("StackName", "exec"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "ValidationError");
    EXPECT_EQ(refused.error().message, "Stack [exec] cannot be deleted while TerminationProtection is enabled");
    EXPECT_EQ(describe(prod, "exec").find("StackStatus")->text, "CREATE_COMPLETE");

    Node off = name_input("StackName", "exec");
    off.add("EnableTerminationProtection", boolean(false));
    cfn_ok(prod, "UpdateTerminationProtection", off);
    std::string id = describe(prod, "exec").find("StackId")->text;
    cfn_ok(prod, "DeleteStack", name_input("StackName", "exec"));
    EXPECT_EQ(wait_stack(prod, id), "DELETE_COMPLETE");
    EXPECT_EQ(error(prod, "iam", "GetRole", R"({"RoleName":"AWSCloudFormationStackSetExecutionRole"})"), "NoSuchEntity");
    // Gone by name, still visible by id and in ListStacks; deleting again is a no-op.
    EXPECT_FALSE(cfn(prod, "DescribeStacks", name_input("StackName", "exec")));
    Node listed = cfn_ok(prod, "ListStacks", Node::make_object());
    ASSERT_EQ(listed.find("StackSummaries")->items.size(), 1u);
    EXPECT_EQ(listed.find("StackSummaries")->items[0].find("StackStatus")->text, "DELETE_COMPLETE");
    cfn_ok(prod, "DeleteStack", name_input("StackName", "exec"));
    // The name is free again.
    EXPECT_EQ(create(prod, stack_input("exec", seed("stackset-execution-role.yaml"), {{"AdminAccountId", k_admin}})), "CREATE_COMPLETE");
}

TEST_F(CfnStacks, TemplateUrlIsReadWithTheCallersPermissions) {
    Credentials admin = account(k_admin), prod = account(k_prod);
    ok(admin, "s3", "CreateBucket", std::string(R"({"Bucket":")") + k_bucket + R"("})");
    ASSERT_TRUE(put_object(admin, k_bucket, "exec.yaml", seed("stackset-execution-role.yaml")));
    const std::string url = std::string("https://") + k_bucket + ".s3.us-east-1.amazonaws.com/exec.yaml";
    // Another account, without a bucket policy granting it: S3 refuses, CloudFormation says so.
    auto refused = cfn(prod, "CreateStack", stack_input("exec", url, {{"AdminAccountId", k_admin}}));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "ValidationError");
    EXPECT_EQ(refused.error().message.rfind("S3 error: Access Denied", 0), 0u) << refused.error().message;
    // Not an S3 URL at all.
    auto bad = cfn(admin, "CreateStack", stack_input("exec", "https://example.com/exec.yaml", {{"AdminAccountId", k_admin}}));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "TemplateURL must be a supported URL.");
    // The owner reads it.
    EXPECT_EQ(create(admin, stack_input("exec", url, {{"AdminAccountId", k_admin}})), "CREATE_COMPLETE");
}

TEST_F(CfnStacks, ValidationErrorsAreSynchronous) {
    Credentials admin = account(k_admin);
    auto missing_param = cfn(admin, "CreateStack", stack_input("x", seed("stackset-execution-role.yaml")));
    ASSERT_FALSE(missing_param);
    EXPECT_EQ(missing_param.error().message, "Parameters: [AdminAccountId] must have values");
    auto bad_name = cfn(admin, "CreateStack", stack_input("1x", seed("stackset-admin-role.yaml")));
    ASSERT_FALSE(bad_name);
    EXPECT_EQ(bad_name.error().code, "ValidationError");
    ASSERT_EQ(create(admin, stack_input("x", seed("stackset-admin-role.yaml"))), "CREATE_COMPLETE");
    auto taken = cfn(admin, "CreateStack", stack_input("x", seed("stackset-admin-role.yaml")));
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, "AlreadyExistsException");
    EXPECT_EQ(taken.error().message, "Stack [x] already exists");

    Node v = Node::make_object();
    v.add("TemplateBody", str(seed("iam-groups.yaml")));
    Node valid = cfn_ok(admin, "ValidateTemplate", v);
    EXPECT_EQ(valid.find("Parameters")->items.size(), 4u);
    EXPECT_EQ(valid.find("Capabilities")->items.at(0).text, "CAPABILITY_NAMED_IAM");
    EXPECT_EQ(valid.find("CapabilitiesReason")->text,
              "The following resource(s) require capabilities: [AWS::IAM::ManagedPolicy, AWS::IAM::Group]");
    Node broken = Node::make_object();
    broken.add("TemplateBody", str("Resources:\n  A:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Ref Nope\n"));
    auto invalid = cfn(admin, "ValidateTemplate", broken);
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().code, "ValidationError");
}

TEST_F(CfnStacks, TheCallerNeedsCloudFormationAndTheResourcesPermissions) {
    Credentials admin = account(k_admin);
    ok(admin, "iam", "CreateUser", R"({"UserName":"cfn-only"})");
    ok(admin, "iam", "PutUserPolicy",
       R"({"UserName":"cfn-only","PolicyName":"p","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cloudformation:*\",\"Resource\":\"*\"}]}"})");
    Credentials cfn_only = user_key(k_admin, "cfn-only");
    ok(admin, "iam", "CreateUser", R"({"UserName":"nobody"})");
    Credentials nobody = user_key(k_admin, "nobody");

    auto denied = cfn(nobody, "CreateStack", stack_input("x", seed("stackset-admin-role.yaml")));
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, "AccessDenied");
    EXPECT_NE(denied.error().message.find("cloudformation:CreateStack"), std::string::npos);

    // Allowed to create the stack but not the role: the resource fails with IAM's refusal
    // and the stack rolls back.
    EXPECT_EQ(create(cfn_only, stack_input("x", seed("stackset-admin-role.yaml"))), "ROLLBACK_COMPLETE");
    Node stack = describe(cfn_only, "x");
    EXPECT_EQ(text(stack, "StackStatusReason"), "The following resource(s) failed to create: [StackSetAdministrationRole]. ");
    Node in = name_input("StackName", "x");
    in.add("LogicalResourceId", str("StackSetAdministrationRole"));
    auto events = cfn_ok(cfn_only, "DescribeStackEvents", name_input("StackName", "x"));
    bool saw = false;
    for (const auto& e : events.find("StackEvents")->items)
        if (e.find("ResourceStatus")->text == "CREATE_FAILED") {
            saw = true;
            EXPECT_NE(e.find("ResourceStatusReason")->text.find("iam:CreateRole"), std::string::npos);
            EXPECT_NE(e.find("ResourceStatusReason")->text.find("HandlerErrorCode: AccessDenied"), std::string::npos);
        }
    EXPECT_TRUE(saw);
}

}  // namespace
}  // namespace jg::cloud::testing
