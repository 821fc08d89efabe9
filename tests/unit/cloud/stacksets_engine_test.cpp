// The StackSet operation engine with a fake "deploy one instance": concurrency limits,
// failure tolerance with CANCELLED targets, region order and concurrency, stop.
#include "cloud/cloudformation/stacksets/engine.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace jg::cloud::stacksets {
namespace {

class FakeHooks final : public EngineHooks {
public:
    std::function<bool(const Target&)> fails = [](const Target&) { return false; };
    std::function<bool()> stop = [] { return false; };
    std::chrono::milliseconds work{3};

    Outcome deploy(const Target& t) override {
        std::this_thread::sleep_for(work);
        if (fails(t)) return Outcome{TargetStatus::failed, "boom in " + t.account, {}};
        return Outcome{TargetStatus::succeeded, {}, "stack-" + t.account};
    }
    void started(const Target& t) override {
        std::lock_guard lock(m_mutex);
        int now = ++m_in_flight[t.region];
        m_max_in_flight[t.region] = std::max(m_max_in_flight[t.region], now);
        ++m_total_in_flight;
        m_max_total = std::max(m_max_total, m_total_in_flight);
        starts.push_back(t);
    }
    void finished(const Target& t, const Outcome& o) override {
        std::lock_guard lock(m_mutex);
        if (o.status != TargetStatus::cancelled) {
            --m_in_flight[t.region];
            --m_total_in_flight;
        }
        outcomes[t.account + "/" + t.region] = o;
        finish_order.push_back(t);
    }
    bool stop_requested() override { return stop(); }

    int max_in_flight(const std::string& region) { return m_max_in_flight[region]; }
    int max_total() const { return m_max_total; }

