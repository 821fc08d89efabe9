#include "cloud/store/store.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "temp_home.hpp"

namespace jg::store {
namespace {

using testing::TempHome;

std::unique_ptr<Store> open_store(const std::string& home, Options options = {}) {
    auto store = Store::open(home, options);
    if (!store) ADD_FAILURE() << store.error().message;
    return store ? std::move(*store) : nullptr;
}

std::optional<std::string> get(Store& store, std::string_view account, std::string_view kind,
                               std::string_view name) {
    auto r = store.read([&](Reader& r) { return r.get(account, kind, name); });
    EXPECT_TRUE(r.has_value());
    return r ? *r : std::nullopt;
}

std::vector<std::string> names(const Page& page) {
    std::vector<std::string> out;
    for (const auto& e : page.entries) out.push_back(e.name);
    return out;
}

TEST(Store, PutGetEraseAndOverwrite) {
    TempHome home;
    auto store = open_store(home.path());
    ASSERT_TRUE(store);
    auto w = store->write([](Tx& tx) -> Result<void> {
        if (auto r = tx.put("111111111111", "user", "alice", R"({"UserName":"alice"})"); !r) return r;
        return tx.put("111111111111", "user", "bob", R"({"UserName":"bob"})");
    });
    ASSERT_TRUE(w.has_value()) << w.error().message;
    EXPECT_EQ(get(*store, "111111111111", "user", "alice"), R"({"UserName":"alice"})");
    EXPECT_EQ(get(*store, "222222222222", "user", "alice"), std::nullopt);
    EXPECT_EQ(get(*store, "111111111111", "role", "alice"), std::nullopt);

    ASSERT_TRUE(store->write([](Tx& tx) { return tx.put("111111111111", "user", "alice", "{}"); }));
    EXPECT_EQ(get(*store, "111111111111", "user", "alice"), "{}");

    auto erased = store->write([](Tx& tx) { return tx.erase("111111111111", "user", "alice"); });
    ASSERT_TRUE(erased.has_value());
    EXPECT_TRUE(*erased);
    auto again = store->write([](Tx& tx) { return tx.erase("111111111111", "user", "alice"); });
    ASSERT_TRUE(again.has_value());
    EXPECT_FALSE(*again);
    EXPECT_EQ(get(*store, "111111111111", "user", "alice"), std::nullopt);
}

TEST(Store, InsertRefusesAnExistingKey) {
    TempHome home;
    auto store = open_store(home.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->write([](Tx& tx) { return tx.insert("a", "user", "alice", "1"); }));
    auto dup = store->write([](Tx& tx) { return tx.insert("a", "user", "alice", "2"); });
    ASSERT_FALSE(dup.has_value());
    EXPECT_EQ(dup.error().code, "AlreadyExists");
    EXPECT_EQ(get(*store, "a", "user", "alice"), "1");
}

TEST(Store, ListsByPrefixInKeyOrderWithMarkerPagination) {
    TempHome home;
    auto store = open_store(home.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->write([](Tx& tx) -> Result<void> {
        for (const char* n : {"dev-b", "admin", "dev-a", "dev-c", "ops", "dev", "Dev-Z"})
            if (auto r = tx.put("a", "role", n, std::string("body:") + n); !r) return r;
        return tx.put("b", "role", "dev-x", "other account");
    }));
    auto all = store->read([](Reader& r) { return r.list("a", "role", {}); });
    ASSERT_TRUE(all.has_value());
    EXPECT_EQ(names(*all), (std::vector<std::string>{"Dev-Z", "admin", "dev", "dev-a", "dev-b",
                                                     "dev-c", "ops"}));
    EXPECT_FALSE(all->truncated);
    EXPECT_EQ(all->entries[2].body, "body:dev");

    // Walk "dev-" two at a time, as IAM's Marker/MaxItems would.
    std::vector<std::string> walked;
    std::string marker;
    int pages = 0;
    for (;;) {
        auto page = store->read([&](Reader& r) { return r.list("a", "role", {"dev-", marker, 2}); });
        ASSERT_TRUE(page.has_value());
        for (const auto& e : page->entries) walked.push_back(e.name);
        ++pages;
        if (!page->truncated) break;
        marker = page->entries.back().name;
    }
    EXPECT_EQ(walked, (std::vector<std::string>{"dev-a", "dev-b", "dev-c"}));
    EXPECT_EQ(pages, 2);

    auto exact = store->read([](Reader& r) { return r.list("a", "role", {"", "", 7}); });
    ASSERT_TRUE(exact.has_value());
    EXPECT_EQ(exact->entries.size(), 7u);
    EXPECT_FALSE(exact->truncated);

    auto counted = store->read([](Reader& r) { return r.count("a", "role", "dev"); });
    ASSERT_TRUE(counted.has_value());
    EXPECT_EQ(*counted, 4);
    auto erased = store->write([](Tx& tx) { return tx.erase_prefix("a", "role", "dev-"); });
    ASSERT_TRUE(erased.has_value());
    EXPECT_EQ(*erased, 3);
    EXPECT_EQ(*store->read([](Reader& r) { return r.count("a", "role"); }), 4);
    EXPECT_EQ(*store->read([](Reader& r) { return r.count("b", "role"); }), 1);
}

TEST(Store, PrefixOfHighBytesAndBinaryNames) {
    TempHome home;
    auto store = open_store(home.path());
    ASSERT_TRUE(store);
    const std::string high = "\xff\xff";
    const std::string nul = std::string("a\0b", 3);
    ASSERT_TRUE(store->write([&](Tx& tx) -> Result<void> {
        if (auto r = tx.put("a", "k", high + "x", "1"); !r) return r;
        if (auto r = tx.put("a", "k", nul, "2"); !r) return r;
        return tx.put("a", "k", "", "empty name");
    }));
    auto page = store->read([&](Reader& r) { return r.list("a", "k", {high, "", 0}); });
    ASSERT_TRUE(page.has_value());
    EXPECT_EQ(names(*page), std::vector<std::string>{high + "x"});
    EXPECT_EQ(get(*store, "a", "k", nul), "2");
    EXPECT_EQ(get(*store, "a", "k", ""), "empty name");
}

TEST(Store, CountersIncrementAtomically) {
    TempHome home;
    auto store = open_store(home.path());
    ASSERT_TRUE(store);
    EXPECT_EQ(*store->read([](Reader& r) { return r.counter("ids"); }), 0);
    EXPECT_EQ(*store->write([](Tx& tx) { return tx.increment("ids"); }), 1);
    EXPECT_EQ(*store->write([](Tx& tx) { return tx.increment("ids", 10); }), 11);
    EXPECT_EQ(*store->write([](Tx& tx) { return tx.increment("ids", -1); }), 10);
    EXPECT_EQ(*store->read([](Reader& r) { return r.counter("ids"); }), 10);
}

TEST(Store, FailedWriteIsRolledBackCompletely) {
    TempHome home;
    auto store = open_store(home.path());
    ASSERT_TRUE(store);
    auto r = store->write([](Tx& tx) -> Result<int> {
        if (auto p = tx.put("a", "user", "alice", "1"); !p) return Unexpected(p.error());
        if (auto c = tx.increment("users"); !c) return Unexpected(c.error());
        // The change is visible inside its own transaction…
        auto seen = tx.get("a", "user", "alice");
        if (!seen || *seen != "1") return fail("Test", "own write not visible");
        return fail("LimitExceeded", "too many users");
    });
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, "LimitExceeded");
    // …and gone after the failure.
    EXPECT_EQ(get(*store, "a", "user", "alice"), std::nullopt);
    EXPECT_EQ(*store->read([](Reader& rd) { return rd.counter("users"); }), 0);
}

TEST(Store, IgnoredOperationErrorStillRollsBack) {
    TempHome home;
    auto store = open_store(home.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->write([](Tx& tx) { return tx.put("a", "user", "alice", "1"); }));
    auto r = store->write([](Tx& tx) -> Result<void> {
        (void)tx.put("a", "user", "bob", "2");
        (void)tx.insert("a", "user", "alice", "3");  // fails; the caller "forgets" to check
        return {};
    });
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, "AlreadyExists");
    EXPECT_EQ(get(*store, "a", "user", "bob"), std::nullopt);
    EXPECT_EQ(get(*store, "a", "user", "alice"), "1");
}

