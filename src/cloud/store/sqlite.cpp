#include "cloud/store/sqlite.hpp"

#include <sqlite3.h>

namespace jg::store {

Result<std::unique_ptr<Db>> Db::open(const std::string& path, int busy_timeout_ms) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                       SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK) {
        std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        sqlite3_close(raw);
        return fail("StoreError", "cannot open database " + path + ": " + message);
    }
    std::unique_ptr<Db> db(new Db(raw));
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, busy_timeout_ms);
    return db;
}

Db::~Db() {
    for (auto& [sql, stmt] : m_cache) sqlite3_finalize(stmt);
    sqlite3_close(m_db);
}

Result<void> Db::exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(m_db);
        sqlite3_free(message);
        return fail("StoreError", "sqlite: " + text);
    }
    return {};
}

Result<Statement> Db::prepare(const char* sql) {
    auto it = m_cache.find(sql);
    if (it == m_cache.end()) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
            SQLITE_OK)
            return error("cannot prepare statement");
        it = m_cache.emplace(sql, stmt).first;
    }
    return Statement(*this, it->second);
}

Result<void> Db::run(const char* sql) {
    auto st = prepare(sql);
    if (!st) return Unexpected(st.error());
    return st->run();
}

Unexpected Db::error(std::string_view what) const {
    return fail("StoreError", std::string(what) + ": " + sqlite3_errmsg(m_db) + " (" +
                                  std::to_string(sqlite3_extended_errcode(m_db)) + ")");
}

Statement::~Statement() {
    if (m_stmt == nullptr) return;
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

Result<void> Statement::bind(int index, std::string_view text) {
    // An empty view may have a null data pointer, which SQLite would bind as NULL.
    static const char k_empty = '\0';
    const char* data = text.empty() ? &k_empty : text.data();
    if (sqlite3_bind_text64(m_stmt, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8) !=
        SQLITE_OK)
        return m_db->error("cannot bind parameter");
    return {};
}

Result<void> Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK)
        return m_db->error("cannot bind parameter");
    return {};
}

Result<void> Statement::bind_null(int index) {
    if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK) return m_db->error("cannot bind parameter");
    return {};
}

Result<bool> Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return m_db->error("sqlite step failed");
}

Result<void> Statement::run() {
    auto r = step();
    if (!r) return Unexpected(r.error());
    return {};
}

std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(m_stmt, column);
    const int n = sqlite3_column_bytes(m_stmt, column);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(m_stmt, column); }

bool Statement::is_null(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

}  // namespace jg::store
