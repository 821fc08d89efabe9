// Change sets on the seed templates: a CREATE change set makes a REVIEW_IN_PROGRESS stack,
// UPDATE change sets list what would be added, modified (replaced or not, statically or
// through a reference) and removed, an unchanged submission fails with AWS's reason, and
// executing one runs the stack operation and retires the stack's other change sets.
#include <gtest/gtest.h>

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

class CfnChangeSets : public StackTest {
protected:
    void SetUp() override {
        StackTest::SetUp();
        admin = account(k_admin);
    }
    void TearDown() override {
        cloud().settle();
        StackTest::TearDown();
    }

    // CreateChangeSet input: the stack input plus the change set's name and type.
    static Node change_set_input(const std::string& stack, const std::string& name, const std::string& body,
                                 const std::vector<std::pair<std::string, std::string>>& params = {},
                                 const std::string& type = "UPDATE") {
        Node in = stack_input(stack, body, params);
        in.add("ChangeSetName", str(name));
        in.add("ChangeSetType", str(type));
        return in;
    }
    static void use_previous_template(Node& in) {
        std::erase_if(in.members, [](const auto& m) { return m.first == "TemplateBody"; });
        in.add("UsePreviousTemplate", boolean(true));
    }
    Node describe_change_set(const std::string& stack, const std::string& name) {
        Node in = Node::make_object();
        in.add("StackName", str(stack));
        in.add("ChangeSetName", str(name));
        return cfn_ok(admin, "DescribeChangeSet", in);
    }
    // The ResourceChange of `logical_id` in a DescribeChangeSet answer.
    static Node resource_change(const Node& described, const std::string& logical_id) {
        for (const Node& c : described.find("Changes")->items) {
            EXPECT_EQ(text(c, "Type"), "Resource");
            if (text(*c.find("ResourceChange"), "LogicalResourceId") == logical_id) return *c.find("ResourceChange");
        }
        ADD_FAILURE() << "no change for " << logical_id;
        return Node::make_object();
    }
    std::string execute(const std::string& stack, const std::string& name) {
        Node in = Node::make_object();
        in.add("StackName", str(stack));
        in.add("ChangeSetName", str(name));
        auto r = cfn(admin, "ExecuteChangeSet", in);
        if (!r) return r.error().code + ": " + r.error().message;
        return wait_stack(admin, stack);
    }
    std::string execution_role() {
        return seed("stackset-execution-role.yaml");
    }

    Credentials admin;
};

