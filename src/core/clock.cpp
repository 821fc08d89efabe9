#include "core/clock.hpp"

#include <array>
#include <cstdio>

namespace jg {

namespace {

using std::chrono::days;
using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

struct Civil {
    int year, month, day, hour, minute, second, millis;
    unsigned weekday;  // 0 = Sunday
};

Civil to_civil(Time t) {
    const auto day_point = std::chrono::floor<days>(t);
    const std::chrono::year_month_day ymd{std::chrono::sys_days{day_point}};
    const std::chrono::weekday wd{std::chrono::sys_days{day_point}};
    const auto in_day = duration_cast<milliseconds>(t - day_point).count();
    return Civil{static_cast<int>(ymd.year()),
                 static_cast<int>(static_cast<unsigned>(ymd.month())),
                 static_cast<int>(static_cast<unsigned>(ymd.day())),
                 static_cast<int>(in_day / 3'600'000),
                 static_cast<int>(in_day / 60'000 % 60),
                 static_cast<int>(in_day / 1000 % 60),
                 static_cast<int>(in_day % 1000),
                 wd.c_encoding()};
}

constexpr const char* k_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

Unexpected bad(std::string_view text, std::string_view why) {
    return fail("InvalidTimestamp",
                "invalid timestamp '" + std::string(text) + "': " + std::string(why));
}

// Reads exactly `n` decimal digits at `pos`.
bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

Result<Time> make_time(std::string_view text, int y, int mo, int d, int h, int mi, int s,
                       int ms) {
    const std::chrono::year_month_day ymd{std::chrono::year{y},
                                          std::chrono::month{static_cast<unsigned>(mo)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return bad(text, "no such date");
    if (h > 23 || mi > 59 || s > 59) return bad(text, "time of day out of range");
    return Time{std::chrono::sys_days{ymd}.time_since_epoch()} + std::chrono::hours{h} +
           std::chrono::minutes{mi} + seconds{s} + milliseconds{ms};
}

}  // namespace

Time SystemClock::now() const {
    return std::chrono::floor<milliseconds>(std::chrono::system_clock::now());
}

std::int64_t epoch_seconds(Time t) {
    return std::chrono::floor<seconds>(t.time_since_epoch()).count();
}

Time from_epoch_seconds(std::int64_t s) { return Time{seconds{s}}; }

std::string format_iso8601(Time t, bool millis) {
    const Civil c = to_civil(t);
    std::array<char, 40> buf{};
    if (millis)
        std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year,
                      c.month, c.day, c.hour, c.minute, c.second, c.millis);
    else
        std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year,
                      c.month, c.day, c.hour, c.minute, c.second);
    return buf.data();
}

std::string format_amz_date(Time t) {
    const Civil c = to_civil(t);
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d%02d%02dT%02d%02d%02dZ", c.year, c.month, c.day,
                  c.hour, c.minute, c.second);
    return buf.data();
}

std::string format_date_stamp(Time t) {
    const Civil c = to_civil(t);
    std::array<char, 16> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d%02d%02d", c.year, c.month, c.day);
    return buf.data();
}

std::string format_http_date(Time t) {
    const Civil c = to_civil(t);
    std::array<char, 40> buf{};
    std::snprintf(buf.data(), buf.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                  k_days[c.weekday], c.day, k_months[c.month - 1], c.year, c.hour, c.minute,
                  c.second);
    return buf.data();
}

Result<Time> parse_iso8601(std::string_view text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!digits(text, 0, 4, y) || text.size() < 19 || text[4] != '-' || !digits(text, 5, 2, mo) ||
        text[7] != '-' || !digits(text, 8, 2, d) || (text[10] != 'T' && text[10] != 't') ||
        !digits(text, 11, 2, h) || text[13] != ':' || !digits(text, 14, 2, mi) ||
        text[16] != ':' || !digits(text, 17, 2, s))
        return bad(text, "expected YYYY-MM-DDThh:mm:ss");
    size_t pos = 19;
    int ms = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        const size_t start = pos;
        int scale = 100;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            ms += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start) return bad(text, "expected digits after '.'");
    }
    auto t = make_time(text, y, mo, d, h, mi, s, ms);
    if (!t) return t;
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size())
        return t;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        int oh = 0, om = 0;
        if (pos + 6 != text.size() || !digits(text, pos + 1, 2, oh) || text[pos + 3] != ':' ||
            !digits(text, pos + 4, 2, om) || oh > 23 || om > 59)
            return bad(text, "expected a zone offset of the form +hh:mm");
        const auto offset = std::chrono::hours{oh} + std::chrono::minutes{om};
        // Local time = UTC + offset, so UTC = local - offset.
        return text[pos] == '+' ? *t - offset : *t + offset;
    }
    return bad(text, "expected 'Z' or a zone offset after the time");
}

Result<Time> parse_amz_date(std::string_view text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (text.size() != 16 || !digits(text, 0, 4, y) || !digits(text, 4, 2, mo) ||
        !digits(text, 6, 2, d) || text[8] != 'T' || !digits(text, 9, 2, h) ||
        !digits(text, 11, 2, mi) || !digits(text, 13, 2, s) || text[15] != 'Z')
        return bad(text, "expected YYYYMMDDThhmmssZ");
    return make_time(text, y, mo, d, h, mi, s, 0);
}

Result<Time> parse_http_date(std::string_view text) {
    // "Fri, 27 Nov 2026 20:25:39 GMT": fixed width. Python's email.utils.formatdate (and
    // so botocore) writes the zone as "-0000", which RFC 2822 allows.
    int d = 0, y = 0, h = 0, mi = 0, s = 0;
    const std::string_view zone = text.size() >= 25 ? text.substr(25) : std::string_view();
    if ((zone != " GMT" && zone != " UTC" && zone != " +0000" && zone != " -0000") ||
        text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
        !digits(text, 5, 2, d) || !digits(text, 12, 4, y) || text[16] != ' ' ||
        !digits(text, 17, 2, h) || text[19] != ':' || !digits(text, 20, 2, mi) ||
        text[22] != ':' || !digits(text, 23, 2, s))
        return bad(text, "expected an HTTP date like 'Fri, 27 Nov 2026 20:25:39 GMT'");
    int mo = 0;
    for (int i = 0; i < 12; ++i)
        if (text.substr(8, 3) == k_months[i]) mo = i + 1;
    if (mo == 0) return bad(text, "unknown month name");
    auto t = make_time(text, y, mo, d, h, mi, s, 0);
    if (t && text.substr(0, 3) != k_days[to_civil(*t).weekday])
        return bad(text, "day name does not match the date");
    return t;
}

}  // namespace jg
