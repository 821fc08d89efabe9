// Work the local cloud does after an API call has returned (stack operations, StackSet
// operations): a small pool of threads owned by Cloud. The work progresses without further
// requests (a long-running server), and the destructor drains what was queued before it
// stops, so a short-lived CLI process that started a stack finishes it before exiting.
//
// Tasks must not throw; each one runs its own store transactions (never inside another).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace jg::cloud {

class Background {
public:
    explicit Background(std::size_t threads = 2);
    ~Background();  // drains, then joins
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    void post(std::function<void()> task);
    // Runs `job` on a thread of its own, outside the pool: for work that waits for pool
    // tasks it caused (a StackSet operation waiting for the stacks it creates), which on a
    // pool thread could starve the pool. Drained and joined like pool tasks.
    void spawn(std::function<void()> job);
    // Blocks until every task queued so far (and every task those post) has finished.
    void drain();

private:
    void run();

    std::size_t m_threads_wanted;
    std::vector<std::thread> m_threads;
    struct Spawned {
        std::thread thread;
        bool done = false;
    };
    std::list<Spawned> m_spawned;  // finished ones are joined by the next spawn() or drain()
    void reap_spawned();
    std::mutex m_mutex;
    std::condition_variable m_work;
    std::condition_variable m_idle;
    std::deque<std::function<void()>> m_queue;
    std::size_t m_running = 0;
    bool m_stopping = false;
};

}  // namespace jg::cloud