TEST_F(CfnChangeSets, ACreateChangeSetReviewsThenCreatesTheStack) {
    const std::string body = seed("stackset-admin-role.yaml");
    Node out = cfn_ok(admin, "CreateChangeSet", change_set_input("admin-role", "first", body, {}, "CREATE"));
    EXPECT_EQ(text(out, "Id").rfind("arn:aws:cloudformation:us-east-1:111111111111:changeSet/first/", 0), 0u);
    EXPECT_EQ(text(out, "StackId").rfind("arn:aws:cloudformation:us-east-1:111111111111:stack/admin-role/", 0), 0u);

    // The stack exists, under review, with nothing created.
    Node stack = describe(admin, "admin-role");
    EXPECT_EQ(text(stack, "StackStatus"), "REVIEW_IN_PROGRESS");
    EXPECT_EQ(text(stack, "StackStatusReason"), "User Initiated");
    EXPECT_EQ(error(admin, "iam", "GetRole", R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole"})"), "NoSuchEntity");
    EXPECT_EQ(events(admin, "admin-role"), std::vector<std::string>{"admin-role REVIEW_IN_PROGRESS"});
    auto taken = cfn(admin, "CreateStack", stack_input("admin-role", body));
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, "AlreadyExistsException");

    Node cs = describe_change_set("admin-role", "first");
    EXPECT_EQ(text(cs, "Status"), "CREATE_COMPLETE");
    EXPECT_EQ(text(cs, "ExecutionStatus"), "AVAILABLE");
    EXPECT_EQ(text(cs, "ChangeSetId"), text(out, "Id"));
    EXPECT_EQ(text(cs, "StackName"), "admin-role");
    EXPECT_EQ(cs.find("Capabilities")->items.at(0).text, "CAPABILITY_NAMED_IAM");
    ASSERT_EQ(cs.find("Changes")->items.size(), 2u);
    Node role = resource_change(cs, "StackSetAdministrationRole");
    EXPECT_EQ(text(role, "Action"), "Add");
    EXPECT_EQ(text(role, "ResourceType"), "AWS::IAM::Role");
    EXPECT_EQ(role.find("PhysicalResourceId"), nullptr);
    EXPECT_EQ(text(resource_change(cs, "StackSetAdministrationPolicy"), "Action"), "Add");

    // Capabilities are checked when the change set is made; another change set of the
    // stack under review may be made; a CREATE for an existing stack may not.
    Node no_caps = change_set_input("admin-role", "second", body, {}, "CREATE");
    std::erase_if(no_caps.members, [](const auto& m) { return m.first == "Capabilities"; });
    auto refused = cfn(admin, "CreateChangeSet", no_caps);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "InsufficientCapabilitiesException");
    cfn_ok(admin, "CreateChangeSet", change_set_input("admin-role", "second", body, {}, "CREATE"));
    auto twice = cfn(admin, "CreateChangeSet", change_set_input("admin-role", "second", body, {}, "CREATE"));
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, "AlreadyExistsException");
    EXPECT_EQ(twice.error().message, "ChangeSet [second] already exists");

    // Executing creates the stack as CreateStack would, and the other change set goes.
    EXPECT_EQ(execute("admin-role", text(out, "Id")), "CREATE_COMPLETE");
    ok(admin, "iam", "GetRole", R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole"})");
    Node done = describe_change_set("admin-role", "first");
    EXPECT_EQ(text(done, "ExecutionStatus"), "EXECUTE_COMPLETE");
    Node listed = cfn_ok(admin, "ListChangeSets", in(R"({"StackName":"admin-role"})"));
    ASSERT_EQ(listed.find("Summaries")->items.size(), 1u);
    EXPECT_EQ(text(listed.find("Summaries")->items[0], "ChangeSetName"), "first");
    auto again = cfn(admin, "ExecuteChangeSet", in(R"({"StackName":"admin-role","ChangeSetName":"first"})"));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "InvalidChangeSetStatus");
    auto exists = cfn(admin, "CreateChangeSet", change_set_input("admin-role", "third", body, {}, "CREATE"));
    ASSERT_FALSE(exists);
    EXPECT_EQ(exists.error().message, "Stack [admin-role] already exists and cannot be created again with the changeSet [third].");
}

