#include "wire/query_values.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace jg::wire {
namespace {

std::string normalised(std::string_view text) {
    auto t = parse_timestamp(text);
    return t ? format_timestamp(*t) : "invalid";
}

TEST(QueryValues, TimestampsReadEveryIsoFormAndWriteAwsForm) {
    EXPECT_EQ(normalised("2026-11-27T20:43:35Z"), "2026-11-27T20:43:35Z");
    EXPECT_EQ(normalised("2026-11-27T20:43:35.123456Z"), "2026-11-27T20:43:35.123Z");
    EXPECT_EQ(normalised("2026-11-27T22:43:35+02:00"), "2026-11-27T20:43:35Z");
    EXPECT_EQ(normalised("2026-11-27T20:43:35-0130"), "2026-11-27T22:13:35Z");
    EXPECT_EQ(normalised("2026-11-27T20:43"), "2026-11-27T20:43:00Z");
    EXPECT_EQ(normalised("2026-11-27"), "2026-11-27T00:00:00Z");
    EXPECT_EQ(normalised("2024-02-29T23:59:59Z"), "2024-02-29T23:59:59Z");
    EXPECT_EQ(normalised("1970-01-01T00:00:00Z"), "1970-01-01T00:00:00Z");
    EXPECT_EQ(normalised("1969-12-31T23:59:59Z"), "1969-12-31T23:59:59Z");
    EXPECT_EQ(normalised("0"), "1970-01-01T00:00:00Z");
    EXPECT_EQ(normalised("1764276215"), "2025-11-27T20:43:35Z");
    EXPECT_EQ(normalised("1764276215.25"), "2025-11-27T20:43:35.250Z");
    EXPECT_EQ(normalised("1764276215.9996"), "2025-11-27T20:43:36Z");
    EXPECT_EQ(normalised("-1.5"), "1969-12-31T23:59:58.500Z");
    for (const char* bad : {"", "yesterday", "2026-13-01", "2026-02-30", "2023-02-29", "2026-11-27T24:00:00Z",
                            "2026-11-27 20:43:35", "2026-11-27T20:43:35Zjunk", "2026-11-27T20:43:35+2", "1e400",
                            "2026-11-27T20:43:35.Z", "99999999999999999999"})
        EXPECT_EQ(normalised(bad), "invalid") << bad;
}

TEST(QueryValues, Base64RoundTripsAndRejectsGarbage) {
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
    EXPECT_EQ(base64_decode("Zm9vYg"), "foob");  // padding optional
    EXPECT_FALSE(base64_decode("Zm9v!"));
    EXPECT_FALSE(base64_decode("Z"));
}

TEST(QueryValues, IntegersDecimalsAndBooleans) {
    constexpr int64_t lo = std::numeric_limits<int32_t>::min();
    constexpr int64_t hi = std::numeric_limits<int32_t>::max();
    EXPECT_EQ(parse_integer("42", lo, hi), 42);
    EXPECT_EQ(parse_integer("-2147483648", lo, hi), lo);
    EXPECT_EQ(parse_integer("+7", lo, hi), 7);
    EXPECT_FALSE(parse_integer("2147483648", lo, hi));
    EXPECT_FALSE(parse_integer("1.5", lo, hi));
    EXPECT_FALSE(parse_integer(" 1", lo, hi));
    EXPECT_FALSE(parse_integer("-", lo, hi));
    EXPECT_FALSE(parse_integer("", lo, hi));
    EXPECT_FALSE(parse_integer("99999999999999999999999", std::numeric_limits<int64_t>::min(),
                               std::numeric_limits<int64_t>::max()));
    EXPECT_EQ(parse_decimal("0.25"), 0.25);
    EXPECT_EQ(parse_decimal("-1e3"), -1000.0);
    EXPECT_FALSE(parse_decimal("nan"));
    EXPECT_FALSE(parse_decimal("inf"));
    EXPECT_FALSE(parse_decimal("1e999"));
    EXPECT_FALSE(parse_decimal("0x10"));
    EXPECT_EQ(parse_boolean("true"), true);
    EXPECT_EQ(parse_boolean("FALSE"), false);
    EXPECT_FALSE(parse_boolean("1"));
    EXPECT_FALSE(parse_boolean("yes"));
}

}  // namespace
}  // namespace jg::wire
