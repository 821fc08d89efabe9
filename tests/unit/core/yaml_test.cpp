#include "core/yaml.hpp"

#include <gtest/gtest.h>

namespace jg {
namespace {

TEST(Yaml, ResolvesPlainScalarsByTheCoreSchema) {
    auto n = parse_yaml("a: true\nb: 0x1F\nc: 1.50\nd: ~\ne: 'true'\nf: yes\ng: 007\nh: +3\n", "t.yaml");
    ASSERT_TRUE(n) << n.error().str();
    EXPECT_TRUE(n->find("a")->is_bool());
    EXPECT_EQ(n->find("b")->text, "31");
    EXPECT_EQ(n->find("c")->text, "1.50");
    EXPECT_TRUE(n->find("d")->is_null());
    EXPECT_TRUE(n->find("e")->is_string());
    EXPECT_TRUE(n->find("f")->is_string());
    EXPECT_EQ(n->find("g")->text, "7");
    EXPECT_EQ(n->find("h")->text, "3");
}

TEST(Yaml, KeepsTagsAndOneBasedLocations) {
    auto n = parse_yaml("x:\n  y: !Ref Thing\n", "t.yaml");
    ASSERT_TRUE(n);
    const Node* y = n->find("x")->find("y");
    ASSERT_NE(y, nullptr);
    EXPECT_EQ(y->tag, "!Ref");
    EXPECT_EQ(y->text, "Thing");
    EXPECT_TRUE(y->is_string());
    EXPECT_EQ(y->loc.line, 2);
    EXPECT_EQ(y->loc.col, 6);
    EXPECT_EQ(n->find("x")->key_locs[0].col, 3);
}

TEST(Yaml, DuplicateKeyIsAnErrorAtTheSecondKey) {
    auto n = parse_yaml("a: 1\nb: 2\na: 3\n", "t.yaml");
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error().str(), "t.yaml:3:1: duplicate key 'a'");
}

TEST(Yaml, AliasesCopyTheAnchoredNode) {
    auto n = parse_yaml("a: &x {k: [1, 2]}\nb: *x\n", "t.yaml");
    ASSERT_TRUE(n);
    EXPECT_TRUE(n->find("a")->same(*n->find("b")));
    EXPECT_EQ(n->find("b")->loc.line, 2);
}

TEST(Yaml, AliasBombIsAnErrorNotAnExplosion) {
    std::string doc = "a: &a [x,x,x,x,x,x,x,x,x,x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'i'; ++c, ++prev)
        doc += std::string(1, c) + ": &" + c + " [*" + prev + ",*" + prev + ",*" + prev + ",*" + prev +
               ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + "]\n";
    auto n = parse_yaml(doc, "t.yaml");
    ASSERT_FALSE(n);
    EXPECT_NE(n.error().message.find("alias expansion"), std::string::npos);
}

TEST(Yaml, SyntaxErrorsCarryLineAndColumn) {
    auto n = parse_yaml("a: [1, 2\n", "t.yaml");
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error().code, "YamlSyntax");
    ASSERT_TRUE(n.error().where);
    EXPECT_GT(n.error().where->line, 0);
}

TEST(Yaml, DeepNestingIsAnError) {
    auto n = parse_yaml(std::string(1000, '[') + std::string(1000, ']'), "t.yaml");
    ASSERT_FALSE(n);
}

TEST(Yaml, SecondDocumentIsAnError) {
    auto n = parse_yaml("a: 1\n---\nb: 2\n", "t.yaml");
    ASSERT_FALSE(n);
}

}  // namespace
}  // namespace jg
