// Amazon Resource Names: "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE".
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace jg {

struct Arn {
    std::string partition;
    std::string service;
    std::string region;
    std::string account;
    std::string resource;  // everything after the fifth colon, colons included

    std::string str() const;
};

// Parses an ARN; nullopt when `text` does not start with "arn:" or has fewer than six
// colon-separated parts. Empty parts (region, account) are allowed, as AWS writes them.
std::optional<Arn> parse_arn(std::string_view text);

// The six parts of an ARN-shaped string as views into `text` ("arn", partition, service,
// region, account, resource); nullopt when there are fewer than six parts.
std::optional<std::array<std::string_view, 6>> split_arn(std::string_view text);

// ArnLike/ArnEquals and Resource matching: each of the six parts is matched separately
// with '*' and '?' wildcards (case-sensitive), so a '*' never spans a colon except in
// the resource part. A pattern that is not ARN-shaped is matched as a whole string.
bool arn_like(std::string_view pattern, std::string_view value);

}  // namespace jg
