// Scalar values as the Query protocol writes them: ISO 8601 timestamps, base64 blobs,
// integers and booleans, each read strictly (for request validation) and written the way
// AWS writes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jg::wire {

struct Timestamp {
    int64_t seconds = 0;  // since the Unix epoch, UTC
    int32_t millis = 0;   // 0..999
};

// ISO 8601 date-time ("2026-11-27T20:43:35Z", fractions, "+02:00"/"+0200" offsets, no zone
// means UTC) or a plain date; also epoch seconds ("1764276215" or with a fraction).
std::optional<Timestamp> parse_timestamp(std::string_view text);
// "2026-11-27T20:43:35Z", with ".123" before the Z when there are milliseconds.
std::string format_timestamp(const Timestamp& t);

std::string base64_encode(std::string_view bytes);
// Standard alphabet, padding optional; nullopt on any other character.
std::optional<std::string> base64_decode(std::string_view text);

// A decimal integer in [lo, hi], optionally signed; nullopt otherwise.
std::optional<int64_t> parse_integer(std::string_view text, int64_t lo, int64_t hi);
// A finite decimal or exponent number.
std::optional<double> parse_decimal(std::string_view text);
// "true"/"false" in any case, as Java's Boolean reads them.
std::optional<bool> parse_boolean(std::string_view text);

}  // namespace jg::wire
