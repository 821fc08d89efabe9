// Two connections, and two processes, on one home: what the CLI and a running server
// will do to the same store.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "cloud/store/store.hpp"
#include "temp_home.hpp"

namespace jg::store {
namespace {

using testing::TempHome;

// Read-modify-write of a document holding a decimal number: lost updates would show.
Result<std::int64_t> bump(Store& store) {
    return store.write([](Tx& tx) -> Result<std::int64_t> {
        auto current = tx.get("a", "n", "value");
        if (!current) return Unexpected(current.error());
        const std::int64_t next = (*current ? std::stoll(**current) : 0) + 1;
        if (auto r = tx.put("a", "n", "value", std::to_string(next)); !r) return Unexpected(r.error());
        return next;
    });
}

TEST(StoreConcurrency, ReadsDoNotWaitForEachOther) {
    TempHome home;
    auto store = Store::open(home.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->write([](Tx& tx) { return tx.put("a", "k", "x", "1"); }));
    // A read that starts while another is open gets a connection of its own (one shared
    // read connection would wait here forever).
    auto nested = (*store)->read([&](Reader& outer) -> Result<std::string> {
        auto inner = (*store)->read([](Reader& r) { return r.get("a", "k", "x"); });
        if (!inner) return Unexpected(inner.error());
        auto mine = outer.get("a", "k", "x");
        if (!mine) return Unexpected(mine.error());
        return **inner + **mine;
    });
    ASSERT_TRUE(nested) << nested.error().message;
    EXPECT_EQ(*nested, "11");
}

TEST(StoreConcurrency, ManyReadersBesideAWriter) {
    TempHome home;
    auto store = Store::open(home.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(bump(**store));
    std::atomic<bool> bad{false};
    std::vector<std::thread> readers;
    for (int t = 0; t < 12; ++t)  // more threads than read connections: some wait for one
        readers.emplace_back([&] {
            std::int64_t last = 0;
            for (int i = 0; i < 200; ++i) {
                auto v = (*store)->read([](Reader& r) { return r.get("a", "n", "value"); });
                if (!v || !*v) { bad = true; return; }
                std::int64_t now = std::stoll(**v);
                if (now < last) bad = true;  // a later read never sees an older commit
                last = now;
            }
        });
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(bump(**store));
    for (auto& t : readers) t.join();
    EXPECT_FALSE(bad);
    EXPECT_EQ(*(*store)->read([](Reader& r) { return r.get("a", "n", "value"); }), "101");
}

TEST(StoreConcurrency, TwoConnectionsSeeEachOthersCommits) {
    TempHome home;
    auto a = Store::open(home.path());
    auto b = Store::open(home.path());
    ASSERT_TRUE(a && b);
    ASSERT_TRUE((*a)->write([](Tx& tx) { return tx.put("111111111111", "user", "alice", "A"); }));
    EXPECT_EQ(*(*b)->read([](Reader& r) { return r.get("111111111111", "user", "alice"); }), "A");
    ASSERT_TRUE((*b)->write([](Tx& tx) { return tx.put("111111111111", "user", "alice", "B"); }));
    EXPECT_EQ(*(*a)->read([](Reader& r) { return r.get("111111111111", "user", "alice"); }), "B");
}

TEST(StoreConcurrency, ReadIsOneSnapshot) {
    TempHome home;
    auto a = Store::open(home.path());
    auto b = Store::open(home.path());
    ASSERT_TRUE(a && b);
    ASSERT_TRUE((*a)->write([](Tx& tx) { return tx.put("a", "k", "x", "1"); }));
    auto seen = (*a)->read([&](Reader& r) -> Result<std::pair<std::string, std::string>> {
        auto first = r.get("a", "k", "x");
        if (!first) return Unexpected(first.error());
        // Another connection commits while this read is open…
        auto w = (*b)->write([](Tx& tx) { return tx.put("a", "k", "x", "2"); });
        if (!w) return Unexpected(w.error());
        auto second = r.get("a", "k", "x");
        if (!second) return Unexpected(second.error());
        return std::pair{first->value_or(""), second->value_or("")};
    });
    ASSERT_TRUE(seen.has_value()) << seen.error().message;
    // …and this read keeps seeing its snapshot; the next read sees the commit.
    EXPECT_EQ(seen->first, "1");
    EXPECT_EQ(seen->second, "1");
    EXPECT_EQ(*(*a)->read([](Reader& r) { return r.get("a", "k", "x"); }), "2");
}

TEST(StoreConcurrency, TwoProcessesLoseNoUpdates) {
    TempHome home;
    constexpr int k_each = 150;
    {
        // Create the database first so the two processes race only on writes.
        auto store = Store::open(home.path());
        ASSERT_TRUE(store.has_value());
    }
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        auto store = Store::open(home.path());
        if (!store) _exit(2);
        for (int i = 0; i < k_each; ++i)
            if (!bump(**store)) _exit(3);
        _exit(0);
    }
    auto store = Store::open(home.path());
    ASSERT_TRUE(store.has_value());
    int failures = 0;
    for (int i = 0; i < k_each; ++i)
        if (!bump(**store)) ++failures;
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(*(*store)->read([](Reader& r) { return r.get("a", "n", "value"); }),
              std::to_string(2 * k_each));
}

TEST(StoreConcurrency, BusyWriterTimesOutWithAnError) {
    TempHome home;
    Options quick;
    quick.busy_timeout_ms = 50;
    auto a = Store::open(home.path());
    auto b = Store::open(home.path(), quick);
    ASSERT_TRUE(a && b);
    // While `a` holds the write lock, `b`'s write waits 50 ms and then fails cleanly.
    auto outer = (*a)->write([&](Tx& tx) -> Result<void> {
        if (auto r = tx.put("a", "k", "x", "from a"); !r) return r;
        auto inner = (*b)->write([](Tx& t) { return t.put("a", "k", "x", "from b"); });
        if (inner) return fail("Test", "second writer was not blocked");
        if (inner.error().code != "StoreError") return fail("Test", inner.error().message);
        return {};
    });
    ASSERT_TRUE(outer.has_value()) << outer.error().message;
    EXPECT_EQ(*(*b)->read([](Reader& r) { return r.get("a", "k", "x"); }), "from a");
}

}  // namespace
}  // namespace jg::store
