#include "core/clock.hpp"

#include <gtest/gtest.h>

namespace jg {
namespace {

// 2026-11-27T20:25:39Z (checked with Python's datetime).
constexpr std::int64_t k_epoch = 1795811139;

TEST(Clock, FormatsAwsTimestamps) {
    const Time t = from_epoch_seconds(k_epoch);
    EXPECT_EQ(format_iso8601(t), "2026-11-27T20:25:39Z");
    EXPECT_EQ(format_iso8601(t + std::chrono::milliseconds(7), true), "2026-11-27T20:25:39.007Z");
    EXPECT_EQ(format_amz_date(t), "20261127T202539Z");
    EXPECT_EQ(format_date_stamp(t), "20261127");
    EXPECT_EQ(format_http_date(t), "Fri, 27 Nov 2026 20:25:39 GMT");
    EXPECT_EQ(format_iso8601(from_epoch_seconds(0)), "1970-01-01T00:00:00Z");
    EXPECT_EQ(format_iso8601(from_epoch_seconds(951782400)), "2000-02-29T00:00:00Z");
}

TEST(Clock, ParsesIso8601) {
    EXPECT_EQ(epoch_seconds(*parse_iso8601("2026-11-27T20:25:39Z")), k_epoch);
    const Time frac = *parse_iso8601("2026-11-27T20:25:39.123456Z");
    EXPECT_EQ(frac, from_epoch_seconds(k_epoch) + std::chrono::milliseconds(123));
    EXPECT_EQ(epoch_seconds(*parse_iso8601("2026-11-27T22:25:39+02:00")), k_epoch);
    EXPECT_EQ(epoch_seconds(*parse_iso8601("2026-11-27T15:55:39-04:30")), k_epoch);
    EXPECT_EQ(epoch_seconds(*parse_amz_date("20261127T202539Z")), k_epoch);
    EXPECT_EQ(epoch_seconds(*parse_http_date("Fri, 27 Nov 2026 20:25:39 GMT")), k_epoch);
    EXPECT_FALSE(parse_http_date("Thu, 27 Nov 2026 20:25:39 GMT").has_value());  // wrong day
    EXPECT_FALSE(parse_http_date("Fri, 27 Nox 2026 20:25:39 GMT").has_value());
    EXPECT_EQ(epoch_seconds(*parse_http_date("Fri, 27 Nov 2026 20:25:39 -0000")), k_epoch);
    EXPECT_FALSE(parse_http_date("Fri, 27 Nov 2026 20:25:39 CET").has_value());
    EXPECT_FALSE(parse_http_date("Fri, 27 Nov 2026 20:25:39 +0100").has_value());
    EXPECT_FALSE(parse_http_date("").has_value());
}

TEST(Clock, RoundTripsThroughFormats) {
    for (std::int64_t s : {std::int64_t{0}, k_epoch, std::int64_t{4102444799}, std::int64_t{-86401}}) {
        const Time t = from_epoch_seconds(s);
        EXPECT_EQ(*parse_iso8601(format_iso8601(t)), t);
        EXPECT_EQ(*parse_amz_date(format_amz_date(t)), t);
        EXPECT_EQ(epoch_seconds(t), s);
    }
}

TEST(Clock, RejectsMalformedTimestamps) {
    for (const char* bad :
         {"", "2026-11-27", "2026-11-27T20:25:39", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
          "2026-11-27T24:00:00Z", "2026-11-27T20:25:39.Z", "2026-11-27T20:25:39+2:00",
          "2026-11-27T20:25:39Zjunk", "2026/11/27T20:25:39Z", "20261127T202539", "2026-11-27T20:25:3xZ"}) {
        auto r = parse_iso8601(bad);
        ASSERT_FALSE(r.has_value()) << bad;
        EXPECT_EQ(r.error().code, "InvalidTimestamp");
    }
    EXPECT_FALSE(parse_amz_date("2026-11-27T20:25:39Z").has_value());
    EXPECT_FALSE(parse_amz_date("20261127T202539z").has_value());
    EXPECT_FALSE(parse_amz_date("20261327T202539Z").has_value());
}

TEST(Clock, FakeClockMovesOnlyWhenTold) {
    FakeClock clock(from_epoch_seconds(k_epoch));
    EXPECT_EQ(epoch_seconds(clock.now()), k_epoch);
    clock.advance(std::chrono::seconds(90));
    EXPECT_EQ(epoch_seconds(clock.now()), k_epoch + 90);
    clock.set(from_epoch_seconds(5));
    EXPECT_EQ(epoch_seconds(clock.now()), 5);
    SystemClock system;
    EXPECT_GT(epoch_seconds(system.now()), 1700000000);
}

}  // namespace
}  // namespace jg