TEST_F(CfnChangeSets, UpdateChangeSetsTellReplacementFromModification) {
    const std::string body = execution_role();
    ASSERT_EQ(create(admin, stack_input("exec", body, {{"AdminAccountId", k_admin}})), "CREATE_COMPLETE");

    // A new RoleName replaces the role.
    cfn_ok(admin, "CreateChangeSet",
           change_set_input("exec", "rename", replaced(body, "RoleName: AWSCloudFormationStackSetExecutionRole", "RoleName: other-exec"),
                            {{"AdminAccountId", k_admin}}));
    Node rename = resource_change(describe_change_set("exec", "rename"), "StackSetExecutionRole");
    EXPECT_EQ(text(rename, "Action"), "Modify");
    EXPECT_EQ(text(rename, "Replacement"), "True");
    EXPECT_EQ(text(rename, "PhysicalResourceId"), "AWSCloudFormationStackSetExecutionRole");
    EXPECT_EQ(to_json(*rename.find("Scope")), R"(["Properties"])");
    EXPECT_EQ(to_json(*rename.find("Details")),
              R"([{"Target":{"Attribute":"Properties","Name":"RoleName","RequiresRecreation":"Always"},"Evaluation":"Static","ChangeSource":"DirectModification"}])");

    // Another managed policy, or another trusted account (a parameter), modifies it in place.
    cfn_ok(admin, "CreateChangeSet",
           change_set_input("exec", "power", replaced(body, "policy/AdministratorAccess", "policy/PowerUserAccess"), {{"AdminAccountId", k_admin}}));
    Node power = resource_change(describe_change_set("exec", "power"), "StackSetExecutionRole");
    EXPECT_EQ(text(power, "Replacement"), "False");
    EXPECT_EQ(text(*power.find("Details")->items.at(0).find("Target"), "Name"), "ManagedPolicyArns");
    EXPECT_EQ(text(*power.find("Details")->items.at(0).find("Target"), "RequiresRecreation"), "Never");
    Node trust_in = change_set_input("exec", "trust", "", {{"AdminAccountId", "999999999999"}});
    use_previous_template(trust_in);
    cfn_ok(admin, "CreateChangeSet", trust_in);
    Node trust = describe_change_set("exec", "trust");
    EXPECT_EQ(text(resource_change(trust, "StackSetExecutionRole"), "Replacement"), "False");
    EXPECT_EQ(text(trust.find("Parameters")->items.at(0), "ParameterValue"), "999999999999");

    // The same template and parameters: FAILED with AWS's reason, not executable.
    Node same = change_set_input("exec", "same", "", {{"AdminAccountId", k_admin}});
    use_previous_template(same);
    cfn_ok(admin, "CreateChangeSet", same);
    Node nothing = describe_change_set("exec", "same");
    EXPECT_EQ(text(nothing, "Status"), "FAILED");
    EXPECT_EQ(text(nothing, "ExecutionStatus"), "UNAVAILABLE");
    EXPECT_EQ(text(nothing, "StatusReason"),
              "The submitted information didn't contain changes. Submit different information to create a change set.");
    EXPECT_TRUE(nothing.find("Changes")->items.empty());
    EXPECT_EQ(execute("exec", "same").rfind("InvalidChangeSetStatus: ChangeSet [arn:aws:cloudformation:", 0), 0u);

    // Executing one modifies the role; the others are gone; the stack's events show it.
    Node listed = cfn_ok(admin, "ListChangeSets", in(R"({"StackName":"exec"})"));
    EXPECT_EQ(listed.find("Summaries")->items.size(), 4u);
    EXPECT_EQ(execute("exec", "power"), "UPDATE_COMPLETE");
    Node attached = ok(admin, "iam", "ListAttachedRolePolicies", R"({"RoleName":"AWSCloudFormationStackSetExecutionRole"})");
    EXPECT_EQ(text(attached.find("AttachedPolicies")->items.at(0), "PolicyArn"), "arn:aws:iam::aws:policy/PowerUserAccess");
    EXPECT_EQ(text(describe_change_set("exec", "power"), "ExecutionStatus"), "EXECUTE_COMPLETE");
    listed = cfn_ok(admin, "ListChangeSets", in(R"({"StackName":"exec"})"));
    ASSERT_EQ(listed.find("Summaries")->items.size(), 1u);
    EXPECT_EQ(text(listed.find("Summaries")->items[0], "ExecutionStatus"), "EXECUTE_COMPLETE");
    EXPECT_EQ(events(admin, "exec").back(), "exec UPDATE_COMPLETE");
}

