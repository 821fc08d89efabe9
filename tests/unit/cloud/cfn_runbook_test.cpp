// The article's whole runbook (sections 1, 2-1 to 2-4 and 5) on the seed templates read
// from ../shared/seed/templates at run time, in ap-northeast-1 as the article does: the
// template bucket with its policy, the execution-role stacks with termination protection,
// the administration-role and group stacks from the bucket's TemplateURL, the iam-roles
// StackSet deployed through the real role chain and stack engine to every account, and a
// new account added later. Every resulting resource is checked through the APIs.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "cfn_fixture.hpp"

namespace jg::cloud::testing {
namespace {

constexpr const char* k_region = "ap-northeast-1";
constexpr const char* k_admin = "111111111111";
constexpr const char* k_prod = "222222222222";
constexpr const char* k_staging = "333333333333";
constexpr const char* k_new = "444444444444";
constexpr const char* k_bucket = "aws-iam-templates-111111111111";

std::string url_of(const std::string& key) {
    return std::string("https://") + k_bucket + ".s3." + k_region + ".amazonaws.com/" + key;
}

class Runbook : public StackTest {
protected:
    void TearDown() override {
        cloud().settle();
        StackTest::TearDown();
    }

    // A call in the article's region.
    Result<Node> at(const Credentials& who, std::string_view service, std::string_view action, const Node& input) {
        RequestInfo info;
        info.region = k_region;
        return cloud().call(who, service, action, input, info);
    }
    Node at_ok(const Credentials& who, std::string_view service, std::string_view action, std::string_view json) {
        auto r = at(who, service, action, in(json));
        EXPECT_TRUE(r) << action << " " << json << " -> " << r.error().code << ": " << r.error().message;
        return r ? *r : Node::make_object();
    }

