#include "cloud/background.hpp"

namespace jg::cloud {

Background::Background(std::size_t threads) : m_threads_wanted(threads == 0 ? 1 : threads) {}

Background::~Background() {
    drain();
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_work.notify_all();
    for (auto& t : m_threads) t.join();
    for (auto& s : m_spawned) s.thread.join();
}

void Background::post(std::function<void()> task) {
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(task));
        // Threads start with the first task: a Cloud that never runs background work
        // (most CLI commands) costs no thread.
        if (m_threads.size() < m_threads_wanted && m_threads.size() < m_queue.size() + m_running)
            m_threads.emplace_back([this] { run(); });
    }
    m_work.notify_one();
}

void Background::spawn(std::function<void()> job) {
    std::lock_guard lock(m_mutex);
    reap_spawned();
    ++m_running;
    Spawned& slot = m_spawned.emplace_back();
    slot.thread = std::thread([this, &slot, job = std::move(job)] {
        job();
        std::lock_guard done(m_mutex);
        slot.done = true;
        --m_running;
        if (m_queue.empty() && m_running == 0) m_idle.notify_all();
    });
}

// With m_mutex held: a finished job's thread has only its return left to do.
void Background::reap_spawned() {
    for (auto it = m_spawned.begin(); it != m_spawned.end();) {
        if (!it->done) {
            ++it;
            continue;
        }
        it->thread.join();
        it = m_spawned.erase(it);
    }
}

void Background::drain() {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [&] { return m_queue.empty() && m_running == 0; });
    reap_spawned();
}

void Background::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_work.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
        if (m_queue.empty()) return;  // stopping and nothing left
        auto task = std::move(m_queue.front());
        m_queue.pop_front();
        ++m_running;
        lock.unlock();
        task();
        lock.lock();
        --m_running;
        if (m_queue.empty() && m_running == 0) m_idle.notify_all();
    }
}

}  // namespace jg::cloud
