#include "policy/operators.hpp"

#include <cstdlib>
#include <cstring>

#include "core/strings.hpp"

namespace jg::policy {
namespace {

struct OpInfo {
    ConditionOp op;
    const char* name;
    bool negated;
    ConditionOp positive;
    ValueType type;
};

using O = ConditionOp;
using T = ValueType;
// One table for every operator AWS documents (reference_policies_elements_condition_operators).
constexpr OpInfo k_ops[] = {
    {O::string_equals, "StringEquals", false, O::string_equals, T::string},
    {O::string_not_equals, "StringNotEquals", true, O::string_equals, T::string},
    {O::string_equals_ignore_case, "StringEqualsIgnoreCase", false, O::string_equals_ignore_case, T::string},
    {O::string_not_equals_ignore_case, "StringNotEqualsIgnoreCase", true, O::string_equals_ignore_case, T::string},
    {O::string_like, "StringLike", false, O::string_like, T::string},
    {O::string_not_like, "StringNotLike", true, O::string_like, T::string},
    {O::numeric_equals, "NumericEquals", false, O::numeric_equals, T::numeric},
    {O::numeric_not_equals, "NumericNotEquals", true, O::numeric_equals, T::numeric},
    {O::numeric_less_than, "NumericLessThan", false, O::numeric_less_than, T::numeric},
    {O::numeric_less_than_equals, "NumericLessThanEquals", false, O::numeric_less_than_equals, T::numeric},
    {O::numeric_greater_than, "NumericGreaterThan", false, O::numeric_greater_than, T::numeric},
    {O::numeric_greater_than_equals, "NumericGreaterThanEquals", false, O::numeric_greater_than_equals, T::numeric},
    {O::date_equals, "DateEquals", false, O::date_equals, T::date},
    {O::date_not_equals, "DateNotEquals", true, O::date_equals, T::date},
    {O::date_less_than, "DateLessThan", false, O::date_less_than, T::date},
    {O::date_less_than_equals, "DateLessThanEquals", false, O::date_less_than_equals, T::date},
    {O::date_greater_than, "DateGreaterThan", false, O::date_greater_than, T::date},
    {O::date_greater_than_equals, "DateGreaterThanEquals", false, O::date_greater_than_equals, T::date},
    {O::bool_, "Bool", false, O::bool_, T::boolean},
    {O::binary_equals, "BinaryEquals", false, O::binary_equals, T::binary},
    {O::ip_address, "IpAddress", false, O::ip_address, T::ip},
    {O::not_ip_address, "NotIpAddress", true, O::ip_address, T::ip},
    {O::arn_equals, "ArnEquals", false, O::arn_equals, T::arn},
    {O::arn_like, "ArnLike", false, O::arn_like, T::arn},
    {O::arn_not_equals, "ArnNotEquals", true, O::arn_equals, T::arn},
    {O::arn_not_like, "ArnNotLike", true, O::arn_like, T::arn},
    {O::null, "Null", false, O::null, T::null},
};

const OpInfo& info(ConditionOp op) {
    for (const auto& i : k_ops)
        if (i.op == op) return i;
    return k_ops[0];
}

bool digits(std::string_view s, size_t from, size_t n) {
    if (from + n > s.size()) return false;
    for (size_t i = from; i < from + n; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

int num(std::string_view s, size_t from, size_t n) {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

const char* op_name(ConditionOp op) { return info(op).name; }
bool op_is_negated(ConditionOp op) { return info(op).negated; }
ConditionOp positive_of(ConditionOp op) { return info(op).positive; }
ValueType value_type(ConditionOp op) { return info(op).type; }

std::optional<ParsedOperator> parse_operator(std::string_view text) {
    ParsedOperator out{ConditionOp::string_equals, SetQualifier::none, false};
    if (starts_with_icase(text, "ForAllValues:")) {
        out.qualifier = SetQualifier::for_all_values;
        text.remove_prefix(13);
    } else if (starts_with_icase(text, "ForAnyValue:")) {
        out.qualifier = SetQualifier::for_any_value;
        text.remove_prefix(12);
    }
    constexpr std::string_view suffix = "IfExists";
    if (text.size() > suffix.size() && iequals(text.substr(text.size() - suffix.size()), suffix)) {
        out.if_exists = true;
        text.remove_suffix(suffix.size());
    }
    for (const auto& i : k_ops) {
        if (iequals(text, i.name)) {
            if (i.op == ConditionOp::null && out.if_exists) return std::nullopt;
            out.op = i.op;
            return out;
        }
    }
    return std::nullopt;
}

std::optional<double> parse_number(std::string_view s) {
    if (s.empty() || s.size() > 64) return std::nullopt;
    size_t i = 0;
    if (s[i] == '+' || s[i] == '-') ++i;
    size_t int_digits = 0, frac_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++int_digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++frac_digits;
    }
    if (i != s.size() || int_digits + frac_digits == 0) return std::nullopt;
    char buf[80];
    std::memcpy(buf, s.data(), s.size());
    buf[s.size()] = '\0';
    return std::strtod(buf, nullptr);
}

std::optional<int64_t> parse_date(std::string_view s) {
    if (s.empty()) return std::nullopt;
    // Epoch seconds: all digits (AWS accepts UNIX epoch time for Date operators).
    if (s.find('-') == std::string_view::npos || (s[0] == '-' && s.find('-', 1) == std::string_view::npos)) {
        auto n = parse_number(s);
        if (!n) return std::nullopt;
        return static_cast<int64_t>(*n * 1000.0);
    }
    if (!digits(s, 0, 4) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' || !digits(s, 8, 2))
        return std::nullopt;
    int y = num(s, 0, 4), mo = num(s, 5, 2), d = num(s, 8, 2);
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
    int64_t ms = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400000;
    size_t i = 10;
    if (i == s.size()) return ms;
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
    ++i;
    if (!digits(s, i, 2) || i + 2 >= s.size() || s[i + 2] != ':' || !digits(s, i + 3, 2)) return std::nullopt;
    int h = num(s, i, 2), mi = num(s, i + 3, 2), sec = 0;
    i += 5;
    if (i < s.size() && s[i] == ':') {
        if (!digits(s, i + 1, 2)) return std::nullopt;
        sec = num(s, i + 1, 2);
        i += 3;
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    ms += (h * 3600 + mi * 60 + sec) * 1000LL;
    if (i < s.size() && s[i] == '.') {
        ++i;
        int64_t frac = 0, scale = 1000;
        size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            if (scale > 1) {
                scale /= 10;
                frac += (s[i] - '0') * scale;
            }
            ++i;
        }
        if (i == start) return std::nullopt;
        ms += frac;
    }
    if (i == s.size()) return ms;  // no zone: UTC
    if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) return ms;
    if (s[i] == '+' || s[i] == '-') {
        int sign = s[i] == '+' ? 1 : -1;
        ++i;
        if (!digits(s, i, 2)) return std::nullopt;
        int oh = num(s, i, 2), om = 0;
        i += 2;
        if (i < s.size() && s[i] == ':') ++i;
        if (i < s.size()) {
            if (!digits(s, i, 2)) return std::nullopt;
            om = num(s, i, 2);
            i += 2;
        }
        if (i != s.size()) return std::nullopt;
        return ms - sign * (oh * 3600 + om * 60) * 1000LL;
    }
    return std::nullopt;
}

namespace {

std::optional<IpNet> parse_v4(std::string_view s) {
    IpNet n;
    size_t i = 0;
    for (int part = 0; part < 4; ++part) {
        if (part) {
            if (i >= s.size() || s[i] != '.') return std::nullopt;
            ++i;
        }
        size_t start = i;
        int v = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) v = v * 10 + (s[i++] - '0');
        if (i == start || v > 255) return std::nullopt;
        n.bytes[static_cast<size_t>(part)] = static_cast<uint8_t>(v);
    }
    if (i != s.size()) return std::nullopt;
    n.prefix = 32;
    return n;
}

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<IpNet> parse_v6(std::string_view s) {
    IpNet n;
    n.v6 = true;
    n.prefix = 128;
    std::array<uint16_t, 8> head{}, tail{};
    size_t nh = 0, nt = 0;
    bool gap = false;
    size_t i = 0;
    if (s.substr(0, 2) == "::") {
        gap = true;
        i = 2;
    }
    while (i < s.size()) {
        size_t start = i;
        int v = 0;
        while (i < s.size() && hex(s[i]) >= 0 && i - start < 4) v = v * 16 + hex(s[i++]);
        if (i == start) return std::nullopt;
        auto& list = gap ? tail : head;
        auto& count = gap ? nt : nh;
        if (nh + nt >= 8) return std::nullopt;
        list[count++] = static_cast<uint16_t>(v);
        if (i == s.size()) break;
        if (s[i] != ':') return std::nullopt;
        ++i;
        if (i < s.size() && s[i] == ':') {
            if (gap) return std::nullopt;
            gap = true;
            ++i;
        } else if (i == s.size()) {
            return std::nullopt;
        }
    }
    if (!gap && nh != 8) return std::nullopt;
    if (gap && nh + nt > 7) return std::nullopt;
    std::array<uint16_t, 8> words{};
    for (size_t k = 0; k < nh; ++k) words[k] = head[k];
    for (size_t k = 0; k < nt; ++k) words[8 - nt + k] = tail[k];
    for (size_t k = 0; k < 8; ++k) {
        n.bytes[2 * k] = static_cast<uint8_t>(words[k] >> 8);
        n.bytes[2 * k + 1] = static_cast<uint8_t>(words[k] & 0xff);
    }
    return n;
}

}  // namespace

std::optional<IpNet> parse_ip(std::string_view s) {
    std::string_view addr = s;
    int prefix = -1;
    if (auto slash = s.find('/'); slash != std::string_view::npos) {
        addr = s.substr(0, slash);
        std::string_view p = s.substr(slash + 1);
        if (p.empty() || p.size() > 3 || !digits(p, 0, p.size())) return std::nullopt;
        prefix = num(p, 0, p.size());
    }
    auto n = addr.find(':') != std::string_view::npos ? parse_v6(addr) : parse_v4(addr);
    if (!n) return std::nullopt;
    if (prefix >= 0) {
        if (prefix > (n->v6 ? 128 : 32)) return std::nullopt;
        n->prefix = prefix;
    }
    return n;
}

bool ip_in(const IpNet& a, const IpNet& net) {
    if (a.v6 != net.v6) return false;
    int bits = net.prefix;
    for (size_t i = 0; bits > 0; ++i, bits -= 8) {
        uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
        if ((a.bytes[i] & mask) != (net.bytes[i] & mask)) return false;
    }
    return true;
}

std::optional<std::string> base64_decode(std::string_view s) {
    auto val = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    while (!s.empty() && s.back() == '=') s.remove_suffix(1);
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : s) {
        int v = val(c);
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    return out;
}

}  // namespace jg::policy
