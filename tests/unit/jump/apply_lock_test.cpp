// The local apply lock: a second apply of the same home fails at once naming the holder,
// or waits (--lock-timeout) until the first releases it; the lock goes with its holder.
#include "jump/apply/apply_lock.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

#include "../cloud/fixture.hpp"

namespace jg::jump {
namespace {

class ApplyLockTest : public cloud::testing::CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        connection = Connection::over(cloud(), home(), "us-east-1");
    }
    std::unique_ptr<Connection> connection;
    std::ostringstream progress;
};

TEST_F(ApplyLockTest, ASecondApplyFailsAtOnceNamingTheHolder) {
    auto first = ApplyLock::acquire(*connection, std::chrono::seconds(0), progress);
    ASSERT_TRUE(first) << first.error().str();
    const LockHolder holder = (*first)->holder();
    EXPECT_EQ(holder.id.size(), 16u);
    EXPECT_NE(holder.who.find("pid " + std::to_string(::getpid())), std::string::npos) << holder.who;

    auto second = ApplyLock::acquire(*connection, std::chrono::seconds(0), progress);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, "Locked");
    EXPECT_NE(second.error().message.find("lock " + holder.id + " held by " + holder.who + " since " + holder.since),
              std::string::npos)
        << second.error().message;
    EXPECT_NE(second.error().message.find("--lock-timeout"), std::string::npos);
    EXPECT_NE(second.error().message.find("jumpgate force-unlock " + holder.id), std::string::npos);

    auto held = current_lock(*connection);
    ASSERT_TRUE(held && *held);
    EXPECT_EQ((*held)->id, holder.id);
    // A live local holder cannot be unlocked by force; another id is named as not the lock's.
    auto forced = force_unlock(*connection, holder.id);
    ASSERT_FALSE(forced);
    EXPECT_EQ(forced.error().code, "Locked");
    auto other = force_unlock(*connection, "0000000000000000");
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, "LockIdMismatch");

    first->reset();  // released with its holder
    auto now_free = current_lock(*connection);
    ASSERT_TRUE(now_free);
    EXPECT_FALSE(*now_free);
    auto third = ApplyLock::acquire(*connection, std::chrono::seconds(0), progress);
    ASSERT_TRUE(third) << third.error().str();
    EXPECT_NE((*third)->holder().id, holder.id);
}

TEST_F(ApplyLockTest, ASecondApplyWaitsForTheFirstWithinTheTimeout) {
    auto first = ApplyLock::acquire(*connection, std::chrono::seconds(0), progress);
    ASSERT_TRUE(first) << first.error().str();
    const std::string first_id = (*first)->holder().id;
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        first->reset();
    });
    auto second = ApplyLock::acquire(*connection, std::chrono::seconds(10), progress);
    release.join();
    ASSERT_TRUE(second) << second.error().str();
    EXPECT_NE(progress.str().find("waiting for the apply lock (lock " + first_id), std::string::npos) << progress.str();
}

TEST_F(ApplyLockTest, NoLockToForceWhenNobodyHoldsIt) {
    auto forced = force_unlock(*connection, "abc");
    ASSERT_FALSE(forced);
    EXPECT_EQ(forced.error().code, "NoLock");
}

}  // namespace
}  // namespace jg::jump
