// Account ids are read as the file spells them (issue 15 item 5): YAML resolves unquoted
// 012345678901, 0333333333333, 0x…, 0o…, +…, 1e11 to numbers, and the tree keeps their
// normalised value; the file's account ids must be exactly 12 digits as written.
#include <gtest/gtest.h>

#include "jump/config/config.hpp"

namespace jg::jump {
namespace {

std::string file_with(const std::string& admin, const std::string& member) {
    return "admin_account: " + admin + "\nregion: ap-northeast-1\ntemplates: hardened\nprojects:\n  a:\n    accounts: [" +
           member + "]\nprofiles:\n  " + member + ": p\n";
}

TEST(ConfigAccountIdTest, TwelveDigitsQuotedOrNotKeepTheirLeadingZero) {
    for (const char* admin : {"012345678901", "\"012345678901\"", "'012345678901'", "!!str 012345678901"}) {
        auto c = parse_config(file_with(admin, "000000000002"), "jumpgate.yaml");
        ASSERT_TRUE(c) << admin << ": " << c.error().str();
        EXPECT_EQ(c->admin_account, "012345678901") << admin;
        ASSERT_EQ(c->projects.size(), 1u);
        EXPECT_EQ(c->projects[0].accounts, std::vector<std::string>{"000000000002"});
        ASSERT_EQ(c->profiles.size(), 1u);
        EXPECT_EQ(c->profiles[0].account, "000000000002");
    }
}

TEST(ConfigAccountIdTest, NumbersThatNormaliseToTwelveDigitsAreRefused) {
    // Each of these parsed as a YAML number has a 12-digit decimal value; none is 12 digits as written.
    for (const char* bad : {"0333333333333", "0x33BD3AF0B5", "0o3167536401616", "+222222222222", "1e11",
                                   "222222222222.0", "-22222222222", "!!int 0333333333333"}) {
        auto c = parse_config(file_with("\"111111111111\"", bad), "jumpgate.yaml");
        ASSERT_FALSE(c) << bad << " was accepted";
        EXPECT_NE(c.error().message.find("is not an AWS account id"), std::string::npos) << c.error().message;
    }
}

TEST(ConfigAccountIdTest, ANonAsciiCharacterBeforeTheValueKeepsTheColumnRight) {
    // libyaml counts columns in characters: the value after "プロジェクト" is found by characters.
    std::string text = "admin_account: \"111111111111\"\nregion: ap-northeast-1\ntemplates: hardened\nprojects:\n"
                       "  a: {accounts: [\"\u30d7\u30ed\", 0x33BD3AF0B5]}\n";
    auto c = parse_config(text, "jumpgate.yaml");
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find("'0x33BD3AF0B5' is not an AWS account id"), std::string::npos) << c.error().message;
}

}  // namespace
}  // namespace jg::jump
