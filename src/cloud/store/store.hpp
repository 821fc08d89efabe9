// The persistent state of the local cloud: JSON documents keyed by (account, kind,
// name) plus named counters, in one SQLite database (WAL mode) inside the jumpgate home.
//
// Every mutating call is one `write`: its function runs inside a single IMMEDIATE
// transaction that commits only when the function succeeds and every store operation in
// it succeeded — done completely or not at all. `read` sees one consistent snapshot.
// Several processes may open the same home (the CLI while a server runs): writers queue
// on SQLite's lock for up to `busy_timeout_ms`. A commit that returned survives the
// process being killed (WAL); with `Durability::full` (the default: the WAL is fsynced on
// every commit) it also survives a power loss or OS crash. Either way nothing that was
// acknowledged is lost to a process crash, and no transaction is ever half-applied.
//
// Group commit: threads of one process that write at the same time share one SQLite
// transaction (and so one fsync). Each write runs in a savepoint of it — rolled back alone
// when its function fails — and returns only once the shared transaction has committed;
// the last writer of a group (no other writer waiting) commits it. What a write returns
// is therefore exactly as durable as before; only the number of fsyncs goes down.
//
// Global (account-less) records, such as the index from access key id to owner, use
// the account "". Nothing here reads the clock or random numbers: callers put times
// and ids into the documents themselves, from their injected Clock and Random.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/error.hpp"

namespace jg::store {

class Db;

enum class Durability {
    full,           // fsync the WAL on every commit: survives power loss
    process_crash,  // synchronous=NORMAL: survives the process dying (SIGKILL), not the OS
};

struct Options {
    int busy_timeout_ms = 10'000;
    Durability durability = Durability::full;
};

// The schema version this code writes; older databases are migrated on open, newer ones
// are refused.
inline constexpr int k_schema_version = 1;

struct Entry {
    std::string name;
    std::string body;
};

// One page of a listing in key (byte) order: names starting with `prefix`, strictly
// after `after` (IAM's Marker), at most `limit` of them (0 = all).
struct ListQuery {
    std::string prefix;
    std::string after;
    std::size_t limit = 0;
};

struct Page {
    std::vector<Entry> entries;
    bool truncated = false;  // more entries follow the last one (IAM's IsTruncated)
};

// Read operations, valid inside `read` and `write`.
class Reader {
public:
    explicit Reader(Db& db) : m_db(db) {}
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    Result<std::optional<std::string>> get(std::string_view account, std::string_view kind,
                                           std::string_view name);
    Result<Page> list(std::string_view account, std::string_view kind, const ListQuery& query);
    Result<std::int64_t> count(std::string_view account, std::string_view kind,
                               std::string_view prefix = {});
    // The counter's value; 0 for a counter never incremented.
    Result<std::int64_t> counter(std::string_view name);

protected:
    Db& m_db;
};

// Read and write operations of one transaction. A failed operation marks the transaction
// failed: it will be rolled back even if the caller ignores the error.
class Tx : public Reader {
public:
    using Reader::Reader;

    // Creates or replaces.
    Result<void> put(std::string_view account, std::string_view kind, std::string_view name,
                     std::string_view body);
    // Creates; error "AlreadyExists" when the key is taken.
    Result<void> insert(std::string_view account, std::string_view kind, std::string_view name,
                        std::string_view body);
    // True when something was removed.
    Result<bool> erase(std::string_view account, std::string_view kind, std::string_view name);
    // Removes every document of `kind` in `account` whose name starts with `prefix`;
    // returns how many.
    Result<std::int64_t> erase_prefix(std::string_view account, std::string_view kind,
                                      std::string_view prefix);
    // Adds `by` to the counter and returns the new value.
    Result<std::int64_t> increment(std::string_view name, std::int64_t by = 1);

    bool failed() const { return m_failed.has_value(); }
    const Error& failure() const { return *m_failed; }

private:
    template <class T>
    Result<T> track(Result<T> r) {
        if (!r && !m_failed) m_failed = r.error();
        return r;
    }
    std::optional<Error> m_failed;
};

class Store {
public:
    // Opens or creates `HOME/jumpgate.db` (HOME is created with mode 0700 when missing;
    // the database is 0600), switches it to WAL and migrates its schema.
    static Result<std::unique_ptr<Store>> open(const std::string& home, Options options = {});
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    const std::string& path() const { return m_path; }
    Result<int> schema_version();

