#include "cloud/iam/password_policy.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"

namespace jg::cloud::iam {
namespace {

PasswordPolicy policy_of(PasswordPolicyInput in) {
    auto p = make_password_policy(in);
    EXPECT_TRUE(p) << (p ? "" : p.error().message);
    return p ? *p : PasswordPolicy{};
}

TEST(IamPasswordPolicy, DefaultsAreAwsDefaults) {
    // Recorded from AWS: update-account-password-policy without arguments.
    const PasswordPolicy p = policy_of({});
    const Node n = password_policy_to_node(p);
    EXPECT_EQ(to_json(n),
              R"({"MinimumPasswordLength":6,"RequireSymbols":false,"RequireNumbers":false,)"
              R"("RequireUppercaseCharacters":false,"RequireLowercaseCharacters":false,)"
              R"("AllowUsersToChangePassword":false,"ExpirePasswords":false})");
}

TEST(IamPasswordPolicy, CustomValuesShowExpiryAndReuse) {
    PasswordPolicyInput in;
    in.minimum_password_length = 10;
    in.require_symbols = in.require_numbers = in.require_uppercase_characters = in.require_lowercase_characters = true;
    in.allow_users_to_change_password = true;
    in.max_password_age = 60;
    in.password_reuse_prevention = 3;
    in.hard_expiry = true;
    const Node n = password_policy_to_node(policy_of(in));
    EXPECT_EQ(n.find("ExpirePasswords")->text, "true");
    EXPECT_EQ(n.find("MaxPasswordAge")->text, "60");
    EXPECT_EQ(n.find("PasswordReusePrevention")->text, "3");
    EXPECT_EQ(n.find("HardExpiry")->text, "true");
    EXPECT_EQ(n.find("MinimumPasswordLength")->text, "10");
}

TEST(IamPasswordPolicy, RangesReportedTogetherInAwsWording) {
    PasswordPolicyInput in;
    in.minimum_password_length = 200;
    in.password_reuse_prevention = 25;
    in.max_password_age = 1096;
    auto p = make_password_policy(in);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, "ValidationError");
    // Recorded from AWS.
    EXPECT_EQ(p.error().message,
              "3 validation errors detected: Value at 'minimumPasswordLength' failed to satisfy constraint: Member "
              "must have value less than or equal to 128; Value at 'passwordReusePrevention' failed to satisfy "
              "constraint: Member must have value less than or equal to 24; Value at 'maxPasswordAge' failed to "
              "satisfy constraint: Member must have value less than or equal to 1095");
}

TEST(IamPasswordPolicy, LowerBounds) {
    PasswordPolicyInput in;
    in.minimum_password_length = 5;
    auto p = make_password_policy(in);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().message,
              "1 validation error detected: Value at 'minimumPasswordLength' failed to satisfy constraint: Member "
              "must have value greater than or equal to 6");
    in = {};
    in.max_password_age = 0;
    ASSERT_FALSE(make_password_policy(in));
    in = {};
    in.password_reuse_prevention = 0;
    ASSERT_FALSE(make_password_policy(in));
    in = {};
    in.minimum_password_length = 6;
    in.max_password_age = 1;
    in.password_reuse_prevention = 24;
    EXPECT_TRUE(make_password_policy(in));
}

TEST(IamPasswordPolicy, StoredDocumentRoundTrips) {
    PasswordPolicyInput in;
    in.minimum_password_length = 14;
    in.require_symbols = true;
    in.max_password_age = 90;
    in.password_reuse_prevention = 24;
    const PasswordPolicy p = policy_of(in);
    auto back = password_policy_from_node(*parse_json(to_json(password_policy_to_node(p)), "policy"));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->minimum_password_length, 14);
    EXPECT_TRUE(back->require_symbols);
    EXPECT_FALSE(back->require_numbers);
    EXPECT_EQ(back->max_password_age, 90);
    EXPECT_EQ(back->password_reuse_prevention, 24);
    EXPECT_FALSE(back->hard_expiry.has_value());
    EXPECT_FALSE(password_policy_from_node(Node::make_string("x")));
}

