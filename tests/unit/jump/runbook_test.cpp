// apply's CloudFormation side on the local cloud, with the article's templates (jumpgate's
// text of them, built in: templates/article) and jumpgate's hardened ones: every resource of the article's
// runbook exists afterwards (bucket and policy, execution roles with termination
// protection, administration role, groups, the role StackSet's instances and the roles
// they create), a second plan is empty, a new account follows section 5, a dropped
// project and account are removed, and a failing StackSet target stops apply with
// AWS's reason and is retried by the next apply.
#include <algorithm>
#include <sstream>

#include "../cloud/fixture.hpp"
#include "jump/api/connection.hpp"
#include "jump/apply/reopens.hpp"
#include "jump/apply/runbook.hpp"
#include "jump/audit/findings.hpp"
#include "jump/audit/live.hpp"
#include "jump/config/config.hpp"

namespace jg::jump {
namespace {

constexpr const char* k_admin = "111111111111";

class RunbookTest : public cloud::testing::CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        local = Connection::over(cloud(), home(), "ap-northeast-1");
        options = RunbookOptions{home() + "/new-users"};
    }

    static Config config(const std::string& set, const std::string& projects, const std::string& users = "") {
        std::string text = std::string("admin_account: \"") + k_admin + "\"\nregion: ap-northeast-1\ntemplates: " +
                           set + "\nprojects:\n" + projects + (users.empty() ? "" : "users:\n" + users);
        auto c = parse_config(text, "jumpgate.yaml");
        EXPECT_TRUE(c) << c.error().str();
        return c ? *c : Config{};
    }

    std::vector<Change> plan_of(const Config& c) {
        auto p = plan(*local, c, options);
        EXPECT_TRUE(p) << p.error().str();
        return p ? *p : std::vector<Change>{};
    }

    Result<ApplyReport> try_apply(const Config& c) {
        std::ostringstream progress;
        auto r = apply(*local, c, options, random, progress);
        last_progress = progress.str();
        return r;
    }

    void apply_ok(const Config& c) {
        auto r = try_apply(c);
        ASSERT_TRUE(r) << r.error().str() << "\n" << last_progress;
    }

    cloud::Credentials root(const std::string& account) {
        auto a = cloud::find_account(cloud(), account);
        EXPECT_TRUE(a && *a);
        return a && *a ? cloud::Credentials{(*a)->root_access_key_id, {}} : cloud::Credentials{};
    }

    // The managed policies attached to a role, as ARNs.
    std::vector<std::string> attached(const std::string& account, const std::string& role) {
        Node out = ok(root(account), "iam", "ListAttachedRolePolicies", R"({"RoleName":")" + role + "\"}");
        std::vector<std::string> arns;
        for (const Node& p : out.find("AttachedPolicies")->items) arns.push_back(p.find("PolicyArn")->text);
        return arns;
    }

    // A CloudFormation call in the file's region (stacks and StackSets are regional).
    Result<Node> cfn_call(const std::string& account, std::string_view action, std::string_view json) {
        cloud::RequestInfo info;
        info.region = "ap-northeast-1";
        return cloud().call(root(account), "cloudformation", action, in(json), info);
    }
    Node cfn(const std::string& account, std::string_view action, std::string_view json) {
        auto r = cfn_call(account, action, json);
        EXPECT_TRUE(r) << action << " " << json << ": " << r.error().str();
        return r ? *r : Node::make_object();
    }

    std::string stack_status(const std::string& account, const std::string& stack) {
        auto out = cfn_call(account, "DescribeStacks", R"({"StackName":")" + stack + "\"}");
        return out ? text(out->find("Stacks")->items.at(0), "StackStatus") : out.error().code;
    }

    std::unique_ptr<Connection> local;
    RunbookOptions options;
    std::string last_progress;
};

const char* k_project_a = "  project-a:\n    accounts: [\"222222222222\", \"333333333333\"]\n";

