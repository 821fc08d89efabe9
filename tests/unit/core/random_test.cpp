#include "core/random.hpp"

#include <set>

#include <gtest/gtest.h>

namespace jg {
namespace {

TEST(Random, SeededIsDeterministic) {
    SeededRandom a(42), b(42), c(43);
    const std::string x = a.bytes(33);
    EXPECT_EQ(x, b.bytes(33));
    EXPECT_NE(x, c.bytes(33));
    EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(Random, SystemRandomDiffersBetweenCalls) {
    SystemRandom r;
    EXPECT_EQ(r.bytes(32).size(), 32u);
    EXPECT_NE(r.bytes(32), r.bytes(32));
    EXPECT_EQ(r.bytes(0), "");
}

TEST(Random, UniformStaysInBoundAndCoversIt) {
    SeededRandom r(1);
    std::set<std::uint64_t> seen;
    for (int i = 0; i < 2000; ++i) {
        const auto v = r.uniform(7);
        ASSERT_LT(v, 7u);
        seen.insert(v);
    }
    EXPECT_EQ(seen.size(), 7u);
    EXPECT_EQ(r.uniform(1), 0u);
    EXPECT_EQ(r.uniform(0), 0u);
}

TEST(Random, StringFromUsesOnlyTheAlphabet) {
    SeededRandom r(5);
    const std::string s = r.string_from("ab", 100);
    ASSERT_EQ(s.size(), 100u);
    EXPECT_EQ(s.find_first_not_of("ab"), std::string::npos);
    EXPECT_NE(s.find('a'), std::string::npos);
    EXPECT_NE(s.find('b'), std::string::npos);
}

}  // namespace
}  // namespace jg
