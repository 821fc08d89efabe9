// The local apply lock: a second apply of the same home fails at once naming the holder,
// or waits (--lock-timeout) until the first releases it; the lock goes with its holder.
// The remote one (object_lock.hpp), through the same calls it makes on any target: the
// lock object written with If-None-Match: * in the template bucket.
#include "jump/apply/apply_lock.hpp"
#include "jump/apply/object_lock.hpp"

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
    auto first = ApplyLock::acquire(*connection, "111111111111", std::chrono::seconds(0), progress);
    ASSERT_TRUE(first) << first.error().str();
    const LockHolder holder = (*first)->holder();
    EXPECT_EQ(holder.id.size(), 16u);
    EXPECT_NE(holder.who.find("pid " + std::to_string(::getpid())), std::string::npos) << holder.who;

    auto second = ApplyLock::acquire(*connection, "111111111111", std::chrono::seconds(0), progress);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, "Locked");
    EXPECT_NE(second.error().message.find("lock " + holder.id + " held by " + holder.who + " since " + holder.since),
              std::string::npos)
        << second.error().message;
    EXPECT_NE(second.error().message.find("--lock-timeout"), std::string::npos);
    EXPECT_NE(second.error().message.find("jumpgate force-unlock " + holder.id), std::string::npos);

    auto held = current_lock(*connection, "111111111111");
    ASSERT_TRUE(held && *held);
    EXPECT_EQ((*held)->id, holder.id);
    // A live local holder cannot be unlocked by force; another id is named as not the lock's.
    auto forced = force_unlock(*connection, "111111111111", holder.id);
    ASSERT_FALSE(forced);
    EXPECT_EQ(forced.error().code, "Locked");
    auto other = force_unlock(*connection, "111111111111", "0000000000000000");
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, "LockIdMismatch");

    first->reset();  // released with its holder
    auto now_free = current_lock(*connection, "111111111111");
    ASSERT_TRUE(now_free);
    EXPECT_FALSE(*now_free);
    auto third = ApplyLock::acquire(*connection, "111111111111", std::chrono::seconds(0), progress);
    ASSERT_TRUE(third) << third.error().str();
    EXPECT_NE((*third)->holder().id, holder.id);
}

TEST_F(ApplyLockTest, ASecondApplyWaitsForTheFirstWithinTheTimeout) {
    auto first = ApplyLock::acquire(*connection, "111111111111", std::chrono::seconds(0), progress);
    ASSERT_TRUE(first) << first.error().str();
    const std::string first_id = (*first)->holder().id;
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        first->reset();
    });
    auto second = ApplyLock::acquire(*connection, "111111111111", std::chrono::seconds(10), progress);
    release.join();
    ASSERT_TRUE(second) << second.error().str();
    EXPECT_NE(progress.str().find("waiting for the apply lock (lock " + first_id), std::string::npos) << progress.str();
}

TEST_F(ApplyLockTest, NoLockToForceWhenNobodyHoldsIt) {
    auto forced = force_unlock(*connection, "111111111111", "abc");
    ASSERT_FALSE(forced);
    EXPECT_EQ(forced.error().code, "NoLock");
}

// The lock object of a remote target, driven through Connection::call (here on the local
// cloud, whose S3 honours If-None-Match: * as AWS does).
TEST_F(ApplyLockTest, TheLockObjectKeepsASecondHolderOutUntilDeleted) {
    account("111111111111");
    const LockHolder a{"aaaaaaaaaaaaaaaa", "ops@host-a pid 1", "2026-12-08T01:00:00Z"};
    const LockHolder b{"bbbbbbbbbbbbbbbb", "ci@host-b pid 2", "2026-12-08T01:00:05Z"};
    // No bucket yet (a first apply): the lock creates it.
    ASSERT_TRUE(take_object_lock(*connection, "111111111111", a, std::chrono::seconds(0), progress));
    auto second = take_object_lock(*connection, "111111111111", b, std::chrono::seconds(0), progress);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, "Locked");
    EXPECT_NE(second.error().message.find("lock aaaaaaaaaaaaaaaa held by ops@host-a pid 1 since 2026-12-08T01:00:00Z"),
              std::string::npos)
        << second.error().message;
    EXPECT_NE(second.error().message.find("jumpgate force-unlock aaaaaaaaaaaaaaaa"), std::string::npos);
    auto held = read_object_lock(*connection, "111111111111");
    ASSERT_TRUE(held && *held);
    EXPECT_EQ((*held)->who, a.who);
    // Only its own id deletes it.
    auto wrong = delete_object_lock(*connection, "111111111111", b.id);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, "LockIdMismatch");
    // A waiting holder gets it once the first lets go.
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        EXPECT_TRUE(delete_object_lock(*connection, "111111111111", a.id));
    });
    auto waited = take_object_lock(*connection, "111111111111", b, std::chrono::seconds(10), progress);
    release.join();
    ASSERT_TRUE(waited) << waited.error().str();
    EXPECT_NE(progress.str().find("waiting for the apply lock (lock aaaaaaaaaaaaaaaa"), std::string::npos);
    ASSERT_TRUE(delete_object_lock(*connection, "111111111111", b.id));
    auto none = delete_object_lock(*connection, "111111111111", b.id);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, "NoLock");
}

}  // namespace
}  // namespace jg::jump
