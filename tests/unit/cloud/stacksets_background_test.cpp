// Background::spawn (added for StackSet operations): a spawned job may wait for pool
// tasks it posts without starving the pool, and drain/destruction wait for it.
#include "cloud/background.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace jg::cloud {
namespace {

TEST(BackgroundSpawnTest, SpawnedJobsWaitingForPoolTasksDoNotStarveThePool) {
    std::atomic<int> done{0};
    {
        Background bg(1);  // one pool thread
        for (int i = 0; i < 3; ++i)
            bg.spawn([&] {
                std::atomic<bool> inner{false};
                bg.post([&] { inner = true; });
                while (!inner) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                ++done;
            });
        bg.drain();
        EXPECT_EQ(done.load(), 3);
        bg.spawn([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            ++done;
        });
    }  // destruction waits for the last one
    EXPECT_EQ(done.load(), 4);
}

}  // namespace
}  // namespace jg::cloud
