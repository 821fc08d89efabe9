// Waiting for a stack's operation to end without polling the store: a waiter
// (the StackSet deployer waiting for an instance's stack) watches the stack id, reads the
// number of ends seen so far, reads the stack's status, then waits for the number to
// change — so that no end is missed. Only watched stacks have an entry, and an entry goes
// with its last watcher: the state is bounded by the waiters of the moment, not by the
// operations a long-lived `serve` process has run.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace jg::cloud::cloudformation {

class OperationEnds {
public:
    class Watch {
    public:
        Watch(OperationEnds& ends, std::string key);
        ~Watch();
        Watch(const Watch&) = delete;
        Watch& operator=(const Watch&) = delete;

        // Operations of the watched stack ended since the watch began.
        std::uint64_t ends() const;
        // Until ends() differs from `seen`, or `timeout` passes (the operation may run in
        // another process sharing the home).
        void wait(std::uint64_t seen, std::chrono::milliseconds timeout) const;

    private:
        OperationEnds& m_owner;
        std::string m_key;
    };

    // A watch of the operation ends of `key` (a stack).
    Watch watch(const std::string& key) { return Watch(*this, key); }
    // An operation of `key` ended (the stack engine, on the pool's thread).
    void ended(const std::string& key);
    // Entries held (tests: bounded by the current watchers).
    std::size_t size() const;

private:
    struct Entry {
        std::uint64_t ends = 0;
        std::size_t watchers = 0;
    };
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    std::map<std::string, Entry> m_entries;
};

}  // namespace jg::cloud::cloudformation
