#include "cloud/cloudformation/operation_ends.hpp"

namespace jg::cloud::cloudformation {

OperationEnds::Watch::Watch(OperationEnds& ends, std::string key) : m_owner(ends), m_key(std::move(key)) {
    std::lock_guard lock(m_owner.m_mutex);
    ++m_owner.m_entries[m_key].watchers;
}

OperationEnds::Watch::~Watch() {
    std::lock_guard lock(m_owner.m_mutex);
    auto it = m_owner.m_entries.find(m_key);
    if (it != m_owner.m_entries.end() && --it->second.watchers == 0) m_owner.m_entries.erase(it);
}

std::uint64_t OperationEnds::Watch::ends() const {
    std::lock_guard lock(m_owner.m_mutex);
    return m_owner.m_entries.at(m_key).ends;
}

void OperationEnds::Watch::wait(std::uint64_t seen, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_owner.m_mutex);
    m_owner.m_changed.wait_for(lock, timeout, [&] { return m_owner.m_entries.at(m_key).ends != seen; });
}

void OperationEnds::ended(const std::string& key) {
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(key);
    if (it == m_entries.end()) return;  // nobody waits for this stack
    ++it->second.ends;
    m_changed.notify_all();
}

std::size_t OperationEnds::size() const {
    std::lock_guard lock(m_mutex);
    return m_entries.size();
}

}  // namespace jg::cloud::cloudformation