TEST(Store, ExceptionInsideWriteRollsBack) {
    TempHome home;
    auto store = open_store(home.path());
    ASSERT_TRUE(store);
    EXPECT_THROW(store->write([](Tx& tx) -> Result<void> {
        (void)tx.put("a", "user", "carol", "1");
        throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    EXPECT_EQ(get(*store, "a", "user", "carol"), std::nullopt);
    // The store is usable afterwards.
    EXPECT_TRUE(store->write([](Tx& tx) { return tx.put("a", "user", "carol", "2"); }));
    EXPECT_EQ(get(*store, "a", "user", "carol"), "2");
}

TEST(Store, StateSurvivesReopen) {
    TempHome home;
    {
        auto store = open_store(home.path());
        ASSERT_TRUE(store);
        ASSERT_TRUE(store->write([](Tx& tx) { return tx.put("a", "bucket", "templates", "{}"); }));
    }
    auto store = open_store(home.path());
    ASSERT_TRUE(store);
    EXPECT_EQ(get(*store, "a", "bucket", "templates"), "{}");
    EXPECT_EQ(*store->schema_version(), k_schema_version);
}

TEST(Store, AnExistingOpenHomeIsMadePrivate) {
    // Issue 15 item 8: a home at 0755 (made by hand, or by an older jumpgate) stayed 0755.
    TempHome home;
    {
        auto store = open_store(home.path());
        ASSERT_TRUE(store);
        ASSERT_TRUE(store->write([](Tx& tx) { return tx.put("a", "k", "n", "v"); }));
    }
    ASSERT_EQ(::chmod(home.path().c_str(), 0755), 0);
    ASSERT_EQ(::chmod((home.path() + "/jumpgate.db").c_str(), 0644), 0);
    auto store = open_store(home.path());
    ASSERT_TRUE(store);
    struct stat st {};
    ASSERT_EQ(::stat(home.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    ASSERT_EQ(::stat(store->path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(get(*store, "a", "k", "n"), "v");
}

TEST(Store, ASharedDirectoryIsNotTakenOverAsHome) {
    TempHome home;
    ASSERT_TRUE(std::filesystem::create_directories(home.path()));
    ASSERT_EQ(::chmod(home.path().c_str(), 01777), 0);  // like /tmp
    auto store = Store::open(home.path(), {});
    ASSERT_FALSE(store);
    EXPECT_NE(store.error().message.find("is open to others (mode 1777)"), std::string::npos) << store.error().message;
    struct stat st {};
    ASSERT_EQ(::stat(home.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 01777u);  // left as it was
}

TEST(Store, FilesArePrivateAndWalIsOn) {
    TempHome home;
    auto store = open_store(home.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->write([](Tx& tx) { return tx.put("a", "k", "n", "v"); }));
    struct stat st {};
    ASSERT_EQ(::stat(home.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    for (const char* suffix : {"", "-wal", "-shm"}) {
        ASSERT_EQ(::stat((store->path() + suffix).c_str(), &st), 0) << suffix;
        EXPECT_EQ(st.st_mode & 0777, 0600u) << suffix;
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(store->path().c_str(), &db), SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), "wal");
    sqlite3_finalize(q);
    sqlite3_close(db);
}

TEST(Store, RefusesANewerSchemaAndForeignFiles) {
    TempHome home;
    std::string path;
    {
        auto store = open_store(home.path());
        ASSERT_TRUE(store);
        path = store->path();
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    auto newer = Store::open(home.path());
    ASSERT_FALSE(newer.has_value());
    EXPECT_EQ(newer.error().code, "SchemaTooNew");
    EXPECT_NE(newer.error().message.find("99"), std::string::npos);

    TempHome other;
    std::filesystem::create_directories(other.path());
    std::ofstream(other.path() + "/jumpgate.db") << "this is not a database, just text\n"
                                                 << std::string(5000, 'x');
    auto garbage = Store::open(other.path());
    ASSERT_FALSE(garbage.has_value());
    EXPECT_EQ(garbage.error().code, "StoreError");

    auto not_dir = Store::open(other.path() + "/jumpgate.db");
    ASSERT_FALSE(not_dir.has_value());
    EXPECT_NE(not_dir.error().message.find("not a directory"), std::string::npos);
}

}  // namespace
}  // namespace jg::store
