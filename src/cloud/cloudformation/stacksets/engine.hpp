// The operation engine: runs one action on many targets the way StackSets schedules it,
// independent of what acting on a target means (the runner plugs in the real stacks;
// tests plug in a fake).
//
// Regions: those named in RegionOrder first, in that order, then the others in the order
// the targets gave them; SEQUENTIAL runs one region after the other, PARALLEL all at
// once. Within a region, at most max_concurrent(n) targets run at a time; the failure
// tolerance counts per region. With STRICT_FAILURE_TOLERANCE (the default) the
// concurrency is further capped at tolerance + 1 − failures so far, so failures can never
// exceed tolerance + 1; SOFT_FAILURE_TOLERANCE keeps the full concurrency. Once a region
// exceeds its tolerance, nothing new starts there or in later regions: the targets not
// started are CANCELLED ("Cancelled since failure tolerance has exceeded") and the
// operation FAILED. A stop request cancels the targets not started and the operation
// ends STOPPED.
#pragma once

#include <string>
#include <vector>

#include "cloud/cloudformation/stacksets/model.hpp"

namespace jg::cloud::stacksets {

enum class TargetStatus { succeeded, failed, cancelled };

struct Outcome {
    TargetStatus status = TargetStatus::succeeded;
    std::string reason;    // StatusReason (failures and cancellations)
    std::string stack_id;  // the instance's stack, when one exists
};

// What the engine calls. deploy() runs on worker threads, concurrently for different
// targets; started() and finished() are called from those threads too (implementations
// synchronise themselves). stop_requested() is polled before each start.
class EngineHooks {
public:
    virtual ~EngineHooks() = default;
    virtual Outcome deploy(const Target& target) = 0;
    virtual void started(const Target& target) = 0;
    virtual void finished(const Target& target, const Outcome& outcome) = 0;
    virtual bool stop_requested() = 0;
};

enum class EngineEnd { succeeded, failed, stopped };

struct EngineReport {
    EngineEnd end = EngineEnd::succeeded;
    std::int64_t failed = 0;  // FailedStackInstancesCount
};

// The regions of `targets` in the order they run.
std::vector<std::string> region_sequence(const std::vector<Target>& targets, const Preferences& prefs);

// At most this many worker threads per region, whatever the concurrency asked for: the
// local cloud's work is CPU and store bound, so more threads only add contention.
inline constexpr std::int64_t k_max_workers = 16;

EngineReport run_targets(const std::vector<Target>& targets, const Preferences& prefs, EngineHooks& hooks);

}  // namespace jg::cloud::stacksets
