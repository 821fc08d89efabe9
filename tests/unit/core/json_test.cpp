#include "core/json.hpp"

#include <gtest/gtest.h>

namespace jg {
namespace {

TEST(Json, ParsesNestedDocumentWithLocations) {
    auto doc = parse_json("{\n  \"a\": [1, \"x\", true, null],\n  \"b\": {\"c\": -2.5e3}\n}", "f.json");
    ASSERT_TRUE(doc) << doc.error().str();
    ASSERT_TRUE(doc->is_object());
    const Node* a = doc->find("a");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->loc.line, 2);
    EXPECT_EQ(a->loc.col, 8);
    ASSERT_EQ(a->items.size(), 4u);
    EXPECT_EQ(a->items[1].text, "x");
    EXPECT_TRUE(a->items[2].is_bool());
    EXPECT_TRUE(a->items[3].is_null());
    EXPECT_EQ(doc->find("b")->find("c")->text, "-2.5e3");
    EXPECT_EQ(doc->key_locs[1].line, 3);
}

TEST(Json, ErrorsCarryLineAndColumn) {
    auto doc = parse_json("{\n  \"a\": 1,\n  \"b\" 2\n}", "p.json");
    ASSERT_FALSE(doc);
    EXPECT_EQ(doc.error().str(), "p.json:3:7: expected ':' after object key, found '2'");
    EXPECT_EQ(parse_json("[1, 2", "x").error().str(), "x:1:6: expected ',' or ']' in array, found end of input");
    EXPECT_EQ(parse_json("{\"a\": tru}", "").error().str(), "1:7: expected a JSON value, found 't'");
    EXPECT_EQ(parse_json("\"a\\q\"", "").error().str(), "1:4: invalid escape '\\q' in string");
    EXPECT_EQ(parse_json("[] x", "").error().str(), "1:4: unexpected content after the JSON value");
    EXPECT_EQ(parse_json("01", "").error().str(), "1:2: unexpected content after the JSON value");
}

TEST(Json, UnicodeEscapesBecomeUtf8) {
    auto doc = parse_json(R"(["\u00e9\ud83d\ude00"])");
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->items[0].text, "\xc3\xa9\xf0\x9f\x98\x80");
    EXPECT_FALSE(parse_json(R"(["\ud83d"])"));
}

TEST(Json, DeepNestingIsAnErrorNotACrash) {
    std::string deep(100000, '[');
    auto doc = parse_json(deep);
    ASSERT_FALSE(doc);
    EXPECT_NE(doc.error().message.find("nesting deeper than 256"), std::string::npos);
}

TEST(Json, RoundTripsCompactAndPretty) {
    auto doc = parse_json(R"({"k":["a\n",1,{"x":false}],"e":{},"l":[]})");
    ASSERT_TRUE(doc);
    EXPECT_EQ(to_json(*doc), R"({"k":["a\n",1,{"x":false}],"e":{},"l":[]})");
    EXPECT_EQ(to_json(*parse_json("{\"a\":[1]}"), 2), "{\n  \"a\": [\n    1\n  ]\n}");
}

}  // namespace
}  // namespace jg
