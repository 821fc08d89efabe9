// The StackSet API with the real role chain (STS, trust policies) and a fake "deploy one
// instance": operation lifecycle, per-target results, AWS's failure reasons, tolerance,
// one operation at a time, OperationId idempotency, stop, deletion rules.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>

#include "stacksets_fixture.hpp"

namespace jg::cloud::testing {
namespace {

using stacksets::InstanceWork;
using stacksets::Outcome;
using stacksets::TargetStatus;

const char* k_template = R"(AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  AdminAccountId:
    Type: String
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      RoleName: role-x
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub 'arn:aws:iam::${AdminAccountId}:root'}
            Action: sts:AssumeRole
)";

// What the fake deployer saw, and a gate that holds deployments while closed.
struct Recorder {
    std::mutex mutex;
    std::condition_variable cv;
    bool open = true;
    std::vector<std::pair<InstanceWork, std::string>> seen;  // work, caller ARN of the session

    void close() {
        std::lock_guard lock(mutex);
        open = false;
    }
    void release() {
        std::lock_guard lock(mutex);
        open = true;
        cv.notify_all();
    }
};

class StackSetApiTest : public StackSetTest {
protected:
    void SetUp() override {
        StackSetTest::SetUp();
        admin_role();
        stacksets::override_instance_deployer(cloud(), [this](Cloud& c, const Credentials& session, const InstanceWork& w) {
            auto id = c.call(session, "sts", "GetCallerIdentity", Node::make_object());
            std::unique_lock lock(rec.mutex);
            rec.cv.wait(lock, [&] { return rec.open; });
            rec.seen.push_back({w, id ? text(*id, "Arn") : "error: " + id.error().message});
            return Outcome{TargetStatus::succeeded, {}, "arn:aws:cloudformation:" + w.target.region + ":" + w.target.account +
                                                             ":stack/StackSet-" + w.stack_set_name + "/x"};
        });
    }

    void create_set(const std::string& name = "roles") {
        Node body = Node::make_string(k_template);
        ok(admin, "cloudformation", "CreateStackSet",
           R"({"StackSetName":")" + name + R"(","TemplateBody":)" + to_json(body) +
               R"(,"Capabilities":["CAPABILITY_NAMED_IAM"],"Parameters":[{"ParameterKey":"AdminAccountId","ParameterValue":"111111111111"}]})");
    }

    std::string create_instances(const std::string& accounts_json, const std::string& extra = "") {
        Node out = ok(admin, "cloudformation", "CreateStackInstances",
                      R"({"StackSetName":"roles","Accounts":)" + accounts_json + R"(,"Regions":["us-east-1"])" + extra + "}");
        return text(out, "OperationId");
    }

    Recorder rec;
};

