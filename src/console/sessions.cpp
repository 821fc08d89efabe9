#include "console/sessions.hpp"

#include "core/encoding.hpp"

namespace jg::console {

Session Sessions::create(Random& random, Time now, Time expiration) {
    Session s;
    s.id = hex_encode(random.bytes(32));
    s.csrf = hex_encode(random.bytes(32));
    s.created = now;
    s.expiration = expiration;
    std::lock_guard lock(m_mutex);
    make_room(now);
    m_sessions[s.id] = s;
    return s;
}

std::optional<Session> Sessions::find(const std::string& id, Time now) {
    if (id.empty()) return std::nullopt;
    std::lock_guard lock(m_mutex);
    auto it = m_sessions.find(id);
    if (it == m_sessions.end()) return std::nullopt;
    if (now >= it->second.expiration) {
        m_sessions.erase(it);
        return std::nullopt;
    }
    return it->second;
}

void Sessions::put(const Session& session) {
    std::lock_guard lock(m_mutex);
    m_sessions[session.id] = session;
}

void Sessions::erase(const std::string& id) {
    std::lock_guard lock(m_mutex);
    m_sessions.erase(id);
}

std::size_t Sessions::size() {
    std::lock_guard lock(m_mutex);
    return m_sessions.size();
}

// Expired sessions go first; when still full, the oldest not signed in, then the oldest.
void Sessions::make_room(Time now) {
    if (m_sessions.size() < m_capacity) return;
    std::erase_if(m_sessions, [&](const auto& kv) { return now >= kv.second.expiration; });
    while (m_sessions.size() >= m_capacity) {
        auto victim = m_sessions.begin();
        for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
            const bool it_anon = it->second.stage != Stage::signed_in;
            const bool victim_anon = victim->second.stage != Stage::signed_in;
            if ((it_anon && !victim_anon) || (it_anon == victim_anon && it->second.created < victim->second.created))
                victim = it;
        }
        m_sessions.erase(victim);
    }
}

bool Lockout::locked(const std::string& key, int allowance_factor, Time now) {
    std::lock_guard lock(m_mutex);
    auto it = m_records.find(key);
    if (it == m_records.end()) return false;
    if (now - it->second.last >= m_window) {
        m_records.erase(it);
        return false;
    }
    return it->second.failures >= m_max * allowance_factor;
}

void Lockout::failure(const std::string& key, Time now) {
    std::lock_guard lock(m_mutex);
    if (m_records.size() > 100'000) m_records.clear();  // bounded; a flood resets, not grows
    Record& r = m_records[key];
    if (r.failures > 0 && now - r.last >= m_window) r.failures = 0;
    ++r.failures;
    r.last = now;
}

void Lockout::success(const std::string& key) {
    std::lock_guard lock(m_mutex);
    m_records.erase(key);
}

}  // namespace jg::console