TEST_F(RunbookTest, SeedRunbookDeploysEveryResourceOfTheArticleThenNothingChanges) {
    Config c = config("seed", k_project_a, "  yamada.taro:\n    groups: [group-admin]\n");
    apply_ok(c);
    for (const char* account : {k_admin, "222222222222", "333333333333"}) {
        SCOPED_TRACE(account);
        // 2-1: the execution role, trusting the admin account, with termination protection.
        Node stacks = cfn(account, "DescribeStacks", R"({"StackName":"stackset-execution-role"})");
        ASSERT_TRUE(stacks.find("Stacks"));
        const Node& s = stacks.find("Stacks")->items.at(0);
        EXPECT_EQ(text(s, "StackStatus"), "CREATE_COMPLETE");
        EXPECT_EQ(text(s, "EnableTerminationProtection"), "true");
        EXPECT_EQ(attached(account, "AWSCloudFormationStackSetExecutionRole"),
                  std::vector<std::string>{"arn:aws:iam::aws:policy/AdministratorAccess"});
        // 2-4: the three jump roles, deployed by the StackSet (the seed also targets the admin account).
        EXPECT_EQ(attached(account, "role-admin"), std::vector<std::string>{"arn:aws:iam::aws:policy/AdministratorAccess"});
        EXPECT_EQ(attached(account, "role-developer"), std::vector<std::string>{"arn:aws:iam::aws:policy/PowerUserAccess"});
        EXPECT_EQ(attached(account, "role-operator"), std::vector<std::string>{"arn:aws:iam::aws:policy/ReadOnlyAccess"});
        Node role = ok(root(account), "iam", "GetRole", R"({"RoleName":"role-admin"})");
        EXPECT_NE(text(*role.find("Role"), "AssumeRolePolicyDocument").find("111111111111"), std::string::npos);
    }
    // 1: the bucket with the four templates and the article's policy.
    Node objects = ok(root(k_admin), "s3", "ListObjectsV2", R"({"Bucket":"aws-iam-templates-111111111111"})");
    std::vector<std::string> keys;
    for (const Node& o : objects.find("Contents")->items) keys.push_back(o.find("Key")->text);
    EXPECT_EQ(keys, (std::vector<std::string>{"iam-global-groups.yaml", "iam-groups.yaml", "iam-roles.yaml",
                                              "stackset-admin-role.yaml"}));
    Node policy = ok(root(k_admin), "s3", "GetBucketPolicy", R"({"Bucket":"aws-iam-templates-111111111111"})");
    EXPECT_NE(text(policy, "Policy").find("arn:aws:iam::111111111111:root"), std::string::npos);
    // 2-2, 2-3: the administration role and the groups.
    EXPECT_EQ(stack_status(k_admin, "stackset-admin-role"), "CREATE_COMPLETE");
    ok(root(k_admin), "iam", "GetRole", R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole"})");
    for (const std::string& g : c.group_names()) ok(root(k_admin), "iam", "GetGroup", R"({"GroupName":")" + g + "\"}");
    // The StackSet's instances are all CURRENT.
    Node instances = cfn(k_admin, "ListStackInstances", R"({"StackSetName":"iam-roles"})");
    ASSERT_TRUE(instances.find("Summaries"));
    ASSERT_EQ(instances.find("Summaries")->items.size(), 3u);
    for (const Node& i : instances.find("Summaries")->items) EXPECT_EQ(text(i, "Status"), "CURRENT");
    // The user is in its group.
    Node groups = ok(root(k_admin), "iam", "ListGroupsForUser", R"({"UserName":"yamada.taro"})");
    EXPECT_EQ(text(groups.find("Groups")->items.at(0), "GroupName"), "group-admin");

    EXPECT_TRUE(plan_of(c).empty());
    auto again = try_apply(c);
    ASSERT_TRUE(again) << again.error().str();
    EXPECT_TRUE(again->done.empty()) << last_progress;
}

TEST_F(RunbookTest, ANewAccountGetsItsExecutionRoleThenItsInstanceAndADroppedOneLosesItsRoles) {
    apply_ok(config("seed", "  project-a:\n    accounts: [\"222222222222\"]\n"));
    // Section 5: a staging account joins project-a.
    Config grown = config("seed", k_project_a);
    auto changes = plan_of(grown);
    std::vector<std::string> kinds;
    for (const Change& ch : changes) kinds.push_back(ch.kind + " " + ch.account);
    EXPECT_EQ(kinds, (std::vector<std::string>{"account 333333333333", "stack 333333333333", "stack 111111111111",
                                               "stack-instance 333333333333"}));
    apply_ok(grown);
    EXPECT_EQ(stack_status("333333333333", "stackset-execution-role"), "CREATE_COMPLETE");
    EXPECT_EQ(attached("333333333333", "role-operator"),
              std::vector<std::string>{"arn:aws:iam::aws:policy/ReadOnlyAccess"});
    EXPECT_TRUE(plan_of(grown).empty());

    // The account leaves the file again: its instance and its roles go (the execution role stays).
    apply_ok(config("seed", "  project-a:\n    accounts: [\"222222222222\"]\n"));
    EXPECT_EQ(error(root("333333333333"), "iam", "GetRole", R"({"RoleName":"role-admin"})"), "NoSuchEntity");
    EXPECT_EQ(stack_status("333333333333", "stackset-execution-role"), "CREATE_COMPLETE");
}