    std::string stack_status(const Credentials& who, const std::string& name_or_id) {
        for (int i = 0; i < 4000; ++i) {
            auto r = at(who, "cloudformation", "DescribeStacks", in(R"({"StackName":")" + name_or_id + R"("})"));
            if (!r) return r.error().message;
            std::string status = text(r->find("Stacks")->items.at(0), "StackStatus");
            if (!status.ends_with("_IN_PROGRESS")) return status;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return "timeout";
    }
    std::string create_stack(const Credentials& who, const Node& input) {
        auto r = at(who, "cloudformation", "CreateStack", input);
        if (!r) return r.error().code + ": " + r.error().message;
        return stack_status(who, text(*r, "StackId"));
    }
    Node stack(const Credentials& who, const std::string& name) {
        Node out = at_ok(who, "cloudformation", "DescribeStacks", R"({"StackName":")" + name + R"("})");
        const Node* s = out.find("Stacks");
        return s && !s->items.empty() ? s->items[0] : Node::make_object();
    }

    std::string operation_status(const std::string& operation_id) {
        for (int i = 0; i < 6000; ++i) {
            Node out = at_ok(admin, "cloudformation", "DescribeStackSetOperation",
                             R"({"StackSetName":"iam-roles","OperationId":")" + operation_id + R"("})");
            std::string status = text(*out.find("StackSetOperation"), "Status");
            if (status != "QUEUED" && status != "RUNNING" && status != "STOPPING") return status;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return "timeout";
    }

    std::vector<std::string> attached(const Credentials& who, const std::string& kind, const std::string& name) {
        Node out = ok(who, "iam", "ListAttached" + kind + "Policies", R"({")" + kind + R"(Name":")" + name + R"("})");
        std::vector<std::string> arns;
        if (const Node* list = out.find("AttachedPolicies"))
            for (const auto& p : list->items) arns.push_back(text(p, "PolicyArn"));
        std::sort(arns.begin(), arns.end());
        return arns;
    }
    std::string policy_document(const Credentials& who, const std::string& arn) {
        return text(ok(who, "iam", "GetPolicyVersion", R"({"PolicyArn":")" + arn + R"(","VersionId":"v1"})"),
                    "PolicyVersion", "Document");
    }

    // Section 2-1 in one account: the execution role stack, protected against deletion.
    void execution_role_stack(const Credentials& who) {
        Node input = stack_input("stackset-execution-role", seed("stackset-execution-role.yaml"), {{"AdminAccountId", k_admin}});
        input.add("EnableTerminationProtection", boolean(true));
        ASSERT_EQ(create_stack(who, input), "CREATE_COMPLETE");
        Node s = stack(who, "stackset-execution-role");
        EXPECT_EQ(text(s, "EnableTerminationProtection"), "true");
        EXPECT_NE(text(s, "StackId").find(std::string(":cloudformation:") + k_region + ":"), std::string::npos);
        Node role = ok(who, "iam", "GetRole", R"({"RoleName":"AWSCloudFormationStackSetExecutionRole"})");
        EXPECT_EQ(output(s, "StackSetExecutionRoleArn"), text(role, "Role", "Arn"));
        EXPECT_NE(text(role, "Role", "AssumeRolePolicyDocument").find(std::string("arn:aws:iam::") + k_admin + ":root"),
                  std::string::npos);
        EXPECT_EQ(attached(who, "Role", "AWSCloudFormationStackSetExecutionRole"),
                  std::vector<std::string>{"arn:aws:iam::aws:policy/AdministratorAccess"});
        auto refused = at(who, "cloudformation", "DeleteStack", in(R"({"StackName":"stackset-execution-role"})"));
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().message,
                  "Stack [stackset-execution-role] cannot be deleted while TerminationProtection is enabled");
    }

    // The three jump roles of iam-roles.yaml in `account`, as the StackSet left them.
    void check_jump_roles(const std::string& account) {
        Credentials who = account == k_admin ? admin : members.at(account);
        const std::vector<std::pair<std::string, std::string>> roles = {
            {"role-admin", "AdministratorAccess"}, {"role-developer", "PowerUserAccess"}, {"role-operator", "ReadOnlyAccess"}};
        for (const auto& [name, managed] : roles) {
            Node role = ok(who, "iam", "GetRole", R"({"RoleName":")" + name + R"("})");
            EXPECT_EQ(text(role, "Role", "Arn"), "arn:aws:iam::" + account + ":role/" + name);
            Node trust = in(text(role, "Role", "AssumeRolePolicyDocument"));
            const Node& st = trust.find("Statement")->items.at(0);
            EXPECT_EQ(text(*st.find("Principal"), "AWS"), std::string("arn:aws:iam::") + k_admin + ":root") << account << " " << name;
            EXPECT_EQ(text(*st.find("Condition")->find("BoolIfExists"), "aws:MultiFactorAuthPresent"), "true");
            EXPECT_EQ(attached(who, "Role", name), std::vector<std::string>{"arn:aws:iam::aws:policy/" + managed});
            Node tags = ok(who, "iam", "ListRoleTags", R"({"RoleName":")" + name + R"("})");
            ASSERT_EQ(tags.find("Tags")->items.size(), 1u) << account << " " << name;
            EXPECT_EQ(text(tags.find("Tags")->items[0], "Key"), "ManagedResource");
            EXPECT_EQ(text(tags.find("Tags")->items[0], "Value"), "true");
        }
        // The instance's stack: StackSet-iam-roles-UUID in the target account and region.
        Node i = at_ok(admin, "cloudformation", "DescribeStackInstance",
                       R"({"StackSetName":"iam-roles","StackInstanceAccount":")" + account + R"(","StackInstanceRegion":")" +
                           k_region + R"("})");
        const Node& instance = *i.find("StackInstance");
        EXPECT_EQ(text(instance, "Status"), "CURRENT") << account;
        EXPECT_EQ(text(*instance.find("StackInstanceStatus"), "DetailedStatus"), "SUCCEEDED") << account;
        std::string stack_id = text(instance, "StackId");
        EXPECT_EQ(stack_id.rfind(std::string("arn:aws:cloudformation:") + k_region + ":" + account + ":stack/StackSet-iam-roles-", 0), 0u)
            << stack_id;
        Node s = stack(who, stack_id);
        EXPECT_EQ(text(s, "StackStatus"), "CREATE_COMPLETE");
        EXPECT_EQ(output(s, "DeveloperRoleArn"), "arn:aws:iam::" + account + ":role/role-developer");
    }