TEST_F(StackSetApiTest, CreateAndDescribeAStackSet) {
    create_set();
    Node set = *ok(admin, "cloudformation", "DescribeStackSet", R"({"StackSetName":"roles"})").find("StackSet");
    EXPECT_EQ(text(set, "StackSetName"), "roles");
    EXPECT_EQ(text(set, "Status"), "ACTIVE");
    EXPECT_EQ(text(set, "PermissionModel"), "SELF_MANAGED");
    EXPECT_EQ(text(set, "AdministrationRoleARN"), "arn:aws:iam::111111111111:role/AWSCloudFormationStackSetAdministrationRole");
    EXPECT_EQ(text(set, "ExecutionRoleName"), "AWSCloudFormationStackSetExecutionRole");
    EXPECT_EQ(text(set, "StackSetARN"), "arn:aws:cloudformation:us-east-1:111111111111:stackset/" + text(set, "StackSetId"));
    EXPECT_EQ(set.find("CurrentOperation"), nullptr);
    // By StackSetId too.
    EXPECT_EQ(text(*ok(admin, "cloudformation", "DescribeStackSet",
                       R"({"StackSetName":")" + text(set, "StackSetId") + R"("})").find("StackSet"), "StackSetName"),
              "roles");
    Node listed = ok(admin, "cloudformation", "ListStackSets");
    ASSERT_EQ(listed.find("Summaries")->items.size(), 1u);
    EXPECT_EQ(text(listed.find("Summaries")->items[0], "StackSetId"), text(set, "StackSetId"));

    EXPECT_EQ(error(admin, "cloudformation", "CreateStackSet",
                    R"({"StackSetName":"roles","Capabilities":["CAPABILITY_NAMED_IAM"],"TemplateBody":)" +
                        to_json(Node::make_string(k_template)) + "}"),
              "NameAlreadyExistsException");
    Error caps = error_of(admin, "cloudformation", "CreateStackSet",
                          R"({"StackSetName":"other","TemplateBody":)" + to_json(Node::make_string(k_template)) + "}");
    EXPECT_EQ(caps.code, "InsufficientCapabilitiesException");
    EXPECT_EQ(caps.message, "Requires capabilities : [CAPABILITY_NAMED_IAM]");
    EXPECT_EQ(error(admin, "cloudformation", "CreateStackSet", R"({"StackSetName":"bad","TemplateBody":"Resources: ["})"),
              "ValidationError");
    EXPECT_EQ(error(admin, "cloudformation", "DescribeStackSet", R"({"StackSetName":"nope"})"), "StackSetNotFoundException");
}

TEST_F(StackSetApiTest, OneCommaSeparatedMemberDeploysToEveryAccount) {
    member("222222222222");
    member("333333333333");
    member("444444444444");
    create_set();
    // The aws CLI v2 sends `--accounts A,B,C` as the single member "A,B,C".
    std::string op = create_instances(R"(["222222222222,333333333333,444444444444"])",
                                      R"(,"OperationPreferences":{"MaxConcurrentPercentage":100})");
    Node done = wait_operation("roles", op);
    EXPECT_EQ(text(done, "Status"), "SUCCEEDED");
    EXPECT_EQ(text(done, "Action"), "CREATE");
    EXPECT_EQ(text(*done.find("StatusDetails"), "FailedStackInstancesCount"), "0");
    EXPECT_FALSE(text(done, "EndTimestamp").empty());
    auto by = results("roles", op);
    ASSERT_EQ(by.size(), 3u);
    std::set<std::string> sessions;
    for (const auto& [w, arn] : rec.seen) {
        sessions.insert(arn);
        EXPECT_EQ(w.action, stacksets::Action::create);
        EXPECT_EQ(to_json(w.parameters), R"([{"ParameterKey":"AdminAccountId","ParameterValue":"111111111111"}])");
    }
    for (const char* a : {"222222222222", "333333333333", "444444444444"}) {
        EXPECT_EQ(text(by[std::string(a) + "/us-east-1"], "Status"), "SUCCEEDED");
        // Each target was reached with its own execution role session.
        EXPECT_TRUE(sessions.count(std::string("arn:aws:sts::") + a +
                                   ":assumed-role/AWSCloudFormationStackSetExecutionRole/stacksets-" + op))
            << a;
        Node i = instance("roles", a);
        EXPECT_EQ(text(i, "Status"), "CURRENT");
        EXPECT_EQ(detailed(i), "SUCCEEDED");
        EXPECT_EQ(text(i, "LastOperationId"), op);
        EXPECT_NE(text(i, "StackId").find(":stack/StackSet-roles/"), std::string::npos);
    }
    EXPECT_EQ(ok(admin, "cloudformation", "ListStackInstances", R"({"StackSetName":"roles"})").find("Summaries")->items.size(), 3u);
}

TEST_F(StackSetApiTest, TargetWithoutExecutionRoleFailsWithAwsReasonWithinTolerance) {
    member("222222222222");
    Credentials without = member("333333333333", false);  // no execution role
    member("444444444444");
    create_set();
    std::string op = create_instances(R"(["222222222222","333333333333","444444444444"])",
                                      R"(,"OperationPreferences":{"FailureToleranceCount":1,"MaxConcurrentCount":3})");
    Node done = wait_operation("roles", op);
    EXPECT_EQ(text(done, "Status"), "SUCCEEDED");
    EXPECT_EQ(text(*done.find("StatusDetails"), "FailedStackInstancesCount"), "1");
    const std::string reason =
        "Account 333333333333 should have 'AWSCloudFormationStackSetExecutionRole' role with trust relationship to "
        "Role 'AWSCloudFormationStackSetAdministrationRole'.";
    auto by = results("roles", op);
    EXPECT_EQ(text(by["333333333333/us-east-1"], "Status"), "FAILED");
    EXPECT_EQ(text(by["333333333333/us-east-1"], "StatusReason"), reason);
    EXPECT_EQ(text(by["222222222222/us-east-1"], "Status"), "SUCCEEDED");
    EXPECT_EQ(text(by["444444444444/us-east-1"], "Status"), "SUCCEEDED");
    Node failed = instance("roles", "333333333333");
    EXPECT_EQ(text(failed, "Status"), "OUTDATED");
    EXPECT_EQ(detailed(failed), "FAILED");
    EXPECT_EQ(text(failed, "StatusReason"), reason);
    Node failed_only = ok(admin, "cloudformation", "ListStackSetOperationResults",
                          R"({"StackSetName":"roles","OperationId":")" + op +
                              R"(","Filters":[{"Name":"OPERATION_RESULT_STATUS","Values":"FAILED"}]})");
    EXPECT_EQ(failed_only.find("Summaries")->items.size(), 1u);

    // The role added later, the same request with a new operation id deploys it.
    ok(without, "iam", "CreateRole",
       R"({"RoleName":"AWSCloudFormationStackSetExecutionRole","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\"}]}"})");
    std::string again = create_instances(R"(["333333333333"])");
    EXPECT_EQ(text(wait_operation("roles", again), "Status"), "SUCCEEDED");
    EXPECT_EQ(detailed(instance("roles", "333333333333")), "SUCCEEDED");
}