TEST_F(CfnChangeSets, ReferencesToAReplacedResourceChangeDynamicallyAndRemovalsAreListed) {
    const std::string body = seed("stackset-admin-role.yaml");
    ASSERT_EQ(create(admin, stack_input("admin-role", body)), "CREATE_COMPLETE");
    cfn_ok(admin, "CreateChangeSet",
           change_set_input("admin-role", "rename", replaced(body, "RoleName: AWSCloudFormationStackSetAdministrationRole", "RoleName: renamed")));
    Node cs = describe_change_set("admin-role", "rename");
    EXPECT_EQ(text(resource_change(cs, "StackSetAdministrationRole"), "Replacement"), "True");
    Node policy = resource_change(cs, "StackSetAdministrationPolicy");
    EXPECT_EQ(text(policy, "Action"), "Modify");
    EXPECT_EQ(text(policy, "Replacement"), "False");
    EXPECT_EQ(to_json(*policy.find("Details")),
              R"([{"Target":{"Attribute":"Properties","Name":"Roles","RequiresRecreation":"Never"},"Evaluation":"Dynamic","ChangeSource":"ResourceReference","CausingEntity":"StackSetAdministrationRole"}])");

    // Without the policy: Remove, with its physical id.
    std::string without = body.substr(0, body.find("  StackSetAdministrationPolicy:")) + body.substr(body.find("Outputs:"));
    cfn_ok(admin, "CreateChangeSet", change_set_input("admin-role", "drop", without));
    Node drop = describe_change_set("admin-role", "drop");
    ASSERT_EQ(drop.find("Changes")->items.size(), 1u);
    Node removed = resource_change(drop, "StackSetAdministrationPolicy");
    EXPECT_EQ(text(removed, "Action"), "Remove");
    EXPECT_EQ(text(removed, "ResourceType"), "AWS::IAM::Policy");
    EXPECT_FALSE(text(removed, "PhysicalResourceId").empty());
    EXPECT_EQ(execute("admin-role", "drop"), "UPDATE_COMPLETE");
    EXPECT_EQ(error(admin, "iam", "GetRolePolicy",
                    R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole","PolicyName":"StackSetAdministrationPolicy"})"),
              "NoSuchEntity");
}

TEST_F(CfnChangeSets, AChangeSetOfAnotherVersionOfTheStackIsObsolete) {
    const std::string body = execution_role();
    ASSERT_EQ(create(admin, stack_input("exec", body, {{"AdminAccountId", k_admin}})), "CREATE_COMPLETE");
    Node made = cfn_ok(admin, "CreateChangeSet",
                       change_set_input("exec", "power", replaced(body, "policy/AdministratorAccess", "policy/PowerUserAccess"),
                                        {{"AdminAccountId", k_admin}}));
    Node update = stack_input("exec", body, {{"AdminAccountId", "222222222222"}});
    cfn_ok(admin, "UpdateStack", update);
    EXPECT_EQ(wait_stack(admin, "exec"), "UPDATE_COMPLETE");
    // Found by its ARN alone.
    Node by_arn = cfn_ok(admin, "DescribeChangeSet", in(R"({"ChangeSetName":")" + text(made, "Id") + R"("})"));
    EXPECT_EQ(text(by_arn, "ExecutionStatus"), "OBSOLETE");
    auto refused = cfn(admin, "ExecuteChangeSet", in(R"({"ChangeSetName":")" + text(made, "Id") + R"("})"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "InvalidChangeSetStatus");
    EXPECT_EQ(refused.error().message,
              "ChangeSet [" + text(made, "Id") + "] cannot be executed in its current status of [OBSOLETE]");
}

TEST_F(CfnChangeSets, NamesLookupsAndDeletion) {
    const std::string body = execution_role();
    auto missing = cfn(admin, "CreateChangeSet", change_set_input("nope", "cs", body, {{"AdminAccountId", k_admin}}));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "ValidationError");
    EXPECT_EQ(missing.error().message, "Stack [nope] does not exist");
    auto bad = cfn(admin, "CreateChangeSet", change_set_input("s", "1cs", body, {{"AdminAccountId", k_admin}}, "CREATE"));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, "ValidationError");

    cfn_ok(admin, "CreateChangeSet", change_set_input("s", "cs", body, {{"AdminAccountId", k_admin}}, "CREATE"));
    auto no_stack = cfn(admin, "DescribeChangeSet", in(R"({"ChangeSetName":"cs"})"));
    ASSERT_FALSE(no_stack);
    EXPECT_EQ(no_stack.error().message, "StackName must be specified if ChangeSetName is not specified as an ARN.");
    auto unknown = cfn(admin, "DescribeChangeSet", in(R"({"StackName":"s","ChangeSetName":"other"})"));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, "ChangeSetNotFound");
    EXPECT_EQ(unknown.error().message, "ChangeSet [other] does not exist");

    cfn_ok(admin, "DeleteChangeSet", in(R"({"StackName":"s","ChangeSetName":"cs"})"));
    EXPECT_TRUE(cfn_ok(admin, "ListChangeSets", in(R"({"StackName":"s"})")).find("Summaries")->items.empty());
    // The stack stays under review until deleted; deleting it needs no resource work.
    EXPECT_EQ(text(describe(admin, "s"), "StackStatus"), "REVIEW_IN_PROGRESS");
    std::string id = text(describe(admin, "s"), "StackId");
    cfn_ok(admin, "DeleteStack", in(R"({"StackName":"s"})"));
    EXPECT_EQ(wait_stack(admin, id), "DELETE_COMPLETE");
    EXPECT_EQ(create(admin, stack_input("s", body, {{"AdminAccountId", k_admin}})), "CREATE_COMPLETE");
}

