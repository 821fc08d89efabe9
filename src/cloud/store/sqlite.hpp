// A thin RAII layer over SQLite's C API: a connection with a cache of prepared
// statements, and statements that bind, step and reset. Every failure becomes an
// Error (code "StoreError") carrying SQLite's message; nothing here throws.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace jg::store {

class Statement;

class Db {
public:
    // Opens (creating if needed) the database file at `path`.
    static Result<std::unique_ptr<Db>> open(const std::string& path, int busy_timeout_ms);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    // Runs one or more statements that return no rows we need.
    Result<void> exec(const char* sql);
    // Runs one statement that returns no rows from the statement cache (`sql` a string
    // literal): transaction control on every call costs no parsing.
    Result<void> run(const char* sql);
    // A cached prepared statement for `sql` (which must be a string literal: the cache is
    // keyed by its text), reset and with bindings cleared.
    Result<Statement> prepare(const char* sql);
    // An error for the connection's last failure, prefixed with `what`.
    Unexpected error(std::string_view what) const;
    sqlite3* handle() { return m_db; }

private:
    explicit Db(sqlite3* db) : m_db(db) {}
    sqlite3* m_db;
    std::unordered_map<std::string, sqlite3_stmt*> m_cache;
};

// A borrowed cached statement; resets itself when it goes out of scope so that the
// next user finds it ready and no read transaction is held open by a forgotten cursor.
class Statement {
public:
    Statement(Db& db, sqlite3_stmt* stmt) : m_db(&db), m_stmt(stmt) {}
    ~Statement();
    Statement(Statement&& other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt) {
        other.m_stmt = nullptr;
    }
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based, as in SQL's ?1, ?2 …
    Result<void> bind(int index, std::string_view text);
    Result<void> bind(int index, std::int64_t value);
    Result<void> bind_null(int index);
    // True when a row is available, false when done.
    Result<bool> step();
    // Runs a statement that returns no rows.
    Result<void> run();

    std::string text(int column) const;  // 0-based
    std::int64_t int64(int column) const;
    bool is_null(int column) const;

private:
    Db* m_db;
    sqlite3_stmt* m_stmt;
};

}  // namespace jg::store
