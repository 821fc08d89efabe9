// A cloud-level crash test: a child process makes IAM calls (CreateUser, then
// AddUserToGroup, which writes two documents) and acknowledges each on a pipe once the
// call returned; the parent kills it with SIGKILL mid-stream, reopens the home and checks
// that every acknowledged call is there and no call is half-applied.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "cloud/accounts.hpp"
#include "cloud/cloud.hpp"
#include "cloud/iam/keys.hpp"
#include "core/json.hpp"

namespace jg::cloud {
namespace {

Node input(const std::string& json) { return *parse_json(json); }

[[noreturn]] void writer(const std::string& home, int ack_fd) {
    auto store = store::Store::open(home);  // Durability::full, as the CLI and server use
    if (!store) _exit(2);
    SystemClock clock;
    SystemRandom random;
    auto cloud = Cloud::open(**store, clock, random);
    if (!cloud) _exit(3);
    auto account = add_account(**cloud, "111111111111");
    if (!account) _exit(4);
    Credentials root{account->root_access_key_id, {}};
    if (!(*cloud)->call(root, "iam", "CreateGroup", input(R"({"GroupName":"g"})"))) _exit(5);
    for (std::int64_t n = 0;; ++n) {
        std::string user = "u" + std::to_string(n);
        if (!(*cloud)->call(root, "iam", "CreateUser", input(R"({"UserName":")" + user + R"("})"))) _exit(6);
        if (!(*cloud)->call(root, "iam", "AddUserToGroup", input(R"({"GroupName":"g","UserName":")" + user + R"("})")))
            _exit(7);
        if (write(ack_fd, &n, sizeof n) != sizeof n) _exit(8);
    }
}

TEST(CloudCrash, SigkillLosesNothingAcknowledged) {
    std::string root = (std::filesystem::temp_directory_path() / "jg_cloud_crash_XXXXXX").string();
    ASSERT_NE(mkdtemp(root.data()), nullptr);
    std::string home = root + "/home";
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        close(fds[0]);
        writer(home, fds[1]);
    }
    close(fds[1]);
    // Let it acknowledge a few dozen calls, then kill it wherever it is.
    std::int64_t last = -1, n = 0;
    while (last < 40 && read(fds[0], &n, sizeof n) == sizeof n) last = n;
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    while (read(fds[0], &n, sizeof n) == sizeof n) last = n;  // acknowledged before the kill
    close(fds[0]);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped by itself: " << WEXITSTATUS(status);
    ASSERT_GE(last, 40);

    auto store = store::Store::open(home);
    ASSERT_TRUE(store) << store.error().str();
    SystemClock clock;
    SystemRandom random;
    auto cloud = Cloud::open(**store, clock, random);
    ASSERT_TRUE(cloud);
    auto account = find_account(**cloud, "111111111111");
    ASSERT_TRUE(account && *account);
    Credentials r{(*account)->root_access_key_id, {}};
    for (std::int64_t i = 0; i <= last; ++i) {
        std::string user = "u" + std::to_string(i);
        auto got = (*cloud)->call(r, "iam", "ListGroupsForUser", input(R"({"UserName":")" + user + R"("})"));
        ASSERT_TRUE(got) << user << ": " << got.error().message;
        ASSERT_EQ(got->find("Groups")->items.size(), 1u) << user;
    }
    // No membership is half-written: both directions hold the same pairs.
    auto counts = (*store)->read([&](store::Reader& rd) -> Result<std::pair<std::int64_t, std::int64_t>> {
        auto a = rd.count("111111111111", iam::k_user_group);
        auto b = rd.count("111111111111", iam::k_group_member);
        if (!a || !b) return fail("x", "count failed");
        return std::pair{*a, *b};
    });
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->first, counts->second);
    EXPECT_GE(counts->first, last + 1);
    cloud->reset();
    store->reset();
    std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace jg::cloud
