// Time behind an interface (the system clock, or a fake that tests move by hand), and
// the timestamp formats AWS speaks: ISO 8601 (`2026-11-27T20:25:39Z`, IAM and STS
// responses), SigV4's basic form (`20261127T202539Z`), and HTTP dates (S3 headers).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jg {

// Millisecond precision is what AWS timestamps carry.
using Time = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

class Clock {
public:
    virtual ~Clock() = default;
    virtual Time now() const = 0;
};

class SystemClock final : public Clock {
public:
    Time now() const override;
};

// A clock that stands still until told to move.
class FakeClock final : public Clock {
public:
    explicit FakeClock(Time start) : m_now(start) {}
    Time now() const override { return m_now; }
    void set(Time t) { m_now = t; }
    void advance(std::chrono::milliseconds d) { m_now += d; }

private:
    Time m_now;
};

std::int64_t epoch_seconds(Time t);  // floor, also before 1970
Time from_epoch_seconds(std::int64_t seconds);

// `2026-11-27T20:25:39Z`, or `2026-11-27T20:25:39.123Z` with `millis`.
std::string format_iso8601(Time t, bool millis = false);
// `20261127T202539Z` (SigV4's X-Amz-Date) and `20261127` (its credential scope date).
std::string format_amz_date(Time t);
std::string format_date_stamp(Time t);
// `Fri, 27 Nov 2026 20:25:39 GMT` (RFC 7231's IMF-fixdate: Last-Modified, Date).
std::string format_http_date(Time t);

// ISO 8601 date-time in extended form: `YYYY-MM-DDThh:mm:ss`, optional fraction
// (any digits, kept to milliseconds), then `Z` or `±hh:mm`. Error code "InvalidTimestamp".
Result<Time> parse_iso8601(std::string_view text);
// SigV4's basic form, exactly `YYYYMMDDThhmmssZ`.
Result<Time> parse_amz_date(std::string_view text);
// RFC 7231's IMF-fixdate as format_http_date writes it (the Date header); the zone may
// also be written UTC, +0000 or -0000.
Result<Time> parse_http_date(std::string_view text);

}  // namespace jg