TEST_F(StackSetApiTest, PastTheToleranceTargetsAreCancelledAndTheOperationFails) {
    member("222222222222", false);
    member("333333333333");
    member("444444444444");
    create_set();
    std::string op = create_instances(R"(["222222222222","333333333333","444444444444"])");  // defaults: 1 at a time, tolerance 0
    Node done = wait_operation("roles", op);
    EXPECT_EQ(text(done, "Status"), "FAILED");
    auto by = results("roles", op);
    EXPECT_EQ(text(by["222222222222/us-east-1"], "Status"), "FAILED");
    for (const char* a : {"333333333333", "444444444444"}) {
        EXPECT_EQ(text(by[std::string(a) + "/us-east-1"], "Status"), "CANCELLED");
        EXPECT_EQ(text(by[std::string(a) + "/us-east-1"], "StatusReason"), "Cancelled since failure tolerance has exceeded");
        EXPECT_EQ(detailed(instance("roles", a)), "CANCELLED");
    }
    EXPECT_TRUE(rec.seen.empty());
}

TEST_F(StackSetApiTest, AdministrationRoleMustTrustCloudFormation) {
    ok(admin, "iam", "DeleteRolePolicy",
       R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole","PolicyName":"StackSetAdministrationPolicy"})");
    ok(admin, "iam", "DeleteRole", R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole"})");
    admin_role("ec2.amazonaws.com");
    member("222222222222");
    create_set();
    std::string op = create_instances(R"(["222222222222"])");
    EXPECT_EQ(text(wait_operation("roles", op), "Status"), "FAILED");
    EXPECT_EQ(text(results("roles", op)["222222222222/us-east-1"], "StatusReason"),
              "Account 111111111111 should have 'AWSCloudFormationStackSetAdministrationRole' role with trust "
              "relationship to CloudFormation service.");
}

TEST_F(StackSetApiTest, OneOperationAtATimeAndOperationIdIdempotency) {
    member("222222222222");
    member("333333333333");
    create_set();
    rec.close();
    std::string request = R"({"StackSetName":"roles","Accounts":["222222222222"],"Regions":["us-east-1"],"OperationId":"op-1"})";
    EXPECT_EQ(text(ok(admin, "cloudformation", "CreateStackInstances", request), "OperationId"), "op-1");
    Node running = *ok(admin, "cloudformation", "DescribeStackSetOperation", R"({"StackSetName":"roles","OperationId":"op-1"})")
                        .find("StackSetOperation");
    EXPECT_TRUE(text(running, "Status") == "QUEUED" || text(running, "Status") == "RUNNING") << text(running, "Status");
    // Another operation meanwhile is refused.
    Error busy = error_of(admin, "cloudformation", "CreateStackInstances",
                          R"({"StackSetName":"roles","Accounts":["333333333333"],"Regions":["us-east-1"]})");
    EXPECT_EQ(busy.code, "OperationInProgressException");
    EXPECT_NE(busy.message.find("is in progress"), std::string::npos);
    EXPECT_EQ(error(admin, "cloudformation", "DeleteStackSet", R"({"StackSetName":"roles"})"), "OperationInProgressException");
    // The same request with the same id is the same operation (a retry).
    EXPECT_EQ(text(ok(admin, "cloudformation", "CreateStackInstances", request), "OperationId"), "op-1");
    rec.release();
    EXPECT_EQ(text(wait_operation("roles", "op-1"), "Status"), "SUCCEEDED");
    // After it ended: still the same operation, not a new one; another request may not reuse the id.
    EXPECT_EQ(text(ok(admin, "cloudformation", "CreateStackInstances", request), "OperationId"), "op-1");
    EXPECT_EQ(error(admin, "cloudformation", "CreateStackInstances",
                    R"({"StackSetName":"roles","Accounts":["333333333333"],"Regions":["us-east-1"],"OperationId":"op-1"})"),
              "OperationIdAlreadyExistsException");
    Node ops = ok(admin, "cloudformation", "ListStackSetOperations", R"({"StackSetName":"roles"})");
    ASSERT_EQ(ops.find("Summaries")->items.size(), 1u);
    EXPECT_EQ(text(ops.find("Summaries")->items[0], "Status"), "SUCCEEDED");
    EXPECT_EQ(rec.seen.size(), 1u);
}

