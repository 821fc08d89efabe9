// Reading AWS-shaped input (members named as botocore's input shapes) with AWS's
// validation errors, and IAM's Marker/MaxItems paging.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cloud/store/store.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud {

using Tags = std::vector<std::pair<std::string, std::string>>;

// "1 validation error detected: Value X at 'member' failed to satisfy constraint: WHAT".
Unexpected validation_error(std::string_view member, std::optional<std::string_view> value, std::string_view what);

// A required string member; ValidationError "... Value null at 'userName' ... Member must
// not be null" when absent.
Result<std::string> required_string(const Node& input, std::string_view member);
std::optional<std::string> optional_string(const Node& input, std::string_view member);
// An integer member (given as a number or a numeric string); ValidationError otherwise.
Result<std::optional<std::int64_t>> optional_int(const Node& input, std::string_view member);
Result<std::optional<bool>> optional_bool(const Node& input, std::string_view member);

// Length and character rules of botocore's shapes.
Result<void> check_length(std::string_view member, std::string_view value, std::size_t min, std::size_t max);
// IAM entity names: [\w+=,.@-]+ of min..max characters.
Result<void> check_name(std::string_view member, std::string_view value, std::size_t max);
// IAM paths: "/" or "/…/" of printable ASCII, at most 512 characters.
Result<void> check_path(std::string_view member, std::string_view value);

// Tags: [{Key, Value}], at most 50, keys 1–128 and values 0–256 characters, keys unique.
Result<Tags> read_tags(const Node& input, std::string_view member = "Tags");
Node tags_node(const Tags& tags);

// IAM paging: Marker (opaque: the store name of the last item returned) and MaxItems
// (1–1000, default 100).
struct Paging {
    std::string marker;
    std::size_t max_items = 100;
};
Result<Paging> read_paging(const Node& input);
// Adds IsTruncated and, when truncated, Marker to `output`.
void add_paging(Node& output, const store::Page& page);

// Shorthands for building output trees.
Node str(std::string_view s);
Node num(std::int64_t n);
Node boolean(bool b);

}  // namespace jg::cloud