TEST_F(CfnChangeSets, GetTemplateSummaryFromBodyUrlAndStack) {
    Node body_in = Node::make_object();
    body_in.add("TemplateBody", str(seed("iam-groups.yaml")));
    Node summary = cfn_ok(admin, "GetTemplateSummary", body_in);
    EXPECT_EQ(text(summary, "Version"), "2010-09-09");
    EXPECT_FALSE(text(summary, "Description").empty());
    ASSERT_EQ(summary.find("Parameters")->items.size(), 4u);
    for (const Node& p : summary.find("Parameters")->items) {
        EXPECT_EQ(text(p, "ParameterType"), "String") << text(p, "ParameterKey");
        if (text(p, "ParameterKey") == "HasStagingAccount") {
            EXPECT_EQ(text(p, "DefaultValue"), "true");
            EXPECT_EQ(to_json(*p.find("ParameterConstraints")), R"({"AllowedValues":["true","false"]})");
        }
    }
    EXPECT_EQ(to_json(*summary.find("Capabilities")), R"(["CAPABILITY_NAMED_IAM"])");
    EXPECT_EQ(text(summary, "CapabilitiesReason"),
              "The following resource(s) require capabilities: [AWS::IAM::ManagedPolicy, AWS::IAM::Group]");
    EXPECT_EQ(to_json(*summary.find("ResourceTypes")), R"(["AWS::IAM::ManagedPolicy","AWS::IAM::Group"])");

    ok(admin, "s3", "CreateBucket", R"({"Bucket":"templates-111111111111"})");
    ASSERT_TRUE(put_object(admin, "templates-111111111111", "roles.yaml", seed("iam-roles.yaml")));
    Node url = cfn_ok(admin, "GetTemplateSummary", in(R"({"TemplateURL":"https://templates-111111111111.s3.amazonaws.com/roles.yaml"})"));
    EXPECT_EQ(to_json(*url.find("ResourceTypes")), R"(["AWS::IAM::Role"])");
    EXPECT_EQ(text(url.find("Parameters")->items.at(0), "ParameterKey"), "AdminAccountId");

    ASSERT_EQ(create(admin, stack_input("exec", execution_role(), {{"AdminAccountId", k_admin}})), "CREATE_COMPLETE");
    Node of_stack = cfn_ok(admin, "GetTemplateSummary", in(R"({"StackName":"exec"})"));
    EXPECT_EQ(text(of_stack, "Description"), "CloudFormation StackSets Execution Role Creation");
    EXPECT_EQ(error(admin, "cloudformation", "GetTemplateSummary", "{}"), "ValidationError");
    EXPECT_EQ(error(admin, "cloudformation", "GetTemplateSummary", R"({"StackName":"nope"})"), "ValidationError");
}

}  // namespace
}  // namespace jg::cloud::testing
