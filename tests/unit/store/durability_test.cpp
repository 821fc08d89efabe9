// The SIGKILL durability test: a child process writes a stream of transactions and
// acknowledges each committed one on a pipe; the parent kills it with SIGKILL mid-
// stream, reopens the store, and checks that every acknowledged write is there and that
// no transaction is half-applied.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <set>

#include <gtest/gtest.h>

#include "cloud/store/store.hpp"
#include "core/random.hpp"
#include "temp_home.hpp"

namespace jg::store {
namespace {

using testing::TempHome;

std::string key(std::int64_t n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%012" PRId64, n);
    return buf;
}

// A body of a few KB so that one transaction spans several database pages.
std::string body(std::int64_t n) { return "{\"n\":" + std::to_string(n) + ",\"pad\":\"" + std::string(3000, 'x') + "\"}"; }

// The child: transaction n adds item n and mirror n and bumps the sequence to n; only
// after commit returns does it write n to the pipe. Never returns.
[[noreturn]] void writer(const std::string& home, Options options, int ack_fd) {
    auto store = Store::open(home, options);
    if (!store) _exit(2);
    for (;;) {
        auto n = (*store)->write([](Tx& tx) -> Result<std::int64_t> {
            auto seq = tx.increment("seq");
            if (!seq) return seq;
            if (auto r = tx.put("acct", "item", key(*seq), body(*seq)); !r) return Unexpected(r.error());
            if (auto r = tx.put("acct", "mirror", key(*seq), std::to_string(*seq)); !r)
                return Unexpected(r.error());
            return seq;
        });
        if (!n) _exit(3);
        const std::int64_t acked = *n;
        if (write(ack_fd, &acked, sizeof acked) != sizeof acked) _exit(4);
    }
}

// Both durability modes: a process crash must lose nothing either way (they differ only
// on power loss, which a test cannot stage).
class StoreDurability : public ::testing::TestWithParam<Durability> {};

TEST_P(StoreDurability, SigkillLosesNothingAcknowledgedAndHalfAppliesNothing) {
    TempHome home;
    Options options;
    options.durability = GetParam();
    SeededRandom random(20261127);
    std::set<std::int64_t> acknowledged;
    // Three rounds on one home, so later rounds also recover from a killed writer's WAL.
    for (int round = 0; round < 3; ++round) {
        int fds[2];
        ASSERT_EQ(pipe(fds), 0);
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            close(fds[0]);
            writer(home.path(), options, fds[1]);
        }
        close(fds[1]);
        const std::size_t target = 20 + random.uniform(200);
        std::size_t got = 0;
        std::int64_t n = 0;
        while (got < target && read(fds[0], &n, sizeof n) == sizeof n) {
            acknowledged.insert(n);
            ++got;
        }
        ASSERT_EQ(got, target) << "writer stopped early";
        usleep(static_cast<useconds_t>(random.uniform(3000)));  // land anywhere in a transaction
        ASSERT_EQ(kill(child, SIGKILL), 0);
        // Acknowledgements already in the pipe were sent after a commit: they count too.
        while (read(fds[0], &n, sizeof n) == sizeof n) acknowledged.insert(n);
        close(fds[0]);
        int status = 0;
        ASSERT_EQ(waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            << "writer exited by itself with status " << status;

        auto store = Store::open(home.path(), options);
        ASSERT_TRUE(store.has_value()) << store.error().message;
        auto state = (*store)->read([](Reader& r) -> Result<std::tuple<std::int64_t, Page, Page>> {
            auto seq = r.counter("seq");
            auto items = r.list("acct", "item", {});
            auto mirrors = r.list("acct", "mirror", {});
            if (!seq || !items || !mirrors) return fail("Test", "read failed");
            return std::tuple{*seq, *items, *mirrors};
        });
        ASSERT_TRUE(state.has_value());
        const auto& [seq, items, mirrors] = *state;
        // Whole transactions only: items 1..seq, each with its mirror, nothing else.
        ASSERT_EQ(items.entries.size(), static_cast<std::size_t>(seq));
        ASSERT_EQ(mirrors.entries.size(), static_cast<std::size_t>(seq));
        for (std::int64_t i = 1; i <= seq; ++i) {
            const auto& item = items.entries[static_cast<std::size_t>(i - 1)];
            const auto& mirror = mirrors.entries[static_cast<std::size_t>(i - 1)];
            ASSERT_EQ(item.name, key(i));
            ASSERT_EQ(item.body, body(i));
            ASSERT_EQ(mirror.name, key(i));
            ASSERT_EQ(mirror.body, std::to_string(i));
        }
        // Every acknowledged transaction survived.
        ASSERT_FALSE(acknowledged.empty());
        EXPECT_LE(*acknowledged.rbegin(), seq);
        EXPECT_GE(seq, static_cast<std::int64_t>(acknowledged.size()));
        std::printf("round %d: %zu acknowledged in total, %" PRId64 " committed\n", round,
                    acknowledged.size(), seq);
    }
}

INSTANTIATE_TEST_SUITE_P(Modes, StoreDurability,
                         ::testing::Values(Durability::full, Durability::process_crash),
                         [](const auto& info) {
                             return info.param == Durability::full ? "Full" : "ProcessCrash";
                         });

}  // namespace
}  // namespace jg::store