    // Runs `fn(Tx&)` (returning Result<T>) as one transaction and returns its result.
    // A Store holds two SQLite connections, one for writes and one for reads: threads
    // sharing it take turns on each, and calls must not nest (a read inside a write would
    // not see the write).
    template <class F>
    auto write(F&& fn) -> std::invoke_result_t<F, Tx&> {
        m_writers_waiting.fetch_add(1);
        std::unique_lock lock(m_mutex);
        m_writers_waiting.fetch_sub(1);
        auto group = join_group();
        if (!group) return Unexpected(group.error());
        Savepoint savepoint{this};
        if (savepoint.error) {
            Error e = *savepoint.error;
            (void)finish_write(lock, *group);  // the others of the group still commit
            return Unexpected(std::move(e));
        }
        Tx tx(*m_db);
        auto result = fn(tx);
        bool ok = result && !tx.failed();
        savepoint.end(ok);
        auto committed = finish_write(lock, *group);
        if (!result) return result;
        if (tx.failed()) return Unexpected(tx.failure());
        if (!committed) return Unexpected(committed.error());
        return result;
    }

    // Runs `fn(Reader&)` (returning Result<T>) on one consistent snapshot of what is
    // committed. Reads have connections of their own (WAL lets them read beside the
    // writer and beside each other), so they never wait for a group's commit and its
    // fsync, nor for another thread's read; a write in an open group is not yet
    // acknowledged, so no caller can expect to read it.
    template <class F>
    auto read(F&& fn) -> std::invoke_result_t<F, Reader&> {
        auto db = acquire_reader();
        if (!db) return Unexpected(db.error());
        ReleaseReader release{this, *db};
        if (auto begun = begin_read(**db); !begun) return Unexpected(begun.error());
        EndRead guard{*db};
        Reader reader(**db);
        return fn(reader);
    }

private:
    Store(std::unique_ptr<Db> db, std::string path);
    Result<void> begin(bool for_write);
    Result<void> commit();
    void rollback();
    Result<void> migrate();

    // Group commit (see the top of this file). All under m_mutex.
    // Opens the shared transaction when none is open; returns the group's number.
    Result<std::uint64_t> join_group();
    // After a write's function: waits for the group's commit while another writer is
    // waiting to join it, else commits it; the group's outcome.
    Result<void> finish_write(std::unique_lock<std::mutex>& lock, std::uint64_t group);
    // Commits the open group, if any, and wakes its writers.
    Result<void> commit_group();
    // One write's savepoint: released when the function succeeded, rolled back otherwise
    // (also on exceptions, which then commit the group so that no writer waits forever).
    struct Savepoint {
        Store* store;
        bool active = true;
        std::optional<Error> error;  // the savepoint could not be made
        explicit Savepoint(Store* s);
        void end(bool keep);
        ~Savepoint();
    };

    // Read connections: as many as threads read at once (at most k_max_readers, beyond
    // which a reader waits for one to be free), opened on first need and kept.
    static constexpr std::size_t k_max_readers = 8;
    Result<Db*> acquire_reader();
    void release_reader(Db* db);
    struct ReleaseReader {
        Store* store;
        Db* db;
        ~ReleaseReader() { store->release_reader(db); }
    };
    static Result<void> begin_read(Db& db);
    static void end_read(Db& db);
    struct EndRead {
        Db* db;
        ~EndRead() { end_read(*db); }
    };

    // Rolls back on every exit that did not commit, including exceptions.
    struct Rollback {
        Store* store;
        bool active = true;
        ~Rollback() {
            if (active) store->rollback();
        }
    };

    std::unique_ptr<Db> m_db;
    std::string m_path;
    std::mutex m_mutex;
    int m_busy_timeout_ms = 0;
    std::vector<std::unique_ptr<Db>> m_readers;  // every read connection opened
    std::vector<Db*> m_idle_readers;             // those no read is using
    std::mutex m_read_mutex;                     // guards the two above
    std::condition_variable m_reader_free;
    std::condition_variable m_group_done;
    std::atomic<int> m_writers_waiting{0};
    bool m_group_open = false;
    std::uint64_t m_group = 0;            // the open (or last) group's number
    std::uint64_t m_committed = 0;        // groups up to this one have ended
    std::size_t m_group_writes = 0;
    std::map<std::uint64_t, Error> m_failed_groups;  // groups whose commit failed (rare)
};

}  // namespace jg::store
