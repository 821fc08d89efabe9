// The parser's error messages, exactly: line:col, our reason, AWS's wording.
#include "policy/parser.hpp"

#include <gtest/gtest.h>

namespace jg::policy {
namespace {

std::string error_of(std::string_view text, PolicyKind kind = PolicyKind::identity) {
    auto p = parse_policy_text(text, kind, "p.json");
    EXPECT_FALSE(p.has_value()) << text;
    if (p) return "";
    return p.error().str();
}

TEST(PolicyParser, ParsesEveryElement) {
    auto p = parse_policy_text(R"({"Version": "2012-10-17", "Id": "x", "Statement": [
      {"Sid": "A", "Effect": "Allow", "Principal": {"AWS": ["111111111111", "arn:aws:iam::111111111111:root"],
       "Service": "s3.amazonaws.com"}, "NotAction": "iam:*", "NotResource": ["arn:aws:s3:::b/*"],
       "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*", 3, true]}}}]})",
                               PolicyKind::resource);
    ASSERT_TRUE(p) << p.error().str();
    EXPECT_EQ(p->version, Version::v2012_10_17);
    EXPECT_EQ(p->id, "x");
    ASSERT_EQ(p->statements.size(), 1u);
    const Statement& s = p->statements[0];
    EXPECT_EQ(s.sid, "A");
    EXPECT_TRUE(s.not_action);
    EXPECT_TRUE(s.not_resource);
    EXPECT_EQ(s.principal.aws.size(), 2u);
    EXPECT_EQ(s.principal.service[0].text, "s3.amazonaws.com");
    ASSERT_EQ(s.conditions.size(), 1u);
    EXPECT_EQ(s.conditions[0].op, ConditionOp::string_like);
    EXPECT_EQ(s.conditions[0].qualifier, SetQualifier::for_any_value);
    EXPECT_TRUE(s.conditions[0].if_exists);
    ASSERT_EQ(s.conditions[0].values.size(), 3u);
    EXPECT_EQ(s.conditions[0].values[1].text, "3");
    EXPECT_EQ(s.conditions[0].values[2].text, "true");
    EXPECT_EQ(s.conditions[0].loc.line, 4);
}

TEST(PolicyParser, MissingVersionMeans2008) {
    auto p = parse_policy_text(R"({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}})", PolicyKind::identity);
    ASSERT_TRUE(p);
    EXPECT_FALSE(p->version_present);
    EXPECT_EQ(p->version, Version::v2008_10_17);
}

TEST(PolicyParser, SizeExcludesWhitespace) {
    auto a = parse_policy_text(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})",
                               PolicyKind::identity);
    auto b = parse_policy_text("{ \"Version\" : \"2012-10-17\",\n  \"Statement\" : {\n \"Effect\" : \"Allow\", \"Action\" : "
                               "\"s3:*\",\t\"Resource\" : \"*\" }\n}\n",
                               PolicyKind::identity);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->size, 86u);
    EXPECT_EQ(a->size, b->size);
}

TEST(PolicyParserErrors, MissingActions) {
    EXPECT_EQ(error_of(R"({"Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Resource": "*"}]})"),
              "p.json:2:17: statement 1 has no Action or NotAction (AWS: \"Policy statement must contain actions.\")");
}

TEST(PolicyParserErrors, MissingResources) {
    EXPECT_EQ(error_of(R"({"Statement": {"Effect": "Allow", "Action": "s3:*"}})"),
              "p.json:1:15: statement 1 has no Resource or NotResource (AWS: \"Policy statement must contain resources.\")");
}

TEST(PolicyParserErrors, PrincipalInIdentityPolicy) {
    EXPECT_EQ(error_of(R"({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}})"),
              "p.json:1:35: statement 1 has a Principal, which only resource-based policies may have (AWS: \"Policy "
              "document should not specify a principal.\")");
}

TEST(PolicyParserErrors, MissingPrincipalInResourcePolicy) {
    EXPECT_EQ(error_of(R"({"Statement": {"Effect": "Allow", "Action": "s3:*"}})", PolicyKind::resource),
              "p.json:1:15: statement 1 of a resource-based policy has no Principal (AWS: \"Missing required field "
              "Principal\")");
}

TEST(PolicyParserErrors, BadEffect) {
    EXPECT_EQ(error_of(R"({"Statement": {"Effect": "allow", "Action": "s3:*", "Resource": "*"}})"),
              "p.json:1:26: Effect must be \"Allow\" or \"Deny\", found string \"allow\" (AWS: \"Syntax errors in policy.\")");
}

TEST(PolicyParserErrors, BadVersion) {
    EXPECT_EQ(error_of(R"({"Version": 2012, "Statement": []})"),
              "p.json:1:13: Version must be \"2012-10-17\" or \"2008-10-17\", found number (AWS: \"Syntax errors in policy.\")");
}

