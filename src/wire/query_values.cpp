#include "wire/query_values.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/strings.hpp"

namespace jg::wire {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, size_t& pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (size_t i = 0; i < n; ++i) {
        char c = s[pos + i];
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    pos += n;
    return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
    if (pos >= s.size() || s[pos] != c) return false;
    ++pos;
    return true;
}

std::optional<Timestamp> parse_epoch(std::string_view text) {
    auto value = parse_decimal(text);
    if (!value || *value < -62135596800.0 || *value > 253402300799.0) return std::nullopt;
    auto total_millis = static_cast<int64_t>(std::llround(*value * 1000));
    int64_t seconds = total_millis >= 0 ? total_millis / 1000 : (total_millis - 999) / 1000;
    return Timestamp{seconds, static_cast<int32_t>(total_millis - seconds * 1000)};
}

constexpr std::string_view k_base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::optional<Timestamp> parse_timestamp(std::string_view s) {
    if (s.find('-', 1) == std::string_view::npos) return parse_epoch(s);
    size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(s, pos, 4, year) || !expect(s, pos, '-') || !digits(s, pos, 2, month) || !expect(s, pos, '-') ||
        !digits(s, pos, 2, day))
        return std::nullopt;
    int32_t millis = 0;
    int offset_minutes = 0;
    if (pos < s.size()) {
        if (s[pos] != 'T' && s[pos] != 't') return std::nullopt;
        ++pos;
        if (!digits(s, pos, 2, hour) || !expect(s, pos, ':') || !digits(s, pos, 2, minute)) return std::nullopt;
        if (pos < s.size() && s[pos] == ':' && (++pos, !digits(s, pos, 2, second))) return std::nullopt;
        if (pos < s.size() && s[pos] == '.') {
            ++pos;
            size_t start = pos;
            int scale = 100;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                millis += (s[pos] - '0') * scale;
                scale /= 10;
                ++pos;
            }
            if (pos == start) return std::nullopt;
        }
        if (pos < s.size()) {
            char zone = s[pos++];
            if (zone == 'Z' || zone == 'z') {
                if (pos != s.size()) return std::nullopt;
            } else if (zone == '+' || zone == '-') {
                int oh = 0, om = 0;
                if (!digits(s, pos, 2, oh)) return std::nullopt;
                expect(s, pos, ':');
                if (!digits(s, pos, 2, om) || pos != s.size() || oh > 23 || om > 59) return std::nullopt;
                offset_minutes = (oh * 60 + om) * (zone == '-' ? -1 : 1);
            } else {
                return std::nullopt;
            }
        }
    }
    static constexpr int k_days_in[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month < 1 || month > 12 || day < 1 || day > k_days_in[month - 1] || (month == 2 && day == 29 && !leap) ||
        hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    return Timestamp{seconds, millis};
}

std::string format_timestamp(const Timestamp& t) {
    int64_t days = t.seconds >= 0 ? t.seconds / 86400 : (t.seconds - 86399) / 86400;
    int64_t rest = t.seconds - days * 86400;
    int64_t y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(days, y, m, d);
    std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", y, m, d, rest / 3600, rest / 60 % 60, rest % 60);
    if (t.millis != 0) out += fmt::format(".{:03}", t.millis);
    out += 'Z';
    return out;
}

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint8_t(bytes[i + 2]);
        out += k_base64[n >> 18];
        out += k_base64[(n >> 12) & 63];
        out += k_base64[(n >> 6) & 63];
        out += k_base64[n & 63];
    }
    if (size_t left = bytes.size() - i; left > 0) {
        uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
        if (left == 2) n |= uint32_t(uint8_t(bytes[i + 1])) << 8;
        out += k_base64[n >> 18];
        out += k_base64[(n >> 12) & 63];
        out += left == 2 ? k_base64[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        size_t v = k_base64.find(c);
        if (v == std::string_view::npos) return std::nullopt;
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return out;
}

std::optional<int64_t> parse_integer(std::string_view text, int64_t lo, int64_t hi) {
    if (text.empty() || text.size() > 20) return std::nullopt;
    std::string s(text);
    if (!(s[0] == '-' || s[0] == '+' || (s[0] >= '0' && s[0] <= '9'))) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (errno != 0 || end != s.c_str() + s.size() || end == s.c_str())
        return std::nullopt;
    if (v < lo || v > hi) return std::nullopt;
    return static_cast<int64_t>(v);
}

std::optional<double> parse_decimal(std::string_view text) {
    if (text.empty() || text.size() > 64) return std::nullopt;
    // Decimal notation only: strtod alone would also take hex, "nan" and "inf".
    for (char c : text)
        if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) return std::nullopt;
    std::string s(text);
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<bool> parse_boolean(std::string_view text) {
    if (iequals(text, "true")) return true;
    if (iequals(text, "false")) return false;
    return std::nullopt;
}

}  // namespace jg::wire
