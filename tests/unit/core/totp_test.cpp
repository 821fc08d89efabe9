#include "core/totp.hpp"

#include <array>
#include <cstdio>
#include <memory>

#include <gtest/gtest.h>

#include "core/encoding.hpp"

namespace jg {
namespace {

const std::string k_rfc_key = "12345678901234567890";

TEST(Totp, HotpRfc4226Vectors) {
    const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                              "254676", "287922", "162583", "399871", "520489"};
    for (std::uint64_t i = 0; i < 10; ++i) EXPECT_EQ(hotp(k_rfc_key, i), expected[i]) << i;
}

TEST(Totp, Rfc6238Sha1Vectors) {
    // RFC 6238 Appendix B (SHA-1 rows), 8 digits.
    const std::pair<std::int64_t, const char*> cases[] = {
        {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
        {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
    TotpParams eight;
    eight.digits = 8;
    for (const auto& [t, code] : cases) {
        EXPECT_EQ(totp_code(k_rfc_key, from_epoch_seconds(t), eight), code) << t;
        // AWS's 6 digits are the low 6 digits of the same value.
        EXPECT_EQ(totp_code(k_rfc_key, from_epoch_seconds(t)), std::string(code).substr(2)) << t;
    }
}

TEST(Totp, VerifyReturnsTheMatchedStepWithinOneStep) {
    const Time t = from_epoch_seconds(1795811139);
    const std::int64_t now = totp_step(t);
    const Time step_ago = t - std::chrono::seconds(30);
    const Time step_ahead = t + std::chrono::seconds(30);
    EXPECT_EQ(totp_verify(k_rfc_key, totp_code(k_rfc_key, t), t), now);
    EXPECT_EQ(totp_verify(k_rfc_key, totp_code(k_rfc_key, step_ago), t), now - 1);
    EXPECT_EQ(totp_verify(k_rfc_key, totp_code(k_rfc_key, step_ahead), t), now + 1);
    EXPECT_FALSE(totp_verify(k_rfc_key, totp_code(k_rfc_key, t - std::chrono::seconds(60)), t));
    EXPECT_FALSE(totp_verify(k_rfc_key, totp_code(k_rfc_key, t + std::chrono::seconds(60)), t));
    EXPECT_FALSE(totp_verify(k_rfc_key, "12345", t));
    EXPECT_FALSE(totp_verify(k_rfc_key, "12a456", t));
    EXPECT_FALSE(totp_verify(k_rfc_key, "", t));
}

TEST(Totp, NewSecretIsAwsSized) {
    SeededRandom random(3);
    const std::string secret = new_totp_secret(random);
    EXPECT_EQ(secret.size(), 40u);
    EXPECT_EQ(base32_encode(secret).size(), 64u);  // no padding for 40 bytes
}

// Runs a command and returns its standard output without the trailing newline.
std::string run(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return "<popen failed>";
    std::string out;
    std::array<char, 256> buf{};
    while (fgets(buf.data(), buf.size(), pipe.get()) != nullptr) out += buf.data();
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

// Differential test against Debian's oathtool, run as a separate process.
TEST(Totp, AgreesWithOathtool) {
    ASSERT_EQ(run("command -v oathtool >/dev/null && echo yes"), "yes")
        << "oathtool is missing: run scripts/setup.sh";
    SeededRandom random(2026);
    for (int i = 0; i < 8; ++i) {
        const std::string secret = new_totp_secret(random);
        const std::string seed = base32_encode(secret);
        const std::int64_t t = 1795811139 + static_cast<std::int64_t>(random.uniform(400'000'000));
        const std::string theirs =
            run("oathtool --totp -b " + seed + " --now @" + std::to_string(t) + " 2>&1");
        EXPECT_EQ(totp_code(secret, from_epoch_seconds(t)), theirs) << seed << " @" << t;
        EXPECT_EQ(totp_verify(secret, theirs, from_epoch_seconds(t)),
                  totp_step(from_epoch_seconds(t)));
    }
}

}  // namespace
}  // namespace jg