TEST_F(StackSetApiTest, StopCancelsTheTargetsNotStarted) {
    for (const char* a : {"222222222222", "333333333333", "444444444444"}) member(a);
    create_set();
    rec.close();
    std::string op = create_instances(R"(["222222222222","333333333333","444444444444"])");
    // Wait until the first target is being deployed, then stop.
    for (int i = 0; i < 2000 && detailed(instance("roles", "222222222222")) != "RUNNING"; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    ok(admin, "cloudformation", "StopStackSetOperation", R"({"StackSetName":"roles","OperationId":")" + op + R"("})");
    rec.release();
    EXPECT_EQ(text(wait_operation("roles", op), "Status"), "STOPPED");
    auto by = results("roles", op);
    EXPECT_EQ(text(by["222222222222/us-east-1"], "Status"), "SUCCEEDED");
    EXPECT_EQ(text(by["333333333333/us-east-1"], "Status"), "CANCELLED");
    EXPECT_EQ(text(by["444444444444/us-east-1"], "Status"), "CANCELLED");
    EXPECT_EQ(error(admin, "cloudformation", "StopStackSetOperation", R"({"StackSetName":"roles","OperationId":")" + op + R"("})"),
              "InvalidOperationException");
    EXPECT_EQ(error(admin, "cloudformation", "StopStackSetOperation", R"({"StackSetName":"roles","OperationId":"nope"})"),
              "OperationNotFoundException");
}

TEST_F(StackSetApiTest, UpdatesRedeployEveryInstanceWithOverrides) {
    member("222222222222");
    member("333333333333");
    create_set();
    wait_operation("roles", create_instances(R"(["222222222222","333333333333"])", R"(,"OperationPreferences":{"MaxConcurrentCount":2})"));
    rec.seen.clear();
    std::string op = text(ok(admin, "cloudformation", "UpdateStackInstances",
                             R"({"StackSetName":"roles","Accounts":["333333333333"],"Regions":["us-east-1"],"ParameterOverrides":[{"ParameterKey":"AdminAccountId","ParameterValue":"999999999999"}]})"),
                          "OperationId");
    EXPECT_EQ(text(wait_operation("roles", op), "Status"), "SUCCEEDED");
    ASSERT_EQ(rec.seen.size(), 1u);
    EXPECT_EQ(rec.seen[0].first.action, stacksets::Action::update);
    EXPECT_EQ(to_json(rec.seen[0].first.parameters), R"([{"ParameterKey":"AdminAccountId","ParameterValue":"999999999999"}])");
    EXPECT_FALSE(rec.seen[0].first.stack_id.empty());
    EXPECT_EQ(to_json(*instance("roles", "333333333333").find("ParameterOverrides")),
              R"([{"ParameterKey":"AdminAccountId","ParameterValue":"999999999999"}])");
    EXPECT_EQ(error(admin, "cloudformation", "UpdateStackInstances",
                    R"({"StackSetName":"roles","Accounts":["555555555555"],"Regions":["us-east-1"]})"),
              "StackInstanceNotFoundException");

    rec.seen.clear();
    op = text(ok(admin, "cloudformation", "UpdateStackSet",
                 R"({"StackSetName":"roles","UsePreviousTemplate":true,"Capabilities":["CAPABILITY_NAMED_IAM"],"Description":"v2","Parameters":[{"ParameterKey":"AdminAccountId","UsePreviousValue":true}]})"),
              "OperationId");
    Node done = wait_operation("roles", op);
    EXPECT_EQ(text(done, "Status"), "SUCCEEDED");
    EXPECT_EQ(text(done, "Action"), "UPDATE");
    EXPECT_EQ(rec.seen.size(), 2u);  // every instance
    EXPECT_EQ(text(*ok(admin, "cloudformation", "DescribeStackSet", R"({"StackSetName":"roles"})").find("StackSet"), "Description"),
              "v2");
}

TEST_F(StackSetApiTest, DeleteStackSetOnlyWhenEmpty) {
    member("222222222222");
    create_set();
    wait_operation("roles", create_instances(R"(["222222222222"])"));
    Error not_empty = error_of(admin, "cloudformation", "DeleteStackSet", R"({"StackSetName":"roles"})");
    EXPECT_EQ(not_empty.code, "StackSetNotEmptyException");
    EXPECT_EQ(error(admin, "cloudformation", "DeleteStackInstances",
                    R"({"StackSetName":"roles","Accounts":["222222222222"],"Regions":["us-east-1"]})"),
              "ValidationError");  // RetainStacks is required
    std::string op = text(ok(admin, "cloudformation", "DeleteStackInstances",
                             R"({"StackSetName":"roles","Accounts":["222222222222"],"Regions":["us-east-1"],"RetainStacks":false})"),
                          "OperationId");
    Node done = wait_operation("roles", op);
    EXPECT_EQ(text(done, "Status"), "SUCCEEDED");
    EXPECT_EQ(text(done, "RetainStacks"), "false");
    EXPECT_EQ(rec.seen.back().first.action, stacksets::Action::remove);
    EXPECT_EQ(error(admin, "cloudformation", "DescribeStackInstance",
                    R"({"StackSetName":"roles","StackInstanceAccount":"222222222222","StackInstanceRegion":"us-east-1"})"),
              "StackInstanceNotFoundException");
    std::string id = text(*ok(admin, "cloudformation", "DescribeStackSet", R"({"StackSetName":"roles"})").find("StackSet"),
                          "StackSetId");
    ok(admin, "cloudformation", "DeleteStackSet", R"({"StackSetName":"roles"})");
    EXPECT_EQ(error(admin, "cloudformation", "DescribeStackSet", R"({"StackSetName":"roles"})"), "StackSetNotFoundException");
    // AWS keeps listing a deleted set, DELETED, and describes it by its StackSetId.
    Node listed = ok(admin, "cloudformation", "ListStackSets");
    ASSERT_EQ(listed.find("Summaries")->items.size(), 1u);
    EXPECT_EQ(text(listed.find("Summaries")->items[0], "Status"), "DELETED");
    EXPECT_EQ(text(listed.find("Summaries")->items[0], "StackSetId"), id);
    EXPECT_TRUE(ok(admin, "cloudformation", "ListStackSets", R"({"Status":"ACTIVE"})").find("Summaries")->items.empty());
    Node described = ok(admin, "cloudformation", "DescribeStackSet", R"({"StackSetName":")" + id + R"("})");
    EXPECT_EQ(text(*described.find("StackSet"), "Status"), "DELETED");
    // The name is free again; both are listed.
    create_set();
    EXPECT_EQ(ok(admin, "cloudformation", "ListStackSets").find("Summaries")->items.size(), 2u);
    EXPECT_EQ(ok(admin, "cloudformation", "ListStackSets", R"({"Status":"DELETED"})").find("Summaries")->items.size(), 1u);
}

TEST_F(StackSetApiTest, PreferencesAreValidated) {
    create_set();
    EXPECT_EQ(error(admin, "cloudformation", "CreateStackInstances",
                    R"({"StackSetName":"roles","Accounts":["222222222222"],"Regions":["us-east-1"],"OperationPreferences":{"MaxConcurrentCount":2,"MaxConcurrentPercentage":50}})"),
              "ValidationError");
    EXPECT_EQ(error(admin, "cloudformation", "CreateStackInstances",
                    R"({"StackSetName":"roles","Accounts":["222222222222"],"Regions":["us-east-1"],"OperationPreferences":{"FailureTolerancePercentage":101}})"),
              "ValidationError");
    EXPECT_EQ(error(admin, "cloudformation", "CreateStackInstances",
                    R"({"StackSetName":"roles","Accounts":["12345"],"Regions":["us-east-1"]})"),
              "ValidationError");
    // Nothing was queued by the refused calls.
    EXPECT_TRUE(ok(admin, "cloudformation", "ListStackSetOperations", R"({"StackSetName":"roles"})").find("Summaries")->items.empty());
}

}  // namespace
}  // namespace jg::cloud::testing
