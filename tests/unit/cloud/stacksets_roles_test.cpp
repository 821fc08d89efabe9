// The StackSet role chain: cloudformation.amazonaws.com → administration role → execution
// role of the target, through the real STS, with AWS's reasons when a link is missing.
#include "cloud/cloudformation/stacksets/roles.hpp"

#include "stacksets_fixture.hpp"

namespace jg::cloud::testing {
namespace {

using stacksets::RoleChain;

const std::string k_admin_arn = "arn:aws:iam::111111111111:role/AWSCloudFormationStackSetAdministrationRole";

class StackSetRolesTest : public StackSetTest {
protected:
    RoleChain chain() {
        return RoleChain(cloud(), k_admin_arn, "AWSCloudFormationStackSetExecutionRole", "stacksets-op", "us-east-1");
    }
};

TEST_F(StackSetRolesTest, TheChainEndsInTheTargetsExecutionRole) {
    admin_role();
    member("222222222222");
    auto c = chain();
    auto session = c.target_session("222222222222", "eu-west-1");
    ASSERT_TRUE(session) << session.error().str();
    Node id = ok(*session, "sts", "GetCallerIdentity");
    EXPECT_EQ(text(id, "Arn"), "arn:aws:sts::222222222222:assumed-role/AWSCloudFormationStackSetExecutionRole/stacksets-op");
    // The session acts with the execution role's permissions in the target.
    ok(*session, "iam", "CreateRole",
       R"({"RoleName":"made-by-stackset","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\"}]}"})");
}

TEST_F(StackSetRolesTest, MissingOrUntrustingAdministrationRole) {
    member("222222222222");
    const std::string reason =
        "Account 111111111111 should have 'AWSCloudFormationStackSetAdministrationRole' role with trust relationship "
        "to CloudFormation service.";
    {
        auto c = chain();
        auto session = c.target_session("222222222222", "us-east-1");
        ASSERT_FALSE(session);
        EXPECT_EQ(session.error().message, reason);
    }
    admin_role("ec2.amazonaws.com");  // trusts another service
    auto c = chain();
    auto session = c.target_session("222222222222", "us-east-1");
    ASSERT_FALSE(session);
    EXPECT_EQ(session.error().message, reason);
}

TEST_F(StackSetRolesTest, MissingOrUntrustingExecutionRole) {
    admin_role();
    member("222222222222", false);
    Credentials other = member("333333333333", false);
    // An execution role that trusts someone else.
    ok(other, "iam", "CreateRole",
       R"({"RoleName":"AWSCloudFormationStackSetExecutionRole","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::999999999999:root\"},\"Action\":\"sts:AssumeRole\"}]}"})");
    auto c = chain();
    for (const char* account : {"222222222222", "333333333333"}) {
        auto session = c.target_session(account, "us-east-1");
        ASSERT_FALSE(session) << account;
        EXPECT_EQ(session.error().message,
                  std::string("Account ") + account +
                      " should have 'AWSCloudFormationStackSetExecutionRole' role with trust relationship to Role "
                      "'AWSCloudFormationStackSetAdministrationRole'.");
    }
}

}  // namespace
}  // namespace jg::cloud::testing
