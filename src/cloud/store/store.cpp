#include "cloud/store/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <sqlite3.h>

#include "cloud/store/sqlite.hpp"

namespace jg::store {

namespace {

// Schema migrations: entry i takes a database from version i to version i + 1.
constexpr const char* k_migrations[] = {
    // 0 -> 1: documents and counters.
    "CREATE TABLE docs ("
    "  account TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,"
    "  PRIMARY KEY (account, kind, name)) WITHOUT ROWID;"
    "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;",
};
static_assert(std::size(k_migrations) == k_schema_version);

// The smallest string greater than every string starting with `prefix`, or nullopt when
// there is none (empty prefix, or all bytes 0xFF).
std::optional<std::string> prefix_end(std::string_view prefix) {
    std::string end(prefix);
    while (!end.empty()) {
        auto& last = reinterpret_cast<unsigned char&>(end.back());
        if (last != 0xFF) {
            ++last;
            return end;
        }
        end.pop_back();
    }
    return std::nullopt;
}

Result<void> bind_prefix_end(Statement& st, int index, std::string_view prefix) {
    const auto end = prefix_end(prefix);
    return end ? st.bind(index, *end) : st.bind_null(index);
}

std::string mode_text(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

// An existing home others may enter (0755: a home made before homes were private, or by
// hand) is tightened to 0700, as `ssh` expects of ~/.ssh but without making the user do
// it: the home holds every account's secret keys, and its owner (who runs jumpgate) is
// the one who wants it private. A directory jumpgate must not take over — another user's,
// or a shared one with the sticky bit such as /tmp — is refused instead.
Result<void> make_home_private(const std::string& home) {
    struct stat st {};
    if (::stat(home.c_str(), &st) != 0) return fail("StoreError", "cannot stat home " + home + ": " + std::strerror(errno));
    if ((st.st_mode & 077) == 0) return {};
    if (st.st_uid != ::geteuid() || (st.st_mode & S_ISVTX) != 0)
        return fail("StoreError", "home " + home + " is open to others (mode " + mode_text(st.st_mode) +
                                      ") and is not a directory of this user's own: use a private directory "
                                      "(mode 0700) as the home");
    if (::chmod(home.c_str(), st.st_mode & 07700) != 0)
        return fail("StoreError", "cannot make home " + home + " private (mode " + mode_text(st.st_mode) +
                                      " -> 0700): " + std::strerror(errno));
    return {};
}

// Creates the home (0700) and the database file (0600) before SQLite touches them, and
// makes existing ones private; SQLite gives new -wal and -shm files the database file's
// permissions, existing ones are restricted here.
Result<void> prepare_files(const std::string& home, const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(home, ec)) {
        std::filesystem::create_directories(home, ec);
        if (ec) return fail("StoreError", "cannot create home " + home + ": " + ec.message());
        ::chmod(home.c_str(), 0700);
    } else if (!std::filesystem::is_directory(home, ec)) {
        return fail("StoreError", "home " + home + " is not a directory");
    } else if (auto ok = make_home_private(home); !ok) {
        return ok;
    }
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return fail("StoreError", "cannot open " + path + ": " + std::strerror(errno));
    const int rc = ::fchmod(fd, 0600);
    const int saved = errno;
    ::close(fd);
    if (rc != 0) return fail("StoreError", "cannot chmod " + path + ": " + std::strerror(saved));
    for (const char* suffix : {"-wal", "-shm"}) {
        const std::string side = path + suffix;
        struct stat st {};
        if (::stat(side.c_str(), &st) == 0 && (st.st_mode & 077) != 0 && ::chmod(side.c_str(), 0600) != 0)
            return fail("StoreError", "cannot chmod " + side + ": " + std::strerror(errno));
    }
    return {};
}

}  // namespace

// ---- Reader ----

Result<std::optional<std::string>> Reader::get(std::string_view account, std::string_view kind,
                                               std::string_view name) {
    auto st = m_db.prepare("SELECT body FROM docs WHERE account = ?1 AND kind = ?2 AND name = ?3");
    if (!st) return Unexpected(st.error());
    if (auto r = st->bind(1, account); !r) return Unexpected(r.error());
    if (auto r = st->bind(2, kind); !r) return Unexpected(r.error());
    if (auto r = st->bind(3, name); !r) return Unexpected(r.error());
    auto row = st->step();
    if (!row) return Unexpected(row.error());
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(st->text(0));
}

Result<Page> Reader::list(std::string_view account, std::string_view kind,
                          const ListQuery& query) {
    // With a prefix the upper bound is written as such: "(?4 IS NULL OR name < ?4)" hid it
    // from SQLite's index search, so a prefix listing (a user's groups) scanned every later
    // name of the kind — quadratic over an account's users.
    const bool bounded = prefix_end(query.prefix).has_value();
    auto st = m_db.prepare(bounded ? "SELECT name, body FROM docs WHERE account = ?1 AND kind = ?2 AND name >= ?3"
                                     " AND name < ?4 AND name > ?5 ORDER BY name LIMIT ?6"
                                   : "SELECT name, body FROM docs WHERE account = ?1 AND kind = ?2 AND name >= ?3"
                                     " AND ?4 IS NULL AND name > ?5 ORDER BY name LIMIT ?6");
    if (!st) return Unexpected(st.error());
    // One row past the limit tells whether the listing is truncated.
    const std::int64_t limit =
        query.limit == 0 ? -1 : static_cast<std::int64_t>(query.limit) + 1;
    for (auto r : {st->bind(1, account), st->bind(2, kind), st->bind(3, query.prefix),
                   bind_prefix_end(*st, 4, query.prefix), st->bind(5, query.after),
                   st->bind(6, limit)})
        if (!r) return Unexpected(r.error());
    Page page;
    for (;;) {
        auto row = st->step();
        if (!row) return Unexpected(row.error());
        if (!*row) break;
        if (query.limit != 0 && page.entries.size() == query.limit) {
            page.truncated = true;
            break;
        }
        page.entries.push_back(Entry{st->text(0), st->text(1)});
    }
    return page;
}

Result<std::int64_t> Reader::count(std::string_view account, std::string_view kind,
                                   std::string_view prefix) {
    auto st = m_db.prepare(prefix_end(prefix) ? "SELECT count(*) FROM docs WHERE account = ?1 AND kind = ?2"
                                                " AND name >= ?3 AND name < ?4"
                                              : "SELECT count(*) FROM docs WHERE account = ?1 AND kind = ?2"
                                                " AND name >= ?3 AND ?4 IS NULL");
    if (!st) return Unexpected(st.error());
    for (auto r : {st->bind(1, account), st->bind(2, kind), st->bind(3, prefix),
                   bind_prefix_end(*st, 4, prefix)})
        if (!r) return Unexpected(r.error());
    auto row = st->step();
    if (!row) return Unexpected(row.error());
    return st->int64(0);
}

Result<std::int64_t> Reader::counter(std::string_view name) {
    auto st = m_db.prepare("SELECT value FROM counters WHERE name = ?1");
    if (!st) return Unexpected(st.error());
    if (auto r = st->bind(1, name); !r) return Unexpected(r.error());
    auto row = st->step();
    if (!row) return Unexpected(row.error());
    return *row ? st->int64(0) : 0;
}

// ---- Tx ----

Result<void> Tx::put(std::string_view account, std::string_view kind, std::string_view name,
                     std::string_view body) {
    return track([&]() -> Result<void> {
        auto st = m_db.prepare(
            "INSERT OR REPLACE INTO docs (account, kind, name, body) VALUES (?1, ?2, ?3, ?4)");
        if (!st) return Unexpected(st.error());
        for (auto r : {st->bind(1, account), st->bind(2, kind), st->bind(3, name), st->bind(4, body)})
            if (!r) return r;
        return st->run();
    }());
}

Result<void> Tx::insert(std::string_view account, std::string_view kind, std::string_view name,
                        std::string_view body) {
    return track([&]() -> Result<void> {
        auto st = m_db.prepare(
            "INSERT OR IGNORE INTO docs (account, kind, name, body) VALUES (?1, ?2, ?3, ?4)");
        if (!st) return Unexpected(st.error());
        for (auto r : {st->bind(1, account), st->bind(2, kind), st->bind(3, name), st->bind(4, body)})
            if (!r) return r;
        if (auto r = st->run(); !r) return r;
        if (sqlite3_changes(m_db.handle()) == 0)
            return fail("AlreadyExists", std::string(kind) + " '" + std::string(name) +
                                             "' already exists in account '" +
                                             std::string(account) + "'");
        return {};
    }());
}

Result<bool> Tx::erase(std::string_view account, std::string_view kind, std::string_view name) {
    return track([&]() -> Result<bool> {
        auto st = m_db.prepare("DELETE FROM docs WHERE account = ?1 AND kind = ?2 AND name = ?3");
        if (!st) return Unexpected(st.error());
        for (auto r : {st->bind(1, account), st->bind(2, kind), st->bind(3, name)})
            if (!r) return Unexpected(r.error());
        if (auto r = st->run(); !r) return Unexpected(r.error());
        return sqlite3_changes(m_db.handle()) > 0;
    }());
}

Result<std::int64_t> Tx::erase_prefix(std::string_view account, std::string_view kind,
                                      std::string_view prefix) {
    return track([&]() -> Result<std::int64_t> {
        auto st = m_db.prepare(
            "DELETE FROM docs WHERE account = ?1 AND kind = ?2 AND name >= ?3"
            " AND (?4 IS NULL OR name < ?4)");
        if (!st) return Unexpected(st.error());
        for (auto r : {st->bind(1, account), st->bind(2, kind), st->bind(3, prefix),
                       bind_prefix_end(*st, 4, prefix)})
            if (!r) return Unexpected(r.error());
        if (auto r = st->run(); !r) return Unexpected(r.error());
        return static_cast<std::int64_t>(sqlite3_changes(m_db.handle()));
    }());
}

Result<std::int64_t> Tx::increment(std::string_view name, std::int64_t by) {
    return track([&]() -> Result<std::int64_t> {
        auto st = m_db.prepare(
            "INSERT INTO counters (name, value) VALUES (?1, ?2)"
            " ON CONFLICT (name) DO UPDATE SET value = value + excluded.value RETURNING value");
        if (!st) return Unexpected(st.error());
        for (auto r : {st->bind(1, name), st->bind(2, by)})
            if (!r) return Unexpected(r.error());
        auto row = st->step();
        if (!row) return Unexpected(row.error());
        const std::int64_t value = st->int64(0);
        // Step to completion so the statement's write is finished before reset.
        if (auto done = st->step(); !done) return Unexpected(done.error());
        return value;
    }());
}

// ---- Store ----

Store::Store(std::unique_ptr<Db> db, std::string path) : m_db(std::move(db)), m_path(std::move(path)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const std::string& home, Options options) {
    const std::string path = home + "/jumpgate.db";
    if (auto r = prepare_files(home, path); !r) return Unexpected(r.error());
    auto db = Db::open(path, options.busy_timeout_ms);
    if (!db) return Unexpected(db.error());
    std::unique_ptr<Store> store(new Store(std::move(*db), path));
    // WAL lets readers run beside the writer and other processes; the pragmas hold for
    // this connection (journal_mode is also persistent in the file).
    if (auto r = store->m_db->exec("PRAGMA journal_mode = WAL"); !r)
        return fail("StoreError", path + " is not a usable jumpgate database: " + r.error().message);
    const char* sync = options.durability == Durability::full ? "PRAGMA synchronous = FULL"
                                                             : "PRAGMA synchronous = NORMAL";
    if (auto r = store->m_db->exec(sync); !r) return Unexpected(r.error());
    if (auto r = store->migrate(); !r) return Unexpected(r.error());
    store->m_busy_timeout_ms = options.busy_timeout_ms;
    // One read connection now, so that a file that cannot be read twice fails at open.
    auto reader = store->acquire_reader();
    if (!reader) return Unexpected(reader.error());
    store->release_reader(*reader);
    return store;
}

Result<int> Store::schema_version() {
    std::lock_guard lock(m_mutex);
    if (auto flushed = commit_group(); !flushed) return Unexpected(flushed.error());
    auto st = m_db->prepare("PRAGMA user_version");
    if (!st) return Unexpected(st.error());
    auto row = st->step();
    if (!row) return Unexpected(row.error());
    return static_cast<int>(st->int64(0));
}

Result<void> Store::migrate() {
    auto version = schema_version();
    if (!version) return Unexpected(version.error());
    if (*version == k_schema_version) return {};
    // Under the write lock, so that two processes opening a new home migrate it once.
    std::lock_guard lock(m_mutex);
    if (auto flushed = commit_group(); !flushed) return flushed;
    if (auto r = begin(true); !r) return r;
    Rollback guard{this};
    int current = 0;
    {
        auto st = m_db->prepare("PRAGMA user_version");
        if (!st) return Unexpected(st.error());
        auto row = st->step();
        if (!row) return Unexpected(row.error());
        current = static_cast<int>(st->int64(0));
    }
    if (current > k_schema_version)
        return fail("SchemaTooNew", m_path + " has schema version " + std::to_string(current) +
                                        ", newer than this jumpgate's " +
                                        std::to_string(k_schema_version));
    for (; current < k_schema_version; ++current)
        if (auto r = m_db->exec(k_migrations[current]); !r) return r;
    const std::string set_version = "PRAGMA user_version = " + std::to_string(k_schema_version);
    if (auto r = m_db->exec(set_version.c_str()); !r) return r;
    guard.active = false;
    return commit();
}

// ---- group commit ----

namespace {
// Writes in one group at most: bounds how long the group holds SQLite's write lock.
constexpr std::size_t k_max_group = 64;
}  // namespace

Result<std::uint64_t> Store::join_group() {
    if (!m_group_open) {
        if (auto begun = begin(true); !begun) return Unexpected(begun.error());
        m_group_open = true;
        m_group_writes = 0;
        ++m_group;
    }
    return m_group;
}

Store::Savepoint::Savepoint(Store* s) : store(s) {
    if (auto r = store->m_db->run("SAVEPOINT jg_write"); !r) {
        active = false;
        error = r.error();
    }
}

void Store::Savepoint::end(bool keep) {
    if (!active) return;
    active = false;
    if (!keep) (void)store->m_db->run("ROLLBACK TO jg_write");
    (void)store->m_db->run("RELEASE jg_write");
}

Store::Savepoint::~Savepoint() {
    if (!active) return;
    end(false);
    (void)store->commit_group();
}

Result<void> Store::commit_group() {
    if (!m_group_open) return {};
    m_group_open = false;
    auto committed = commit();
    if (!committed) m_failed_groups.emplace(m_group, committed.error());
    m_committed = m_group;
    m_group_done.notify_all();
    return committed;
}

Result<void> Store::finish_write(std::unique_lock<std::mutex>& lock, std::uint64_t group) {
    ++m_group_writes;
    if (m_writers_waiting.load() > 0 && m_group_writes < k_max_group) {
        m_group_done.wait(lock, [&] { return m_committed >= group; });
    } else if (auto committed = commit_group(); !committed) {
        return committed;
    }
    auto failed = m_failed_groups.find(group);
    if (failed != m_failed_groups.end()) return Unexpected(failed->second);
    return {};
}

Result<Db*> Store::acquire_reader() {
    std::unique_lock lock(m_read_mutex);
    m_reader_free.wait(lock, [&] { return !m_idle_readers.empty() || m_readers.size() < k_max_readers; });
    if (!m_idle_readers.empty()) {
        Db* db = m_idle_readers.back();
        m_idle_readers.pop_back();
        return db;
    }
    auto opened = Db::open(m_path, m_busy_timeout_ms);
    if (!opened) return Unexpected(opened.error());
    m_readers.push_back(std::move(*opened));
    return m_readers.back().get();
}

void Store::release_reader(Db* db) {
    {
        std::lock_guard lock(m_read_mutex);
        m_idle_readers.push_back(db);
    }
    m_reader_free.notify_one();
}

Result<void> Store::begin_read(Db& db) { return db.run("BEGIN DEFERRED"); }

void Store::end_read(Db& db) {
    if (sqlite3_get_autocommit(db.handle()) == 0) (void)db.run("ROLLBACK");
}

Result<void> Store::begin(bool for_write) {
    // IMMEDIATE takes the write lock up front (waiting up to busy_timeout), so a write
    // transaction never fails half-way on a lock upgrade.
    return m_db->run(for_write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

Result<void> Store::commit() {
    auto r = m_db->run("COMMIT");
    if (!r && sqlite3_get_autocommit(m_db->handle()) == 0) rollback();
    return r;
}

void Store::rollback() {
    if (sqlite3_get_autocommit(m_db->handle()) == 0) (void)m_db->run("ROLLBACK");
}

}  // namespace jg::store