    Credentials admin;
    std::map<std::string, Credentials> members;
};

TEST_F(Runbook, TheArticlesRunbookOnTheSeedTemplates) {
    admin = account(k_admin);
    members[k_prod] = account(k_prod);
    members[k_staging] = account(k_staging);

    // Section 1: the template bucket in ap-northeast-1, the four templates, the policy that
    // keeps them inside the administrator account.
    at_ok(admin, "s3", "CreateBucket",
          std::string(R"({"Bucket":")") + k_bucket + R"(","CreateBucketConfiguration":{"LocationConstraint":"ap-northeast-1"}})");
    for (const char* file : {"stackset-admin-role.yaml", "iam-global-groups.yaml", "iam-groups.yaml", "iam-roles.yaml"})
        ASSERT_TRUE(put_object(admin, k_bucket, file, seed(file))) << file;
    at_ok(admin, "s3", "PutBucketPolicy",
          std::string(R"({"Bucket":")") + k_bucket +
              R"(","Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::aws-iam-templates-111111111111/*\"}]}"})");
    Node listed = at_ok(admin, "s3", "ListObjectsV2", std::string(R"({"Bucket":")") + k_bucket + R"("})");
    EXPECT_EQ(listed.find("Contents")->items.size(), 4u);
    Node location = at_ok(admin, "s3", "GetBucketLocation", std::string(R"({"Bucket":")") + k_bucket + R"("})");
    EXPECT_EQ(text(location, "LocationConstraint"), k_region);

    // The policy keeps the templates from the member accounts.
    auto outside = at(members[k_prod], "cloudformation", "CreateStack", stack_input("peek", url_of("iam-roles.yaml"), {{"AdminAccountId", k_admin}}));
    ASSERT_FALSE(outside);
    EXPECT_EQ(outside.error().message.rfind("S3 error: Access Denied", 0), 0u) << outside.error().message;

    // 2-1: the execution role in every account (the StackSet also deploys to the admin).
    execution_role_stack(admin);
    for (const auto& [id, who] : members) execution_role_stack(who);

    // 2-2: the administration role, from the bucket.
    ASSERT_EQ(create_stack(admin, stack_input("stackset-admin-role", url_of("stackset-admin-role.yaml"))), "CREATE_COMPLETE");
    Node admin_role = ok(admin, "iam", "GetRole", R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole"})");
    EXPECT_NE(text(admin_role, "Role", "AssumeRolePolicyDocument").find("cloudformation.amazonaws.com"), std::string::npos);
    Node admin_policy = ok(admin, "iam", "GetRolePolicy",
                           R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole","PolicyName":"StackSetAdministrationPolicy"})");
    EXPECT_NE(text(admin_policy, "PolicyDocument").find("arn:aws:iam::*:role/AWSCloudFormationStackSetExecutionRole"),
              std::string::npos);
    EXPECT_EQ(output(stack(admin, "stackset-admin-role"), "StackSetAdministrationRoleArn"), text(admin_role, "Role", "Arn"));

    // 2-3: the global groups, then projecta's groups, both from the bucket.
    ASSERT_EQ(create_stack(admin, stack_input("iam-global-groups", url_of("iam-global-groups.yaml"))), "CREATE_COMPLETE");
    const std::string mfa = "arn:aws:iam::111111111111:policy/policy-enforce-mfa";
    EXPECT_EQ(output(stack(admin, "iam-global-groups"), "EnforceMFAPolicyArn"), mfa);
    EXPECT_NE(policy_document(admin, mfa).find("DenyAllExceptListedIfNoMFA"), std::string::npos);
    for (const std::string role : {"admin", "developer", "operator"}) {
        std::string assume = "arn:aws:iam::111111111111:policy/policy-assume-role-" + role;
        EXPECT_EQ(attached(admin, "Group", "group-" + role), (std::vector<std::string>{assume, mfa}));
        EXPECT_NE(policy_document(admin, assume).find("arn:aws:iam::*:role/role-" + role), std::string::npos);
    }
    ASSERT_EQ(create_stack(admin, stack_input("iam-groups-projecta", url_of("iam-groups.yaml"),
                                              {{"ProdAccountId", k_prod},
                                               {"StagingAccountId", k_staging},
                                               {"HasStagingAccount", "true"},
                                               {"ProjectName", "projecta"}})),
              "CREATE_COMPLETE");
    for (const std::string role : {"admin", "developer", "operator"}) {
        std::string assume = "arn:aws:iam::111111111111:policy/policy-assume-" + role + "-role-projecta";
        EXPECT_EQ(attached(admin, "Group", "group-" + role + "-projecta"), (std::vector<std::string>{assume, mfa}));
        std::string doc = policy_document(admin, assume);
        EXPECT_NE(doc.find("arn:aws:iam::222222222222:role/role-" + role), std::string::npos) << doc;
        EXPECT_NE(doc.find("arn:aws:iam::333333333333:role/role-" + role), std::string::npos) << doc;
    }

    // 2-4: the StackSet from the bucket, and its instances in the three accounts (the
    // article lists them comma-separated, which the aws CLI v2 sends as one member).
    at_ok(admin, "cloudformation", "CreateStackSet",
          R"({"StackSetName":"iam-roles","TemplateURL":")" + url_of("iam-roles.yaml") +
              R"(","Parameters":[{"ParameterKey":"AdminAccountId","ParameterValue":"111111111111"}],)"
              R"("Capabilities":["CAPABILITY_NAMED_IAM"],"PermissionModel":"SELF_MANAGED",)"
              R"("ExecutionRoleName":"AWSCloudFormationStackSetExecutionRole"})");
    EXPECT_EQ(text(*at_ok(admin, "cloudformation", "DescribeStackSet", R"({"StackSetName":"iam-roles"})").find("StackSet"), "Status"),
              "ACTIVE");
    // A StackSet is regional: us-east-1 does not know it.
    EXPECT_EQ(error(admin, "cloudformation", "DescribeStackSet", R"({"StackSetName":"iam-roles"})"), "StackSetNotFoundException");
    const std::string prefs = R"("OperationPreferences":{"MaxConcurrentPercentage":100,"FailureTolerancePercentage":0})";
    Node op = at_ok(admin, "cloudformation", "CreateStackInstances",
                    R"({"StackSetName":"iam-roles","Accounts":["222222222222,333333333333,111111111111"],"Regions":["ap-northeast-1"],)" +
                        prefs + "}");
    ASSERT_EQ(operation_status(text(op, "OperationId")), "SUCCEEDED");
    for (const char* a : {k_admin, k_prod, k_staging}) check_jump_roles(a);

    // Section 5: a new account — its execution role (5-1), its project's groups without
    // a staging account (5-2), then a new stack instance (5-3).
    members[k_new] = account(k_new);
    execution_role_stack(members[k_new]);
    ASSERT_EQ(create_stack(admin, stack_input("iam-groups-projectb", url_of("iam-groups.yaml"),
                                              {{"ProdAccountId", k_new},
                                               {"StagingAccountId", ""},
                                               {"HasStagingAccount", "false"},
                                               {"ProjectName", "projectb"}})),
              "CREATE_COMPLETE");
    std::string b_doc = policy_document(admin, "arn:aws:iam::111111111111:policy/policy-assume-admin-role-projectb");
    EXPECT_NE(b_doc.find("arn:aws:iam::444444444444:role/role-admin"), std::string::npos) << b_doc;
    EXPECT_EQ(b_doc.find("arn:aws:iam::333333333333"), std::string::npos) << b_doc;
    Node added = at_ok(admin, "cloudformation", "CreateStackInstances",
                       R"({"StackSetName":"iam-roles","Accounts":["444444444444"],"Regions":["ap-northeast-1"],)" + prefs + "}");
    ASSERT_EQ(operation_status(text(added, "OperationId")), "SUCCEEDED");
    check_jump_roles(k_new);
    Node instances = at_ok(admin, "cloudformation", "ListStackInstances", R"({"StackSetName":"iam-roles"})");
    ASSERT_EQ(instances.find("Summaries")->items.size(), 4u);
    for (const Node& i : instances.find("Summaries")->items) EXPECT_EQ(text(i, "Status"), "CURRENT");

    // Every stack of the runbook in the admin account ended CREATE_COMPLETE, and the
    // export of the global groups is imported by both project stacks.
    Node stacks = at_ok(admin, "cloudformation", "ListStacks", "{}");
    std::vector<std::string> names;
    for (const Node& s : stacks.find("StackSummaries")->items) {
        EXPECT_EQ(text(s, "StackStatus"), "CREATE_COMPLETE") << text(s, "StackName");
        names.push_back(text(s, "StackName").rfind("StackSet-iam-roles-", 0) == 0 ? "StackSet-iam-roles" : text(s, "StackName"));
    }
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"StackSet-iam-roles", "iam-global-groups", "iam-groups-projecta",
                                               "iam-groups-projectb", "stackset-admin-role", "stackset-execution-role"}));
    Node imports = at_ok(admin, "cloudformation", "ListImports", R"({"ExportName":"EnforceMFAPolicyArn"})");
    EXPECT_EQ(imports.find("Imports")->items.size(), 2u);
}

}  // namespace
}  // namespace jg::cloud::testing
