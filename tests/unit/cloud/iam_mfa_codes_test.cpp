#include "cloud/iam/mfa_codes.hpp"

#include <gtest/gtest.h>

#include "core/encoding.hpp"
#include "core/totp.hpp"

namespace jg::cloud::iam {
namespace {

using std::chrono::seconds;

class IamMfaCodes : public ::testing::Test {
protected:
    void SetUp() override {
        SeededRandom random(42);
        m_key = new_totp_secret(random);
        m_seed = base32_encode(m_key);
    }
    // The code an authenticator shows `offset` steps from the fake clock's time.
    std::string code_at(std::int64_t step) const { return hotp(m_key, static_cast<std::uint64_t>(step)); }

    std::string m_key;
    std::string m_seed;
    FakeClock m_clock{from_epoch_seconds(1'800'000'015)};
};

TEST_F(IamMfaCodes, EnableAcceptsTheCurrentAndPreviousCode) {
    const std::int64_t now = totp_step(m_clock.now());
    auto step = verify_enable_codes(m_seed, -1, code_at(now - 1), code_at(now), m_clock.now());
    ASSERT_TRUE(step) << step.error().message;
    EXPECT_EQ(*step, now);
}

TEST_F(IamMfaCodes, EnableAcceptsCodesTypedAMinuteAgo) {
    const std::int64_t then = totp_step(m_clock.now());
    const std::string c1 = code_at(then - 1), c2 = code_at(then);
    m_clock.advance(seconds(60));
    auto step = verify_enable_codes(m_seed, -1, c1, c2, m_clock.now());
    ASSERT_TRUE(step);
    EXPECT_EQ(*step, then);
}

TEST_F(IamMfaCodes, CodesMustBeConsecutiveAndInOrder) {
    const std::int64_t now = totp_step(m_clock.now());
    for (auto [a, b] : {std::pair{now, now - 1}, {now - 2, now}, {now, now}}) {
        auto r = verify_enable_codes(m_seed, -1, code_at(a), code_at(b), m_clock.now());
        ASSERT_FALSE(r) << a << " " << b;
        EXPECT_EQ(r.error().code, "InvalidAuthenticationCode");
        EXPECT_EQ(r.error().message, "Authentication code for device is not valid.");
    }
}

TEST_F(IamMfaCodes, WrongOrMalformedCodesAreRefused) {
    const std::int64_t now = totp_step(m_clock.now());
    const std::string good1 = code_at(now - 1), good2 = code_at(now);
    std::string wrong = good2;
    wrong[5] = wrong[5] == '9' ? '0' : static_cast<char>(wrong[5] + 1);
    EXPECT_FALSE(verify_enable_codes(m_seed, -1, good1, wrong, m_clock.now()));
    EXPECT_FALSE(verify_enable_codes(m_seed, -1, "12345", good2, m_clock.now()));
    EXPECT_FALSE(verify_enable_codes(m_seed, -1, good1, "12a456", m_clock.now()));
    EXPECT_FALSE(verify_enable_codes(m_seed, -1, "", "", m_clock.now()));
    // Another device's codes do not fit this one.
    SeededRandom other(7);
    const std::string other_key = new_totp_secret(other);
    EXPECT_FALSE(verify_enable_codes(m_seed, -1, hotp(other_key, static_cast<std::uint64_t>(now - 1)),
                                     hotp(other_key, static_cast<std::uint64_t>(now)), m_clock.now()));
}

TEST_F(IamMfaCodes, EnableWindowEndsAfterFiveMinutes) {
    const std::int64_t then = totp_step(m_clock.now());
    const std::string c1 = code_at(then - 1), c2 = code_at(then);
    m_clock.advance(seconds(30 * (k_enable_window_steps + 1)));
    EXPECT_FALSE(verify_enable_codes(m_seed, -1, c1, c2, m_clock.now()));
    // Resync looks further: a device whose clock is 7 minutes behind can be resynced.
    auto step = verify_resync_codes(m_seed, -1, c1, c2, m_clock.now());
    ASSERT_TRUE(step);
    EXPECT_EQ(*step, then);
    m_clock.advance(seconds(30 * (k_resync_window_steps - k_enable_window_steps)));
    EXPECT_FALSE(verify_resync_codes(m_seed, -1, c1, c2, m_clock.now()));
}

TEST_F(IamMfaCodes, DeviceClockAheadIsAccepted) {
    const std::int64_t now = totp_step(m_clock.now());
    EXPECT_EQ(verify_enable_codes(m_seed, -1, code_at(now), code_at(now + 1), m_clock.now()), now + 1);
    EXPECT_EQ(verify_resync_codes(m_seed, -1, code_at(now + 14), code_at(now + 15), m_clock.now()), now + 15);
}

TEST_F(IamMfaCodes, AcceptedCodesAreNeverAcceptedAgain) {
    const std::int64_t now = totp_step(m_clock.now());
    auto first = verify_enable_codes(m_seed, -1, code_at(now - 1), code_at(now), m_clock.now());
    ASSERT_TRUE(first);
    // The same pair once more (e.g. resync replaying the enable codes): refused.
    EXPECT_FALSE(verify_resync_codes(m_seed, *first, code_at(now - 1), code_at(now), m_clock.now()));
    // A pair that reuses the last accepted step as its first code: refused too.
    m_clock.advance(seconds(30));
    EXPECT_FALSE(verify_resync_codes(m_seed, *first, code_at(now), code_at(now + 1), m_clock.now()));
    // The next fresh pair is fine.
    m_clock.advance(seconds(30));
    EXPECT_EQ(verify_resync_codes(m_seed, *first, code_at(now + 1), code_at(now + 2), m_clock.now()), now + 2);
}

TEST_F(IamMfaCodes, CorruptSeedIsAnInternalFailure) {
    auto r = verify_enable_codes("not base32 !", -1, "123456", "654321", m_clock.now());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "InternalFailure");
}

}  // namespace
}  // namespace jg::cloud::iam
