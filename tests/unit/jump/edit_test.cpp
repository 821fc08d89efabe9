// Line-based edits of the declarative file keep every comment and the order, and the
// edited text still parses to what was asked.
#include <gtest/gtest.h>

#include "jump/config/config.hpp"
#include "jump/config/edit.hpp"
#include "jump/config/example.hpp"

namespace jg::jump {
namespace {

std::string example() { return std::string(k_example_config); }

Config parsed(const std::string& text) {
    auto c = parse_config(text, "jumpgate.yaml");
    EXPECT_TRUE(c) << c.error().str() << "\n" << text;
    return c ? *c : Config{};
}

TEST(EditTest, AddUserGoesAtTheEndOfUsersKeepingComments) {
    auto out = edit_add_user(example(), "suzuki.ichiro", {"group-developer", "group-operator-project-a"});
    ASSERT_TRUE(out) << out.error().str();
    EXPECT_EQ(out->substr(0, example().size()), example());  // the example ends with users:
    EXPECT_EQ(out->substr(example().size()), "  suzuki.ichiro:\n    groups: [group-developer, group-operator-project-a]\n");
    Config c = parsed(*out);
    ASSERT_EQ(c.users.size(), 3u);
    EXPECT_EQ(c.users[2].groups.size(), 2u);
}

TEST(EditTest, AddUserBeforeALaterSection) {
    std::string text = "admin_account: \"111111111111\"\nregion: us-east-1\ntemplates: hardened\nusers:\n"
                       "    a:   # four spaces\n        groups: [group-admin]\n\n# projects follow\nprojects: {}\n";
    auto out = edit_add_user(text, "b", {"group-operator"});
    ASSERT_TRUE(out) << out.error().str();
    EXPECT_EQ(*out, "admin_account: \"111111111111\"\nregion: us-east-1\ntemplates: hardened\nusers:\n"
                    "    a:   # four spaces\n        groups: [group-admin]\n    b:\n      groups: [group-operator]\n\n"
                    "# projects follow\nprojects: {}\n");
    EXPECT_EQ(parsed(*out).users.size(), 2u);
    EXPECT_FALSE(edit_add_user(*out, "a", {"group-admin"}));  // already there
}

TEST(EditTest, RemoveUserTakesItsWholeEntryOnly) {
    auto out = edit_remove_user(example(), "yamada.taro");
    ASSERT_TRUE(out) << out.error().str();
    Config c = parsed(*out);
    ASSERT_EQ(c.users.size(), 1u);
    EXPECT_EQ(c.users[0].name, "tanaka.hanako");
    EXPECT_NE(out->find("# An operator of project A"), std::string::npos);
    EXPECT_FALSE(edit_remove_user(*out, "yamada.taro"));
}

TEST(EditTest, AddProjectAndAccountsInFlowAndBlockStyle) {
    auto out = edit_add_project(example(), "project-b", {"444444444444"});
    ASSERT_TRUE(out) << out.error().str();
    out = edit_add_account(*out, "project-b", "555555555555");
    ASSERT_TRUE(out) << out.error().str();
    Config c = parsed(*out);
    ASSERT_EQ(c.projects.size(), 2u);
    EXPECT_EQ(c.projects[1].accounts, (std::vector<std::string>{"444444444444", "555555555555"}));
    EXPECT_NE(out->find("# prod, staging"), std::string::npos);

    std::string block = "admin_account: \"111111111111\"\nregion: us-east-1\ntemplates: hardened\nprojects:\n"
                        "  p:\n    accounts:\n      - \"222222222222\"  # prod\n";
    auto more = edit_add_account(block, "p", "333333333333");
    ASSERT_TRUE(more) << more.error().str();
    EXPECT_EQ(parsed(*more).projects[0].accounts, (std::vector<std::string>{"222222222222", "333333333333"}));
    EXPECT_NE(more->find("# prod"), std::string::npos);
    EXPECT_FALSE(edit_add_account(block, "q", "333333333333"));
}

TEST(EditTest, FlowStyleSectionsAreRefusedNotGuessed) {
    std::string text = "admin_account: \"111111111111\"\nregion: us-east-1\ntemplates: hardened\n"
                       "users: {a: {groups: []}}\n";
    auto out = edit_add_user(text, "b", {});
    ASSERT_FALSE(out);
    EXPECT_NE(out.error().message.find("flow style"), std::string::npos);
}

}  // namespace
}  // namespace jg::jump
