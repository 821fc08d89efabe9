// The ends of stack operations are held only while someone waits for them: a long-lived
// `serve` process keeps no entry per stack operation it ran (issue 15/16: g_ends grew by
// one entry per operation for the life of the process).
#include <thread>

#include "cfn_fixture.hpp"
#include "cloud/cloudformation/engine.hpp"

namespace jg::cloud::testing {
namespace {

using cloudformation::OperationEnds;

class OperationEndsTest : public StackTest {};

TEST(OperationEnds, AWatchSeesEndsAndItsEntryGoesWithIt) {
    OperationEnds ends;
    ends.ended("stack-a");  // nobody watches: nothing is kept
    EXPECT_EQ(ends.size(), 0u);
    {
        auto watch = ends.watch("stack-a");
        auto again = ends.watch("stack-a");
        EXPECT_EQ(ends.size(), 1u);
        std::uint64_t seen = watch.ends();
        EXPECT_EQ(seen, 0u);
        ends.ended("stack-b");
        ends.ended("stack-a");
        EXPECT_EQ(watch.ends(), 1u);
        EXPECT_EQ(again.ends(), 1u);
        auto before = std::chrono::steady_clock::now();
        watch.wait(seen, std::chrono::seconds(30));  // already changed: returns at once
        EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(5));
        EXPECT_EQ(ends.size(), 1u);
    }
    EXPECT_EQ(ends.size(), 0u);
}

TEST(OperationEnds, AWaiterIsWokenByTheEnd) {
    OperationEnds ends;
    auto watch = ends.watch("s");
    std::thread worker([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        ends.ended("s");
    });
    auto before = std::chrono::steady_clock::now();
    watch.wait(0, std::chrono::seconds(30));
    EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(10));
    EXPECT_EQ(watch.ends(), 1u);
    worker.join();
}

TEST_F(OperationEndsTest, ManyStackOperationsLeaveNothingBehind) {
    Credentials root = account("111111111111");
    const std::string body = R"({"Resources":{"H":{"Type":"AWS::IAM::Group"}}})";
    const std::size_t before = cloudformation::watched_stacks();
    for (int i = 0; i < 40; ++i) {
        std::string name = "s" + std::to_string(i);
        ASSERT_EQ(create(root, stack_input(name, body)), "CREATE_COMPLETE");
        cfn_ok(root, "DeleteStack", in(R"({"StackName":")" + name + R"("})"));
    }
    cloud().settle();
    // A waiter holds an entry only while it waits.
    {
        auto watch = cloudformation::watch_operation_ends(cloud(), "some-stack");
        EXPECT_EQ(cloudformation::watched_stacks(), before + 1);
    }
    EXPECT_EQ(cloudformation::watched_stacks(), before);
}

}  // namespace
}  // namespace jg::cloud::testing