TEST_F(RunbookTest, HardenedDeploysNoRoleInTheAdminAccountAndDropsARemovedProject) {
    std::string two = std::string(k_project_a) + "  project-b:\n    accounts: [\"444444444444\"]\n";
    Config c = config("hardened", two, "  sato.jiro:\n    groups: [group-developer-project-b]\n");
    apply_ok(c);
    EXPECT_EQ(error(root(k_admin), "iam", "GetRole", R"({"RoleName":"role-admin"})"), "NoSuchEntity");
    EXPECT_EQ(error(root(k_admin), "iam", "GetRole", R"({"RoleName":"AWSCloudFormationStackSetExecutionRole"})"),
              "NoSuchEntity");
    for (const char* account : {"222222222222", "333333333333", "444444444444"})
        EXPECT_EQ(attached(account, "role-developer"),
                  std::vector<std::string>{"arn:aws:iam::aws:policy/PowerUserAccess"});
    // The hardened execution role trusts the administration role only.
    Node exec = ok(root("222222222222"), "iam", "GetRole", R"({"RoleName":"AWSCloudFormationStackSetExecutionRole"})");
    EXPECT_NE(text(*exec.find("Role"), "AssumeRolePolicyDocument").find("AWSCloudFormationStackSetAdministrationRole"),
              std::string::npos);
    EXPECT_TRUE(plan_of(c).empty());

    // project-b leaves the file with its user: membership, user, groups stack, instance go.
    Config smaller = config("hardened", k_project_a);
    apply_ok(smaller);
    EXPECT_EQ(stack_status(k_admin, "iam-groups-project-b"), "ValidationError");
    EXPECT_EQ(error(root(k_admin), "iam", "GetGroup", R"({"GroupName":"group-developer-project-b"})"), "NoSuchEntity");
    EXPECT_EQ(error(root("444444444444"), "iam", "GetRole", R"({"RoleName":"role-developer"})"), "NoSuchEntity");
    EXPECT_TRUE(plan_of(smaller).empty());
}

