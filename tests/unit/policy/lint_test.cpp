#include "policy/lint.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/json.hpp"

namespace jg::policy {
namespace {

std::vector<Finding> lint(const std::string& json, PolicyUse use = PolicyUse::managed) {
    auto node = parse_json(json, "p.json");
    EXPECT_TRUE(node.has_value()) << (node ? "" : node.error().str());
    if (!node) return {};
    return lint_policy(*node, LintOptions{use});
}

std::vector<std::string> codes(const std::vector<Finding>& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings) out.push_back(f.code);
    return out;
}

// A one-statement identity policy around the given statement members.
std::string policy(const std::string& statement) {
    return R"({"Version":"2012-10-17","Statement":[{)" + statement + "}]}";
}

TEST(Lint, CleanPolicyHasNoFindings) {
    EXPECT_TRUE(lint(policy(R"("Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*")")).empty());
}

TEST(Lint, MissingVersionIsAWarningAtTheDocument) {
    auto f = lint(R"({"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}})");
    ASSERT_EQ(codes(f), std::vector<std::string>{"missing-version"});
    EXPECT_EQ(f[0].severity, Severity::warning);
    EXPECT_EQ(f[0].where.line, 1);
    EXPECT_EQ(f[0].where.col, 1);
    EXPECT_EQ(f[0].where.str(), "p.json:1:1");
}

TEST(Lint, UnknownServiceAndActionAreErrorsWithTheirLocation) {
    auto f = lint("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\n"
                  "\"Action\":[\"foo:Bar\",\n\"s3:Teleport\",\"S3:GETOBJECT\"],\"Resource\":\"*\"}]}");
    ASSERT_EQ(codes(f), (std::vector<std::string>{"unknown-service", "unknown-action"}));
    EXPECT_EQ(f[0].severity, Severity::error);
    EXPECT_EQ(f[0].where.line, 2);
    EXPECT_EQ(f[0].where.col, 11);
    EXPECT_EQ(f[1].where.line, 3);
    EXPECT_EQ(f[1].where.col, 1);
}

TEST(Lint, UnknownConditionOperatorIsReportedOnce) {
    auto f = lint(policy(R"("Effect":"Allow","Action":"s3:GetObject","Resource":"*",)"
                         R"("Condition":{"StringEqualsX":{"aws:username":"a"}})"));
    // The parser rejects the document at the same place; lint says it once.
    ASSERT_EQ(codes(f), std::vector<std::string>{"unknown-condition-operator"});
}

TEST(Lint, TypeMismatchOfGlobalKeys) {
    auto f = lint(policy(R"("Effect":"Allow","Action":"s3:GetObject","Resource":"*",)"
                         R"("Condition":{"NumericEquals":{"aws:SecureTransport":"1"},)"
                         R"("StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/x"},)"
                         R"("DateLessThan":{"aws:CurrentTime":"2030-01-01"},)"
                         R"("IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]}})"));
    ASSERT_EQ(codes(f), std::vector<std::string>{"type-mismatch"});
    EXPECT_NE(f[0].message.find("Bool"), std::string::npos) << f[0].message;
}

TEST(Lint, ValuesTheOperatorCannotRead) {
    auto f = lint(policy(R"("Effect":"Allow","Action":"s3:GetObject","Resource":"*",)"
                         R"("Condition":{"DateLessThan":{"aws:CurrentTime":"tomorrow"},)"
                         R"("NumericLessThan":{"aws:MultiFactorAuthAge":"${aws:username}"}})"));
    // A policy variable is resolved at request time and is not judged.
    ASSERT_EQ(codes(f), std::vector<std::string>{"type-mismatch"});
    EXPECT_NE(f[0].message.find("tomorrow"), std::string::npos);
}

TEST(Lint, MfaPitfalls) {
    auto allow = lint(policy(R"("Effect":"Allow","Action":"sts:AssumeRole","Resource":"*",)"
                             R"("Condition":{"BoolIfExists":{"aws:multifactorauthpresent":"true"}})"));
    ASSERT_EQ(codes(allow), std::vector<std::string>{"mfa-bool-if-exists-allow"});
    EXPECT_EQ(allow[0].severity, Severity::warning);

    auto deny = lint(policy(R"("Effect":"Deny","Action":"*","Resource":"*",)"
                            R"("Condition":{"Bool":{"aws:MultiFactorAuthPresent":["false"]}})"));
    ASSERT_EQ(codes(deny), std::vector<std::string>{"mfa-bool-deny"});

    // The recommended forms pass.
    EXPECT_TRUE(lint(policy(R"("Effect":"Deny","Action":"*","Resource":"*",)"
                            R"("Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}})"))
                    .empty());
    EXPECT_TRUE(lint(policy(R"("Effect":"Allow","Action":"sts:AssumeRole","Resource":"*",)"
                            R"("Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}})"))
                    .empty());
}

