// Typed condition values, wildcard and ARN matching, policy-variable templates.
#include <gtest/gtest.h>

#include "core/arn.hpp"
#include "policy/operators.hpp"
#include "policy/pattern.hpp"

namespace jg::policy {
namespace {

TEST(Operators, ParsesQualifiersAndSuffix) {
    auto op = parse_operator("forallvalues:stringnotequalsignorecaseifexists");
    ASSERT_TRUE(op);
    EXPECT_EQ(op->op, ConditionOp::string_not_equals_ignore_case);
    EXPECT_EQ(op->qualifier, SetQualifier::for_all_values);
    EXPECT_TRUE(op->if_exists);
    EXPECT_FALSE(parse_operator("NullIfExists"));
    EXPECT_FALSE(parse_operator("IfExists"));
    EXPECT_TRUE(op_is_negated(ConditionOp::not_ip_address));
    EXPECT_EQ(positive_of(ConditionOp::arn_not_like), ConditionOp::arn_like);
}

TEST(Operators, Dates) {
    EXPECT_EQ(parse_date("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parse_date("2024-01-01"), 1704067200000LL);
    EXPECT_EQ(parse_date("1704067200"), 1704067200000LL);
    EXPECT_EQ(parse_date("2024-01-01T01:00:00+01:00"), 1704067200000LL);
    EXPECT_EQ(parse_date("2024-01-01T00:00:00.250Z"), 1704067200250LL);
    EXPECT_FALSE(parse_date("2024-13-01"));
    EXPECT_FALSE(parse_date("yesterday"));
    EXPECT_FALSE(parse_date("2024-01-01T00:00:00Q"));
}

TEST(Operators, Numbers) {
    EXPECT_EQ(parse_number("10"), 10.0);
    EXPECT_EQ(parse_number("-2.5"), -2.5);
    EXPECT_FALSE(parse_number("1e3"));
    EXPECT_FALSE(parse_number(""));
    EXPECT_FALSE(parse_number("."));
}

TEST(Operators, IpRanges) {
    auto net = parse_ip("10.1.0.0/16");
    ASSERT_TRUE(net);
    EXPECT_TRUE(ip_in(*parse_ip("10.1.200.3"), *net));
    EXPECT_FALSE(ip_in(*parse_ip("10.2.0.1"), *net));
    auto v6 = parse_ip("2001:db8::/32");
    ASSERT_TRUE(v6);
    EXPECT_TRUE(ip_in(*parse_ip("2001:db8:ffff::1"), *v6));
    EXPECT_FALSE(ip_in(*parse_ip("2001:db9::1"), *v6));
    EXPECT_TRUE(parse_ip("::1"));
    EXPECT_TRUE(parse_ip("fe80::1:2"));
    EXPECT_FALSE(parse_ip("256.0.0.1"));
    EXPECT_FALSE(parse_ip("10.0.0.0/33"));
    EXPECT_FALSE(parse_ip("1:2:3:4:5:6:7:8:9"));
    EXPECT_TRUE(ip_in(*parse_ip("192.0.2.1"), *parse_ip("0.0.0.0/0")));
}

TEST(Operators, Base64) {
    EXPECT_EQ(base64_decode("aGVsbG8="), "hello");
    EXPECT_FALSE(base64_decode("a$b"));
}

TEST(Patterns, Glob) {
    EXPECT_TRUE(glob_match("s3:get*", "s3:GetObject", true));
    EXPECT_FALSE(glob_match("s3:get*", "s3:GetObject", false));
    EXPECT_TRUE(glob_match("a?c*", "abcdef"));
    EXPECT_TRUE(glob_match("*", ""));
    EXPECT_FALSE(glob_match("?", ""));
    std::string escaped = "a";
    escaped += k_escape;
    escaped += '*';
    EXPECT_TRUE(glob_match(escaped, "a*"));
    EXPECT_FALSE(glob_match(escaped, "ab"));
}

TEST(Patterns, ArnPartByPart) {
    EXPECT_TRUE(arn_glob_match("arn:aws:iam::*:role/x", "arn:aws:iam::111111111111:role/x"));
    EXPECT_FALSE(arn_glob_match("arn:aws:iam::*:role/x", "arn:aws:iam::1:2:role/x"));
    EXPECT_TRUE(arn_glob_match("arn:aws:s3:::b/*", "arn:aws:s3:::b/a:b/c"));
    EXPECT_TRUE(arn_glob_match("*", "anything:at:all"));
    EXPECT_TRUE(jg::arn_like("arn:aws:sqs:*:*:q", "arn:aws:sqs:eu-west-1:111111111111:q"));
}

TEST(Patterns, ParseArn) {
    auto a = jg::parse_arn("arn:aws:sts::111111111111:assumed-role/r/s");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->service, "sts");
    EXPECT_EQ(a->account, "111111111111");
    EXPECT_EQ(a->resource, "assumed-role/r/s");
    EXPECT_EQ(a->str(), "arn:aws:sts::111111111111:assumed-role/r/s");
    EXPECT_FALSE(jg::parse_arn("arn:aws:s3"));
    EXPECT_FALSE(jg::parse_arn("nope:aws:s3:::b"));
}

TEST(Templates, Variables) {
    RequestContext r;
    r.context.push_back(ContextKey{"aws:username", {"alice"}});
    r.context.push_back(ContextKey{"tags", {"a", "b"}});
    std::string out;
    auto t = Template::parse("home/${aws:UserName}/${*}${?}${$}", true);
    ASSERT_TRUE(t.expand(r, false, out));
    EXPECT_EQ(out, "home/alice/*?$");
    ASSERT_TRUE(t.expand(r, true, out));
    EXPECT_TRUE(glob_match(out, "home/alice/*?$"));
    EXPECT_FALSE(glob_match(out, "home/alice/xy$"));
    EXPECT_FALSE(Template::parse("${tags}", true).expand(r, false, out));  // multi-valued
    EXPECT_FALSE(Template::parse("${missing}", true).expand(r, false, out));
    ASSERT_TRUE(Template::parse("${missing, 'dflt'}", true).expand(r, false, out));
    EXPECT_EQ(out, "dflt");
    auto literal = Template::parse("${aws:username}", false);
    EXPECT_FALSE(literal.has_variables());
    EXPECT_EQ(literal.plain(), "${aws:username}");
}

}  // namespace
}  // namespace jg::policy