TEST(IamPasswordPolicy, DefaultPolicyWithoutCustomOne) {
    // Recorded from AWS for accounts without a custom policy.
    auto short_one = check_password(std::nullopt, "Ab1!x");
    ASSERT_FALSE(short_one);
    EXPECT_EQ(short_one.error().code, "PasswordPolicyViolation");
    EXPECT_EQ(short_one.error().message, "Password should have a minimum length of 8");

    auto two_classes = check_password(std::nullopt, "lowercase123");
    ASSERT_FALSE(two_classes);
    EXPECT_EQ(two_classes.error().message,
              "Password should meet 1 more of the following requirements: Password should have at least one "
              "uppercase letter, Password should have at least one symbol");

    auto one_class = check_password(std::nullopt, "onlylowercase");
    ASSERT_FALSE(one_class);
    EXPECT_EQ(one_class.error().message.rfind("Password should meet 2 more of the following requirements: ", 0), 0u);

    EXPECT_TRUE(check_password(std::nullopt, "Lowercase123"));
    EXPECT_TRUE(check_password(std::nullopt, "lowercase12!"));
    EXPECT_TRUE(check_password(std::nullopt, "Aa1!Aa1!"));
}

TEST(IamPasswordPolicy, CustomPolicyListsEveryUnmetRule) {
    PasswordPolicyInput in;
    in.minimum_password_length = 12;
    in.require_symbols = in.require_numbers = in.require_uppercase_characters = in.require_lowercase_characters = true;
    const PasswordPolicy p = policy_of(in);

    auto r = check_password(p, "abc");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "PasswordPolicyViolation");
    EXPECT_EQ(r.error().message,
              "Password should have a minimum length of 12, Password should have at least one uppercase letter, "
              "Password should have at least one number, Password should have at least one symbol");

    auto only_symbol = check_password(p, "Abcdefghijk1");
    ASSERT_FALSE(only_symbol);
    EXPECT_EQ(only_symbol.error().message, "Password should have at least one symbol");
    EXPECT_TRUE(check_password(p, "Abcdefghij1'"));  // ' is one of AWS's symbols
    auto not_a_symbol = check_password(p, "Abcdefghij1~");  // ~ is not
    ASSERT_FALSE(not_a_symbol);
    EXPECT_EQ(not_a_symbol.error().message, "Password should have at least one symbol");
}

TEST(IamPasswordPolicy, WeakCustomPolicyAllowsWhatDefaultRefuses) {
    const PasswordPolicy p = policy_of({});  // 6 characters, nothing required
    EXPECT_TRUE(check_password(p, "aaaaaa"));
    EXPECT_FALSE(check_password(std::nullopt, "aaaaaa"));
    auto r = check_password(p, "aaaaa");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "Password should have a minimum length of 6");
}

TEST(IamPasswordPolicy, LengthCountsCharactersNotBytes) {
    PasswordPolicyInput in;
    in.minimum_password_length = 6;
    const PasswordPolicy p = policy_of(in);
    // Five characters, ten bytes in UTF-8 (é is U+00E9, inside AWS's allowed range).
    EXPECT_EQ(password_chars("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"), 5u);
    EXPECT_FALSE(check_password(p, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"));
    EXPECT_TRUE(check_password(p, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"));
}

TEST(IamPasswordPolicy, InputPatternOfPasswordType) {
    EXPECT_TRUE(check_password_input("password", "tab\tnew\nline\r ok"));
    EXPECT_TRUE(check_password_input("password", "\xC3\xBF"));  // U+00FF, the last allowed
    auto beyond = check_password_input("password", "\xC4\x80");  // U+0100
    ASSERT_FALSE(beyond);
    EXPECT_EQ(beyond.error().code, "ValidationError");
    EXPECT_EQ(beyond.error().message,
              "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy "
              "regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    EXPECT_FALSE(check_password_input("password", std::string("a\0b", 3)));  // NUL
    EXPECT_FALSE(check_password_input("password", "\xFF"));                  // not UTF-8
    EXPECT_FALSE(check_password_input("password", "\xC0\xA0"));              // overlong
    auto empty = check_password_input("newPassword", "");
    ASSERT_FALSE(empty);
    EXPECT_NE(empty.error().message.find("'newPassword'"), std::string::npos);
    EXPECT_TRUE(check_password_input("password", std::string(128, 'a')));
    auto too_long = check_password_input("password", std::string(129, 'a'));
    ASSERT_FALSE(too_long);
    EXPECT_NE(too_long.error().message.find("less than or equal to 128"), std::string::npos);
    // The password itself never appears in the message.
    EXPECT_EQ(too_long.error().message.find("aaaa"), std::string::npos);
}

TEST(IamPasswordPolicy, SymbolsAreExactlyAwsList) {
    const std::string symbols = "!@#$%^&*()_+-=[]{}|'";
    for (char c : symbols) EXPECT_TRUE(is_password_symbol(static_cast<unsigned char>(c))) << c;
    for (char c : std::string("~`\"<>,.?/\\:; ")) EXPECT_FALSE(is_password_symbol(static_cast<unsigned char>(c))) << c;
    EXPECT_FALSE(is_password_symbol(0xE9));
}

}  // namespace
}  // namespace jg::cloud::iam
