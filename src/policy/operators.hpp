// Condition operators: their names, how an operator string is read, and the typed value
// comparisons each family needs (numbers, dates, IP ranges, base64, ARNs).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "policy/model.hpp"

namespace jg::policy {

struct ParsedOperator {
    ConditionOp op;
    SetQualifier qualifier;
    bool if_exists;
};

// "ForAnyValue:StringLikeIfExists" -> {string_like, for_any_value, true}. Operator names
// are matched case-insensitively; "NullIfExists" is not an operator.
std::optional<ParsedOperator> parse_operator(std::string_view text);

// The operator a negated one negates (StringNotLike -> StringLike); identity otherwise.
ConditionOp positive_of(ConditionOp op);

enum class ValueType { string, numeric, date, boolean, binary, ip, arn, null };
ValueType value_type(ConditionOp op);

// Numbers as IAM reads them: optional sign, digits, optional fraction.
std::optional<double> parse_number(std::string_view s);

// ISO 8601 ("2024-01-31", "2024-01-31T12:00:00Z", fractions, "+hh:mm" offsets) or epoch
// seconds, as milliseconds since the epoch.
std::optional<int64_t> parse_date(std::string_view s);

// An IPv4 or IPv6 address with an optional "/prefix" (a bare address is a /32 or /128).
struct IpNet {
    bool v6 = false;
    std::array<uint8_t, 16> bytes{};
    int prefix = 0;
};
std::optional<IpNet> parse_ip(std::string_view s);
bool ip_in(const IpNet& address, const IpNet& network);

std::optional<std::string> base64_decode(std::string_view s);

}  // namespace jg::policy