TEST(PolicyParserErrors, VendorMissing) {
    EXPECT_EQ(error_of(R"({"Statement": {"Effect": "Allow", "Action": ["s3:*", "GetObject"], "Resource": "*"}})"),
              "p.json:1:54: action \"GetObject\" has no service prefix (AWS: \"Actions/Conditions must be prefaced by a "
              "vendor, e.g., iam, sdb, ec2, etc.\")");
}

TEST(PolicyParserErrors, InvalidVendor) {
    EXPECT_EQ(error_of(R"({"Statement": {"Effect": "Allow", "Action": "s 3:Get", "Resource": "*"}})"),
              "p.json:1:45: service prefix \"s 3\" of action \"s 3:Get\" is not valid (AWS: \"Vendor s 3 is not valid\")");
}

TEST(PolicyParserErrors, TwoColons) {
    EXPECT_EQ(error_of(R"({"Statement": {"Effect": "Allow", "Action": "a:b:c", "Resource": "*"}})"),
              "p.json:1:45: action \"a:b:c\" has more than one colon (AWS: \"Actions/Condition can contain only one colon.\")");
}

TEST(PolicyParserErrors, UnknownOperator) {
    EXPECT_EQ(error_of(R"({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
 "Condition": {"ForAnyValue:Strin": {"k": "v"}}}})"),
              "p.json:2:16: unknown condition operator \"ForAnyValue:Strin\" (AWS: \"Syntax errors in policy.\")");
}

TEST(PolicyParserErrors, DuplicateSid) {
    EXPECT_EQ(error_of(R"({"Statement": [{"Sid": "x", "Effect": "Allow", "Action": "*", "Resource": "*"},
                {"Sid": "x", "Effect": "Allow", "Action": "*", "Resource": "*"}]})"),
              "p.json:2:17: Sid \"x\" is used by more than one statement (AWS: \"Statement IDs (SID) in a single policy "
              "must be unique.\")");
}

TEST(PolicyParserErrors, DuplicateElement) {
    EXPECT_EQ(error_of(R"({"Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}})"),
              "p.json:1:35: duplicate element \"Effect\" (AWS: \"Syntax errors in policy.\")");
}

TEST(PolicyParserErrors, UnknownTopLevelElement) {
    EXPECT_EQ(error_of(R"({"Version": "2012-10-17", "Statements": []})"),
              "p.json:1:27: unknown element \"Statements\" at the top level (expected Version, Id, Statement) (AWS: "
              "\"Syntax errors in policy.\")");
}

TEST(PolicyParserErrors, EmptyStatementArray) {
    EXPECT_EQ(error_of(R"({"Statement": []})"), "p.json:1:15: Statement is an empty array (AWS: \"Syntax errors in policy.\")");
}

TEST(PolicyParserErrors, StatementNotAnObject) {
    EXPECT_EQ(error_of(R"({"Statement": ["Allow"]})"),
              "p.json:1:16: statement 1 must be an object, found string \"Allow\" (AWS: \"Syntax errors in policy.\")");
}

TEST(PolicyParserErrors, BadPrincipalType) {
    EXPECT_EQ(error_of(R"({"Statement": {"Effect": "Allow", "Principal": {"User": "x"}, "Action": "*"}})", PolicyKind::resource),
              "p.json:1:49: unknown principal type \"User\" (expected AWS, Service, Federated, CanonicalUser) (AWS: "
              "\"Syntax errors in policy.\")");
}

TEST(PolicyParserErrors, ResourceNotStrings) {
    EXPECT_EQ(error_of(R"({"Statement": {"Effect": "Allow", "Action": "*", "Resource": ["a", 1]}})"),
              "p.json:1:68: Resource must hold only strings, found number (AWS: \"Syntax errors in policy.\")");
}

TEST(PolicyParserErrors, NotAnObject) {
    EXPECT_EQ(error_of("[]"), "p.json:1:1: a policy must be a JSON object, found array (AWS: \"Syntax errors in policy.\")");
}

TEST(PolicyParserErrors, JsonSyntaxKeepsItsCode) {
    auto p = parse_policy_text("{\"Statement\": [}", PolicyKind::identity, "p.json");
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, "JsonSyntax");
    EXPECT_EQ(p.error().str(), "p.json:1:16: expected a JSON value, found '}'");
}

TEST(PolicyParserErrors, CodeIsMalformedPolicyDocument) {
    auto p = parse_policy_text(R"({"Statement": {}})", PolicyKind::identity, "p.json");
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, "MalformedPolicyDocument");
}

}  // namespace
}  // namespace jg::policy
