// Group commit: threads writing through one Store at the same time share transactions,
// yet each write is all-or-nothing on its own and committed (visible to another
// connection) by the time it returns; read-modify-writes lose no update.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "cloud/store/store.hpp"
#include "temp_home.hpp"

namespace jg::store {
namespace {

using testing::TempHome;

TEST(StoreGroupCommit, ConcurrentWritesAreEachAllOrNothingAndDurableOnReturn) {
    TempHome home;
    auto shared = Store::open(home.path());
    auto other = Store::open(home.path());
    ASSERT_TRUE(shared && other);
    constexpr int k_threads = 8, k_writes = 15;
    std::atomic<int> unseen{0}, wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < k_threads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < k_writes; ++i) {
                std::string key = std::to_string(t) + "/" + std::to_string(i);
                bool fails = i % 5 == 3;  // writes two documents, then fails: neither may stay
                auto r = (*shared)->write([&](Tx& tx) -> Result<int> {
                    if (auto ok = tx.put("a", "doc", key, "v"); !ok) return Unexpected(ok.error());
                    if (auto ok = tx.put("a", "pair", key, "v"); !ok) return Unexpected(ok.error());
                    if (fails) return fail("Refused", "on purpose");
                    return i;
                });
                if (r.has_value() == fails) ++wrong;
                // The same-process counter of read-modify-writes, in the same groups.
                (void)(*shared)->write([&](Tx& tx) { return tx.increment("writes"); });
                if (!fails) {
                    // Returned: committed, so another connection sees it now.
                    auto seen = (*other)->read([&](Reader& rd) { return rd.get("a", "pair", key); });
                    if (!seen || !*seen) ++unseen;
                }
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_EQ(unseen.load(), 0);
    auto reopened = Store::open(home.path());
    ASSERT_TRUE(reopened);
    auto docs = (*reopened)->read([](Reader& r) { return r.count("a", "doc"); });
    auto pairs = (*reopened)->read([](Reader& r) { return r.count("a", "pair"); });
    auto writes = (*reopened)->read([](Reader& r) { return r.counter("writes"); });
    ASSERT_TRUE(docs && pairs && writes);
    EXPECT_EQ(*docs, k_threads * (k_writes - k_writes / 5));
    EXPECT_EQ(*pairs, *docs);
    EXPECT_EQ(*writes, k_threads * k_writes);
}

TEST(StoreGroupCommit, AReadBetweenGroupWritesSeesOnlyCommittedState) {
    TempHome home;
    auto s = Store::open(home.path());
    ASSERT_TRUE(s);
    std::atomic<bool> stop{false};
    std::atomic<int> odd{0};
    // Writers keep two documents equal; a reader must never see them differ.
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t)
        writers.emplace_back([&] {
            for (int i = 0; i < 60; ++i)
                (void)(*s)->write([&](Tx& tx) -> Result<bool> {
                    auto cur = tx.counter("n");
                    if (!cur) return Unexpected(cur.error());
                    std::string v = std::to_string(*cur + 1);
                    if (auto ok = tx.put("a", "k", "x", v); !ok) return Unexpected(ok.error());
                    if (auto ok = tx.put("a", "k", "y", v); !ok) return Unexpected(ok.error());
                    if (auto ok = tx.increment("n"); !ok) return Unexpected(ok.error());
                    return true;
                });
        });
    std::thread reader([&] {
        while (!stop) {
            auto both = (*s)->read([](Reader& r) -> Result<bool> {
                auto x = r.get("a", "k", "x");
                auto y = r.get("a", "k", "y");
                if (!x || !y) return Unexpected(x ? y.error() : x.error());
                return *x == *y;
            });
            if (!both || !*both) ++odd;
        }
    });
    for (auto& w : writers) w.join();
    stop = true;
    reader.join();
    EXPECT_EQ(odd.load(), 0);
    EXPECT_EQ(*(*s)->read([](Reader& r) { return r.counter("n"); }), 240);
}

}  // namespace
}  // namespace jg::store
