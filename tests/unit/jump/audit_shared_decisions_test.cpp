// Users with the same principal-neutral policies share their sts:AssumeRole decisions on
// roles with a neutral trust (neutral.hpp); a trust that names one of them, or asks who
// the caller is, is still decided per user.
#include <gtest/gtest.h>

#include <set>

#include "core/json.hpp"
#include "jump/audit/findings.hpp"
#include "jump/audit/neutral.hpp"
#include "policy/parser.hpp"

namespace jg::jump::audit {
namespace {

std::string role(const std::string& name, const std::string& trust_statement) {
    return R"({"RoleName":")" + name + R"(","RoleId":"AROA)" + name + R"(","Arn":"arn:aws:iam::111111111111:role/)" + name +
           R"(","AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[)" + trust_statement +
           R"(]},"AttachedManagedPolicies":[],"RolePolicyList":[]})";
}

TEST(AuditSharedDecisions, TrustsNamingTheCallerAreDecidedPerUser) {
    const std::string account_trust = R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole")";
    std::string doc =
        R"({"AccountId":"111111111111","UserDetailList":[)"
        R"({"UserName":"a","UserId":"AIDAA","Arn":"arn:aws:iam::111111111111:user/a","GroupList":["g"],"AttachedManagedPolicies":[],"UserPolicyList":[]},)"
        R"({"UserName":"b","UserId":"AIDAB","Arn":"arn:aws:iam::111111111111:user/b","GroupList":["g"],"AttachedManagedPolicies":[],"UserPolicyList":[]}],)"
        R"("GroupDetailList":[{"GroupName":"g","Arn":"arn:aws:iam::111111111111:group/g","AttachedManagedPolicies":[],"GroupPolicyList":[)"
        R"({"PolicyName":"p","PolicyDocument":{"Version":"2012-10-17","Statement":[)"
        R"({"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111111111111:role/*"},)"
        R"({"Effect":"Allow","Action":"iam:ChangePassword","Resource":"arn:aws:iam::111111111111:user/${aws:username}"}]}}]}],)"
        R"("RoleDetailList":[)" +
        role("anyone", account_trust + "}") + "," +
        role("only-a-by-name", account_trust + R"(,"Condition":{"StringEquals":{"aws:username":"a"}}})") + "," +
        role("only-a-by-arn", R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/a"},"Action":"sts:AssumeRole"})") + "," +
        role("only-b-by-session", account_trust + R"(,"Condition":{"StringEquals":{"sts:RoleSessionName":"b"}}})") +
        R"(],"Policies":[]})";
    auto node = parse_json(doc);
    ASSERT_TRUE(node) << node.error().str();
    auto account = load_account(*node, "");
    ASSERT_TRUE(account) << account.error().str();
    State state;
    state.accounts.push_back(std::move(*account));
    infer_admin_account(state, "111111111111");
    Analysis a = analyze(state, {.findings = false});
    std::set<std::string> got;
    for (const Grant& g : a.grants) got.insert(g.user + " " + g.role);
    EXPECT_EQ(got, (std::set<std::string>{"a anyone", "a only-a-by-name", "a only-a-by-arn", "b anyone",
                                          "b only-b-by-session"}));
}

TEST(AuditSharedDecisions, NeutralityLooksOnlyAtStatementsThatCanMatchTheAction) {
    auto request = policy::make_request({"arn:aws:iam::000000000000:user/x", "sts:AssumeRole", "*", "000000000000", {}});
    ASSERT_TRUE(request);
    auto slot = [](const char* json) {
        policy::CompiledSlot s;
        auto doc = parse_json(json);
        EXPECT_TRUE(doc);
        auto p = policy::parse_policy(*doc, policy::PolicyKind::identity);
        EXPECT_TRUE(p) << p.error().str();
        s.add({"p", std::move(*p)});
        return s;
    };
    // A variable on another action does not matter; on sts:AssumeRole (or NotAction) it does.
    EXPECT_TRUE(principal_neutral(slot(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::1:user/${aws:username}"},{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]})"), *request));
    EXPECT_FALSE(principal_neutral(slot(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:*","Resource":"arn:aws:iam::*:role/${aws:username}"}]})"), *request));
    EXPECT_FALSE(principal_neutral(slot(R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalArn":"x"}}}]})"), *request));
    EXPECT_TRUE(principal_neutral(slot(R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]})"), *request));
}

}  // namespace
}  // namespace jg::jump::audit
