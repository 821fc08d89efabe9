#include "wire/query_pattern.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace jg::wire {
namespace {

Pattern compile(std::string_view p) {
    auto c = Pattern::compile(p);
    EXPECT_TRUE(c) << p << ": " << c.error().message;
    return c ? *c : Pattern{};
}

TEST(Pattern, MatchesTheWholeValueLikeJavaMatches) {
    Pattern name = compile(R"([\w+=,.@-]+)");
    EXPECT_TRUE(name.matches("alice+ops@example.com"));
    EXPECT_TRUE(name.matches("a_b-c=d,e.f"));
    EXPECT_FALSE(name.matches(""));
    EXPECT_FALSE(name.matches("a b"));
    EXPECT_FALSE(name.matches("é"));  // \w is ASCII in Java unless UNICODE_CHARACTER_CLASS
    Pattern star = compile(R"([\w+=,.@-]*)");
    EXPECT_TRUE(star.matches(""));
}

TEST(Pattern, UnicodeCategoriesAndEscapes) {
    Pattern tag = compile(R"([\p{L}\p{Z}\p{N}_.:/=+\-@]+)");
    EXPECT_TRUE(tag.matches("cost center"));
    EXPECT_TRUE(tag.matches("Grüße 42/x=y+z@a-b"));
    EXPECT_TRUE(tag.matches("日本語"));
    EXPECT_FALSE(tag.matches("a&b"));
    EXPECT_FALSE(tag.matches("a*b"));
    EXPECT_FALSE(tag.matches("a\tb"));

    Pattern policy = compile(R"([\u0009\u000A\u000D\u0020-\u00FF]+)");
    EXPECT_TRUE(policy.matches("{\n\t\"Version\": \"2012-10-17\"\r\n}"));
    EXPECT_TRUE(policy.matches("caf\xC3\xA9"));       // U+00E9
    EXPECT_FALSE(policy.matches("\xE2\x82\xAC"));     // U+20AC is past U+00FF
    EXPECT_FALSE(policy.matches(std::string("a\x01", 2)));

    Pattern any = compile(R"([\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]+)");
    EXPECT_TRUE(any.matches("anything at all: \xE2\x82\xAC"));

    Pattern path = compile(R"((\u002F)|(\u002F[\u0021-\u007F]+\u002F))");
    EXPECT_TRUE(path.matches("/"));
    EXPECT_TRUE(path.matches("/engineering/ops/"));
    EXPECT_FALSE(path.matches("/engineering"));
    EXPECT_FALSE(path.matches("/a b/"));

    Pattern printable = compile(R"([\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*)");
    EXPECT_TRUE(printable.matches("Any text, with $ymbols & punctuation! é\xCC\x81"));
    EXPECT_FALSE(printable.matches("tab\there"));

    Pattern not_space = compile(R"(^\S{6,9}$)");
    EXPECT_TRUE(not_space.matches("123456"));
    EXPECT_FALSE(not_space.matches("123 456"));
    EXPECT_FALSE(not_space.matches("12345"));
    EXPECT_FALSE(not_space.matches("1234567890"));
}

TEST(Pattern, GroupsAlternationCountsLookaheadAndWordBoundaries) {
    Pattern account = compile(R"(^[0-9]{12}$)");
    EXPECT_TRUE(account.matches("123456789012"));
    EXPECT_FALSE(account.matches("12345678901"));
    EXPECT_FALSE(account.matches("1234567890123"));

    Pattern stack = compile(R"(([a-zA-Z][-a-zA-Z0-9]*)|(arn:\b(aws|aws-us-gov|aws-cn)\b:[-a-zA-Z0-9:/._+]*))");
    EXPECT_TRUE(stack.matches("global-groups"));
    EXPECT_TRUE(stack.matches("arn:aws:cloudformation:us-east-1:1:stack/s/x"));
    EXPECT_TRUE(stack.matches("arn:aws-cn:cloudformation:x"));
    EXPECT_FALSE(stack.matches("arn:awsx:cloudformation:x"));
    EXPECT_FALSE(stack.matches("1stack"));

    Pattern no_double_dash = compile(R"(^[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?$)");
    EXPECT_TRUE(no_double_dash.matches("a"));
    EXPECT_TRUE(no_double_dash.matches("my-repo-1"));
    EXPECT_FALSE(no_double_dash.matches("my--repo"));
    EXPECT_FALSE(no_double_dash.matches("-a"));
    EXPECT_FALSE(no_double_dash.matches("a-"));

    Pattern type = compile(R"([A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}(::MODULE){0,1})");
    EXPECT_TRUE(type.matches("AWS::IAM::Role"));
    EXPECT_TRUE(type.matches("My::Org::Thing::MODULE"));
    EXPECT_FALSE(type.matches("AWS::IAM"));

    Pattern ou = compile(R"(^o-[0-9a-z]{10,32}\/r-[0-9a-z]{4,32}[0-9a-z-\/]*)");
    EXPECT_TRUE(ou.matches("o-abcdefghij/r-ab12/ou-x-y/"));
    EXPECT_FALSE(ou.matches("o-abc/r-ab12"));

    Pattern lazy = compile("a+?b*?c??");
    EXPECT_TRUE(lazy.matches("aab"));
    Pattern dot = compile("a.c");
    EXPECT_TRUE(dot.matches("a\xC3\xBC" "c"));
    EXPECT_FALSE(dot.matches("a\nc"));
    Pattern negated = compile(R"([^\s/]+)");
    EXPECT_TRUE(negated.matches("abc"));
    EXPECT_FALSE(negated.matches("a/c"));
}

TEST(Pattern, UnsupportedOrBrokenPatternsAreErrors) {
    const char* bad[] = {"(a",      "a)",      "[a-",     "*a",      "a{2",     "a{3,2}",   "a{99999}",
                         "(?<n>a)", "[a&&b]",  "[[a]]",   "\\",      "\\q",     "\\p{Greek}", "\\u12",
                         "a++",     "[z-a]"};
    for (const char* p : bad) {
        auto c = Pattern::compile(p);
        EXPECT_FALSE(c) << p;
        if (!c) {
            EXPECT_EQ(c.error().code, "InvalidPattern") << p;
        }
    }
    EXPECT_FALSE(Pattern{}.matches(""));  // a default pattern matches nothing
}

TEST(Pattern, LongInputsAreLinearAndNeverRecurse) {
    Pattern nested = compile(R"(((/[A-Za-z0-9\.,\+@=_-]+)*)/)");
    std::string path;
    for (int i = 0; i < 20000; ++i) path += "/seg";
    path += '/';
    Pattern policy = compile(R"([\u0009\u000A\u000D\u0020-\u00FF]+)");
    auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(nested.matches(path));
    EXPECT_FALSE(nested.matches(path + "x"));
    EXPECT_TRUE(policy.matches(std::string(131072, 'x')));
    Pattern evil = compile("(a*)*b");  // exponential for backtracking engines
    EXPECT_FALSE(evil.matches(std::string(5000, 'a')));
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(ms, 5000.0);
}

TEST(Pattern, Utf8AndCategories) {
    EXPECT_EQ(utf8_to_code_points("a\xC3\xBC\xE2\x82\xAC\xF0\x9F\x98\x80"), (std::u32string{U'a', 0xFC, 0x20AC, 0x1F600}));
    EXPECT_EQ(utf8_to_code_points("\xC0\xAF\xED\xA0\x80\xF0\x9F"), (std::u32string(7, 0xFFFD)));
    EXPECT_EQ(unicode_category('a'), 'L');
    EXPECT_EQ(unicode_category('7'), 'N');
    EXPECT_EQ(unicode_category(' '), 'Z');
    EXPECT_EQ(unicode_category('+'), 'S');
    EXPECT_EQ(unicode_category('-'), 'P');
    EXPECT_EQ(unicode_category('\t'), 'C');
    EXPECT_EQ(unicode_category(0xE9), 'L');
    EXPECT_EQ(unicode_category(0xD7), 'S');
    EXPECT_EQ(unicode_category(0x301), 'M');
    EXPECT_EQ(unicode_category(0x3000), 'Z');
    EXPECT_EQ(unicode_category(0xFF21), 'L');  // fullwidth A
}

}  // namespace
}  // namespace jg::wire