    std::vector<Target> starts, finish_order;
    std::map<std::string, Outcome> outcomes;

private:
    std::mutex m_mutex;
    std::map<std::string, int> m_in_flight, m_max_in_flight;
    int m_total_in_flight = 0, m_max_total = 0;
};

std::vector<Target> targets(int accounts, std::vector<std::string> regions = {"us-east-1"}) {
    std::vector<Target> out;
    for (const auto& r : regions)
        for (int i = 1; i <= accounts; ++i) out.push_back({std::to_string(100000000000 + i), r});
    return out;
}

std::string acct(int i) { return std::to_string(100000000000 + i); }

TEST(StackSetEngineTest, LimitsFromCountsAndPercentages) {
    Preferences p;
    EXPECT_EQ(p.max_concurrent(10), 1);  // defaults: one account at a time, no failure
    EXPECT_EQ(p.failure_tolerance(10), 0);
    p.max_concurrent_percentage = 50;
    p.failure_tolerance_percentage = 10;
    EXPECT_EQ(p.max_concurrent(5), 2);  // rounds down
    EXPECT_EQ(p.failure_tolerance(5), 0);
    EXPECT_EQ(p.failure_tolerance(25), 2);
    p.max_concurrent_percentage = 10;
    EXPECT_EQ(p.max_concurrent(5), 1);  // at least one
    p.max_concurrent_percentage = 100;
    EXPECT_EQ(p.max_concurrent(1000), 1000);
}

TEST(StackSetEngineTest, SoftModeRunsAtMaxConcurrency) {
    FakeHooks hooks;
    Preferences p;
    p.max_concurrent_count = 3;
    p.concurrency_mode = "SOFT_FAILURE_TOLERANCE";
    EngineReport r = run_targets(targets(10), p, hooks);
    EXPECT_EQ(r.end, EngineEnd::succeeded);
    EXPECT_EQ(r.failed, 0);
    EXPECT_EQ(hooks.max_in_flight("us-east-1"), 3);
    EXPECT_EQ(hooks.outcomes.size(), 10u);
    for (const auto& [k, o] : hooks.outcomes) EXPECT_EQ(o.status, TargetStatus::succeeded) << k;
}

TEST(StackSetEngineTest, StrictModeCapsConcurrencyAtToleranceplusOne) {
    Preferences p;
    p.max_concurrent_count = 10;
    {
        FakeHooks hooks;  // tolerance 0: one at a time
        run_targets(targets(6), p, hooks);
        EXPECT_EQ(hooks.max_in_flight("us-east-1"), 1);
    }
    {
        FakeHooks hooks;
        p.failure_tolerance_count = 2;
        run_targets(targets(12), p, hooks);
        EXPECT_EQ(hooks.max_in_flight("us-east-1"), 3);
    }
}

TEST(StackSetEngineTest, PastTheToleranceTheRestIsCancelled) {
    FakeHooks hooks;
    hooks.fails = [](const Target& t) { return t.account == acct(2) || t.account == acct(3); };
    Preferences p;
    p.failure_tolerance_count = 1;
    p.max_concurrent_count = 1;
    EngineReport r = run_targets(targets(6), p, hooks);
    EXPECT_EQ(r.end, EngineEnd::failed);
    EXPECT_EQ(r.failed, 2);
    auto at = [&](int i) { return hooks.outcomes.at(acct(i) + "/us-east-1"); };
    EXPECT_EQ(at(1).status, TargetStatus::succeeded);
    EXPECT_EQ(at(1).stack_id, "stack-" + acct(1));
    EXPECT_EQ(at(2).status, TargetStatus::failed);
    EXPECT_EQ(at(2).reason, "boom in " + acct(2));
    EXPECT_EQ(at(3).status, TargetStatus::failed);
    for (int i = 4; i <= 6; ++i) {
        EXPECT_EQ(at(i).status, TargetStatus::cancelled);
        EXPECT_EQ(at(i).reason, "Cancelled since failure tolerance has exceeded");
    }
    EXPECT_EQ(hooks.starts.size(), 3u);  // nothing started after the tolerance was exceeded
}

TEST(StackSetEngineTest, FailuresWithinTheToleranceSucceed) {
    FakeHooks hooks;
    hooks.fails = [](const Target& t) { return t.account == acct(3); };
    Preferences p;
    p.failure_tolerance_percentage = 20;  // 1 of 5
    p.max_concurrent_percentage = 100;
    EngineReport r = run_targets(targets(5), p, hooks);
    EXPECT_EQ(r.end, EngineEnd::succeeded);
    EXPECT_EQ(r.failed, 1);
    EXPECT_EQ(hooks.outcomes.at(acct(3) + "/us-east-1").status, TargetStatus::failed);
    EXPECT_EQ(hooks.outcomes.at(acct(5) + "/us-east-1").status, TargetStatus::succeeded);
    EXPECT_LE(hooks.max_in_flight("us-east-1"), 2);  // strict: tolerance 1 + 1
}

TEST(StackSetEngineTest, SequentialRegionsFollowRegionOrderAndStopAtAFailedRegion) {
    Preferences p;
    p.region_order = {"eu-west-1", "us-east-1"};
    p.max_concurrent_count = 2;
    p.concurrency_mode = "SOFT_FAILURE_TOLERANCE";
    auto all = targets(3, {"us-east-1", "ap-northeast-1", "eu-west-1"});
    EXPECT_EQ(region_sequence(all, p), (std::vector<std::string>{"eu-west-1", "us-east-1", "ap-northeast-1"}));
    {
        FakeHooks hooks;
        EngineReport r = run_targets(all, p, hooks);
        EXPECT_EQ(r.end, EngineEnd::succeeded);
        ASSERT_EQ(hooks.starts.size(), 9u);
        // One region after the other: starts grouped by region, in order.
        std::vector<std::string> seen;
        for (const Target& t : hooks.starts)
            if (seen.empty() || seen.back() != t.region) seen.push_back(t.region);
        EXPECT_EQ(seen, (std::vector<std::string>{"eu-west-1", "us-east-1", "ap-northeast-1"}));
        EXPECT_EQ(hooks.max_total(), 2);
    }
    {
        FakeHooks hooks;
        hooks.fails = [](const Target& t) { return t.region == "us-east-1" && t.account == acct(1); };
        EngineReport r = run_targets(all, p, hooks);
        EXPECT_EQ(r.end, EngineEnd::failed);
        for (int i = 1; i <= 3; ++i) {
            EXPECT_EQ(hooks.outcomes.at(acct(i) + "/eu-west-1").status, TargetStatus::succeeded);
            EXPECT_EQ(hooks.outcomes.at(acct(i) + "/ap-northeast-1").status, TargetStatus::cancelled);
        }
    }
}

TEST(StackSetEngineTest, ParallelRegionsOverlap) {
    FakeHooks hooks;
    hooks.work = std::chrono::milliseconds(20);
    Preferences p;
    p.region_concurrency_type = "PARALLEL";
    EngineReport r = run_targets(targets(2, {"us-east-1", "eu-west-1", "ap-northeast-1"}), p, hooks);
    EXPECT_EQ(r.end, EngineEnd::succeeded);
    EXPECT_EQ(hooks.max_in_flight("us-east-1"), 1);
    EXPECT_EQ(hooks.max_total(), 3);  // one per region at once
}

TEST(StackSetEngineTest, StopCancelsWhatHasNotStarted) {
    FakeHooks hooks;
    std::atomic<int> asked{0};
    hooks.stop = [&] { return ++asked > 2; };
    Preferences p;
    EngineReport r = run_targets(targets(5), p, hooks);
    EXPECT_EQ(r.end, EngineEnd::stopped);
    EXPECT_EQ(hooks.starts.size(), 2u);
    EXPECT_EQ(hooks.outcomes.at(acct(3) + "/us-east-1").status, TargetStatus::cancelled);
    EXPECT_EQ(hooks.outcomes.at(acct(5) + "/us-east-1").status, TargetStatus::cancelled);
}

}  // namespace
}  // namespace jg::cloud::stacksets