TEST(Lint, PassRoleOnEveryRole) {
    EXPECT_EQ(codes(lint(policy(R"("Effect":"Allow","Action":"iam:passrole","Resource":"*")"))),
              std::vector<std::string>{"pass-role-star"});
    EXPECT_EQ(codes(lint(policy(R"("Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::1:role/*")"))),
              std::vector<std::string>{"pass-role-star"});
    EXPECT_TRUE(lint(policy(R"("Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::1:role/app")")).empty());
    EXPECT_TRUE(lint(policy(R"("Effect":"Deny","Action":"iam:PassRole","Resource":"*")")).empty());
    EXPECT_TRUE(lint(policy(R"("Effect":"Allow","Action":"iam:GetRole","Resource":"*")")).empty());
}

TEST(Lint, RedundancyIsASuggestion) {
    auto f = lint(policy(R"("Effect":"Allow","Action":["s3:*","s3:GetObject"],)"
                         R"("Resource":["arn:aws:s3:::b/*","arn:aws:s3:::b/*","arn:aws:s3:::B/x"])"));
    ASSERT_EQ(codes(f), (std::vector<std::string>{"redundant-action", "redundant-resource"}));
    EXPECT_EQ(f[0].severity, Severity::info);
    // Resource ARNs are case-sensitive: "B/x" is not covered by "b/*".
    EXPECT_NE(f[1].message.find("listed twice"), std::string::npos);
}

TEST(Lint, SizeQuotasPerUse) {
    std::string resources;
    for (int i = 0; i < 100; ++i) resources += (i ? "," : "") + std::string("\"arn:aws:s3:::bucket-") +
                                               std::to_string(1000 + i) + "/*\"";
    std::string doc = policy(R"("Effect":"Allow","Action":"s3:GetObject","Resource":[)" + resources + "]");
    ASSERT_GT(doc.size(), 2048u);
    ASSERT_LT(doc.size(), 5120u);
    EXPECT_TRUE(lint(doc, PolicyUse::managed).empty());
    EXPECT_TRUE(lint(doc, PolicyUse::group).empty());
    EXPECT_TRUE(lint(doc, PolicyUse::role).empty());
    auto user = lint(doc, PolicyUse::user);
    ASSERT_EQ(codes(user), std::vector<std::string>{"policy-size"});
    EXPECT_EQ(user[0].severity, Severity::error);
    EXPECT_NE(user[0].message.find(std::to_string(doc.size())), std::string::npos) << user[0].message;

    // Whitespace outside strings does not count.
    std::string spaced;
    for (char c : doc) {
        spaced += c;
        if (c == ',') spaced += "\n      ";
    }
    EXPECT_TRUE(lint(spaced, PolicyUse::group).empty());
    EXPECT_EQ(size_quota(PolicyUse::managed), 6144u);
    EXPECT_EQ(size_quota(PolicyUse::trust), 2048u);
    EXPECT_EQ(size_quota(PolicyUse::role), 10240u);
}

TEST(Lint, TrustPoliciesNeedAPrincipalIdentityPoliciesMustNotHaveOne) {
    std::string trust = policy(R"("Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole")");
    EXPECT_TRUE(lint(trust, PolicyUse::trust).empty());
    EXPECT_EQ(codes(lint(trust, PolicyUse::managed)), std::vector<std::string>{"malformed-policy"});
}

TEST(Lint, OddShapesGiveFindingsNotCrashes) {
    for (const char* doc : {
             "[]", "\"text\"", "{}", R"({"Version":"2012-10-17","Statement":"x"})",
             R"({"Version":"2012-10-17","Statement":[1,null,{}]})",
             R"({"Version":7,"Statement":{"Effect":"Allow","Action":{"a":1},"Resource":[1,2]}})",
             R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":[1]}})",
             R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":[true]}}})",
             R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":{"x":[]}}}}})",
             R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:::","","*:*:*",":"],"Resource":"*"}})",
         }) {
        auto f = lint(doc);
        ASSERT_FALSE(f.empty()) << doc;
        EXPECT_TRUE(std::any_of(f.begin(), f.end(), [](const Finding& x) { return x.severity == Severity::error; }))
            << doc;
    }
}

TEST(Lint, FindingsAreOrderedByPosition) {
    auto f = lint("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"nope:X\",\"Resource\":\"*\"},\n"
                  "{\"Effect\":\"Allow\",\"Action\":\"s3:Nope\",\"Resource\":\"*\"}]}");
    ASSERT_EQ(codes(f), (std::vector<std::string>{"missing-version", "unknown-service", "unknown-action"}));
    EXPECT_TRUE(std::is_sorted(f.begin(), f.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.where.line, a.where.col) < std::tie(b.where.line, b.where.col);
    }));
}

TEST(Lint, Names) {
    EXPECT_EQ(parse_severity("warning"), Severity::warning);
    EXPECT_FALSE(parse_severity("fatal").has_value());
    EXPECT_EQ(parse_policy_use("trust"), PolicyUse::trust);
    EXPECT_FALSE(parse_policy_use("inline").has_value());
    EXPECT_EQ(to_string(Severity::info), "info");
    EXPECT_LT(Severity::info, Severity::warning);
    EXPECT_LT(Severity::warning, Severity::error);
}

}  // namespace
}  // namespace jg::policy
