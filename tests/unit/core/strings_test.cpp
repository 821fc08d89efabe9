#include "core/strings.hpp"

#include <gtest/gtest.h>

namespace jg {
namespace {

TEST(Wildcard, StarAndQuestionMarkAnywhere) {
    EXPECT_TRUE(wildcard_match("iam:*", "iam:CreateUser"));
    EXPECT_TRUE(wildcard_match("*", ""));
    EXPECT_TRUE(wildcard_match("a*b*c", "aXXbYYc"));
    EXPECT_FALSE(wildcard_match("a*b*c", "aXXbYY"));
    EXPECT_TRUE(wildcard_match("s3:Get?bject", "s3:GetObject"));
    EXPECT_FALSE(wildcard_match("s3:Get?bject", "s3:Getbject"));
    EXPECT_FALSE(wildcard_match("IAM:*", "iam:CreateUser"));
    EXPECT_TRUE(wildcard_match("IAM:create*", "iam:CreateUser", true));
    EXPECT_TRUE(wildcard_match("**a", "a"));
}

TEST(Strings, CaseAndSplit) {
    EXPECT_TRUE(iequals("aws:MultiFactorAuthPresent", "AWS:multifactorauthpresent"));
    EXPECT_EQ(split("a:b::c", ':'), (std::vector<std::string>{"a", "b", "", "c"}));
    EXPECT_EQ(trim("  x y \n"), "x y");
}

}  // namespace
}  // namespace jg
