#include "cfn/graph.hpp"

#include <gtest/gtest.h>

namespace jg::cfn {
namespace {

using Deps = std::map<std::string, std::set<std::string>>;

TEST(Graph, WavesHoldWhatMayBeCreatedConcurrently) {
    auto o = order_resources({"A", "B", "C", "D"}, Deps{{"C", {"A", "B"}}, {"D", {"C"}}});
    ASSERT_TRUE(o);
    EXPECT_EQ(o->waves, (std::vector<std::vector<std::string>>{{"A", "B"}, {"C"}, {"D"}}));
    EXPECT_EQ(o->deletion, (std::vector<std::string>{"D", "C", "B", "A"}));
}

TEST(Graph, CycleNamesOnlyTheResourcesOnIt) {
    auto o = order_resources({"A", "B", "C", "D"}, Deps{{"A", {"B"}}, {"B", {"A"}}, {"C", {"A"}}});
    ASSERT_FALSE(o);
    EXPECT_EQ(o.error().message, "Circular dependency between resources: [A, B]");
}

TEST(Graph, SelfReferenceIsACycle) {
    auto o = order_resources({"A"}, Deps{{"A", {"A"}}});
    ASSERT_FALSE(o);
    EXPECT_EQ(o.error().message, "Circular dependency between resources: [A]");
}

TEST(Graph, DependenciesOutsideTheSetAreIgnored) {
    auto o = order_resources({"A"}, Deps{{"A", {"Gone"}}});
    ASSERT_TRUE(o);
    EXPECT_EQ(o->creation, std::vector<std::string>{"A"});
}

}  // namespace
}  // namespace jg::cfn