// seed -> hardened converges: the admin account keeps neither the seed's execution-role
// stack (AdministratorAccess trusting the whole admin account, termination protection) nor
// the StackSet's roles, plan names the removal and the protection it lifts, the audit has
// no critical or high finding besides users yet to enrol MFA (JG105), and plan is empty.
TEST_F(RunbookTest, SeedToHardenedLeavesNothingTheHardenedProfileWouldNotCreate) {
    const std::string users = "  yamada.taro:\n    groups: [group-admin]\n";
    apply_ok(config("seed", k_project_a, users));
    Config hardened = config("hardened", k_project_a, users);
    auto changes = plan_of(hardened);
    auto removal = std::find_if(changes.begin(), changes.end(), [](const Change& c) {
        return c.action == ChangeAction::remove && c.account == k_admin && c.name == "stackset-execution-role";
    });
    ASSERT_NE(removal, changes.end()) << changes_text(changes);
    EXPECT_NE(removal->detail.find("termination protection lifted"), std::string::npos) << removal->detail;
    EXPECT_NE(destructive_text(changes).find("delete stack stackset-execution-role in 111111111111"), std::string::npos);
    // The updates say what changes inside: the trust statement of the execution role and the
    // jump roles' BoolIfExists MFA condition, removed and replaced.
    auto has_line = [](const Change& c, std::string_view prefix, std::string_view part) {
        return std::any_of(c.diff.begin(), c.diff.end(), [&](const std::string& l) {
            return l.rfind(prefix, 0) == 0 && l.find(part) != std::string::npos;
        });
    };
    auto exec = std::find_if(changes.begin(), changes.end(), [](const Change& c) {
        return c.action == ChangeAction::update && c.account == "222222222222" && c.name == "stackset-execution-role";
    });
    ASSERT_NE(exec, changes.end());
    EXPECT_TRUE(has_line(*exec, "- ", "AssumeRolePolicyDocument statement")) << changes_text(changes);
    EXPECT_TRUE(has_line(*exec, "+ ", "AssumeRolePolicyDocument statement")) << changes_text(changes);
    auto set = std::find_if(changes.begin(), changes.end(), [](const Change& c) { return c.kind == "stack-set"; });
    ASSERT_NE(set, changes.end());
    EXPECT_TRUE(has_line(*set, "- ", "BoolIfExists")) << changes_text(changes);
    EXPECT_NE(changes_json(changes).find("\"diff\": ["), std::string::npos);

    apply_ok(hardened);
    EXPECT_EQ(stack_status(k_admin, "stackset-execution-role"), "ValidationError");
    for (const char* role : {"AWSCloudFormationStackSetExecutionRole", "role-admin", "role-developer", "role-operator"}) {
        auto got = cloud().call(root(k_admin), "iam", "GetRole", in(std::string(R"({"RoleName":")") + role + "\"}"), {});
        ASSERT_FALSE(got) << role;
        EXPECT_EQ(got.error().code, "NoSuchEntity") << role;
    }
    EXPECT_EQ(stack_status("222222222222", "stackset-execution-role"), "UPDATE_COMPLETE");
    EXPECT_TRUE(plan_of(hardened).empty()) << changes_text(plan_of(hardened));

    auto accounts = audit::live_accounts(*local, {}, &hardened);
    ASSERT_TRUE(accounts) << accounts.error().str();
    auto state = audit::read_live_state(*local, *accounts);
    ASSERT_TRUE(state) << state.error().str();
    audit::infer_admin_account(*state, k_admin);
    auto analysis = audit::analyze(*state, {.findings = true, .intended = &hardened});
    for (const auto& f : analysis.findings)
        if (f.severity >= audit::Severity::high) {
            EXPECT_EQ(f.id.rfind("JG105", 0), 0u) << f.id << " " << f.title << " " << f.principal;
        }

    // hardened -> seed works too, and plan says what it re-opens by the audit's rule ids.
    Config seed = config("seed", k_project_a, users);
    auto back = plan_of(seed);
    auto reopened = reopened_findings(back, k_admin);
    auto names = [&](std::string_view rule) {
        return std::any_of(reopened.begin(), reopened.end(), [&](const std::string& l) { return l.rfind(rule, 0) == 0; });
    };
    EXPECT_TRUE(names("JG102")) << changes_text(back);
    EXPECT_TRUE(names("JG101")) << changes_text(back);
    EXPECT_TRUE(names("JG104")) << changes_text(back);
    apply_ok(seed);
    EXPECT_EQ(stack_status(k_admin, "stackset-execution-role"), "CREATE_COMPLETE");
    EXPECT_TRUE(plan_of(seed).empty()) << changes_text(plan_of(seed));
    EXPECT_TRUE(reopened_findings(plan_of(hardened), k_admin).empty());
}

TEST_F(RunbookTest, AFailingTargetStopsApplyWithAwsReasonAndTheNextApplyRetriesIt) {
    Config c = config("seed", k_project_a);
    // A role-admin made by hand in 333333333333 collides with the StackSet's.
    account("333333333333");
    ok(root("333333333333"), "iam", "CreateRole",
       R"({"RoleName":"role-admin","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"})");
    auto r = try_apply(c);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "StackSetOperationFailed");
    EXPECT_NE(r.error().message.find("333333333333: FAILED"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("[AdminRole]"), std::string::npos) << r.error().message;
    EXPECT_NE(last_progress.find("333333333333  ap-northeast-1  FAILED"), std::string::npos) << last_progress;

    auto changes = plan_of(c);
    ASSERT_FALSE(changes.empty());
    EXPECT_EQ(changes.front().kind, "stack-instance");
    EXPECT_EQ(changes.front().action, ChangeAction::update);

    // The operator removes the stray role; the next apply finishes the job.
    ok(root("333333333333"), "iam", "DeleteRole", R"({"RoleName":"role-admin"})");
    apply_ok(c);
    EXPECT_TRUE(plan_of(c).empty());
}

}  // namespace
}  // namespace jg::jump
