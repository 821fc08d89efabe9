#include "cloud/cloudformation/stacksets/engine.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace jg::cloud::stacksets {

namespace {

const char* k_stopped_reason = "Cancelled since the operation was stopped";

// One region's run: a queue of targets handed to worker threads under the limits.
class RegionRun {
public:
    RegionRun(std::vector<Target> targets, const Preferences& prefs, EngineHooks& hooks)
        : m_pending(targets.begin(), targets.end()),
          m_hooks(hooks),
          m_max(prefs.max_concurrent(targets.size())),
          m_tolerance(prefs.failure_tolerance(targets.size())),
          m_soft(prefs.soft_tolerance()) {}

    // Runs to the end; returns false when the tolerance was exceeded.
    void run() {
        std::int64_t workers = std::min<std::int64_t>({m_max, k_max_workers, static_cast<std::int64_t>(m_pending.size())});
        std::vector<std::thread> threads;
        for (std::int64_t i = 0; i < workers; ++i) threads.emplace_back([this] { work(); });
        for (auto& t : threads) t.join();
        // What never started is cancelled, with the reason of why the run ended.
        const char* reason = m_exceeded ? k_cancelled_reason.data() : k_stopped_reason;
        for (const Target& t : m_pending) m_hooks.finished(t, Outcome{TargetStatus::cancelled, reason, {}});
    }

    bool exceeded() const { return m_exceeded; }
    bool stopped() const { return m_stopped; }
    std::int64_t failed() const { return m_failed; }

private:
    std::int64_t limit() const {
        if (m_soft) return m_max;
        return std::max<std::int64_t>(1, std::min(m_max, m_tolerance + 1 - m_failed));
    }

    void work() {
        std::unique_lock lock(m_mutex);
        while (true) {
            m_changed.wait(lock, [&] { return m_pending.empty() || m_exceeded || m_stopped || m_running < limit(); });
            if (m_pending.empty() || m_exceeded || m_stopped) return;
            lock.unlock();
            bool stop = m_hooks.stop_requested();
            lock.lock();
            if (stop) {
                m_stopped = true;
                m_changed.notify_all();
                return;
            }
            if (m_pending.empty() || m_exceeded || m_running >= limit()) continue;
            Target target = m_pending.front();
            m_pending.pop_front();
            ++m_running;
            lock.unlock();

            m_hooks.started(target);
            Outcome outcome = m_hooks.deploy(target);
            m_hooks.finished(target, outcome);

            lock.lock();
            --m_running;
            if (outcome.status == TargetStatus::failed && ++m_failed > m_tolerance) m_exceeded = true;
            m_changed.notify_all();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Target> m_pending;
    EngineHooks& m_hooks;
    const std::int64_t m_max, m_tolerance;
    const bool m_soft;
    std::int64_t m_running = 0, m_failed = 0;
    bool m_exceeded = false, m_stopped = false;
};

std::vector<Target> in_region(const std::vector<Target>& targets, const std::string& region) {
    std::vector<Target> out;
    for (const Target& t : targets)
        if (t.region == region) out.push_back(t);
    return out;
}

void cancel_all(const std::vector<Target>& targets, EngineHooks& hooks, const char* reason) {
    for (const Target& t : targets) hooks.finished(t, Outcome{TargetStatus::cancelled, reason, {}});
}

}  // namespace

std::vector<std::string> region_sequence(const std::vector<Target>& targets, const Preferences& prefs) {
    std::vector<std::string> regions;
    auto has_targets = [&](const std::string& r) {
        return std::any_of(targets.begin(), targets.end(), [&](const Target& t) { return t.region == r; });
    };
    for (const auto& r : prefs.region_order)
        if (has_targets(r) && std::find(regions.begin(), regions.end(), r) == regions.end()) regions.push_back(r);
    for (const Target& t : targets)
        if (std::find(regions.begin(), regions.end(), t.region) == regions.end()) regions.push_back(t.region);
    return regions;
}

EngineReport run_targets(const std::vector<Target>& targets, const Preferences& prefs, EngineHooks& hooks) {
    EngineReport report;
    std::vector<std::string> regions = region_sequence(targets, prefs);
    bool exceeded = false, stopped = false;

    if (prefs.parallel_regions()) {
        // Every region at once, each with its own limits.
        std::vector<std::unique_ptr<RegionRun>> runs;
        for (const auto& r : regions) runs.push_back(std::make_unique<RegionRun>(in_region(targets, r), prefs, hooks));
        std::vector<std::thread> threads;
        for (auto& run : runs) threads.emplace_back([&run] { run->run(); });
        for (auto& t : threads) t.join();
        for (auto& run : runs) {
            report.failed += run->failed();
            exceeded = exceeded || run->exceeded();
            stopped = stopped || run->stopped();
        }
    } else {
        // One region after the other; a region over its tolerance (or a stop) cancels the rest.
        for (const auto& r : regions) {
            std::vector<Target> here = in_region(targets, r);
            if (exceeded || stopped) {
                cancel_all(here, hooks, exceeded ? k_cancelled_reason.data() : k_stopped_reason);
                continue;
            }
            RegionRun run(std::move(here), prefs, hooks);
            run.run();
            report.failed += run.failed();
            exceeded = run.exceeded();
            stopped = run.stopped();
        }
    }
    report.end = exceeded ? EngineEnd::failed : stopped ? EngineEnd::stopped : EngineEnd::succeeded;
    return report;
}

}  // namespace jg::cloud::stacksets
