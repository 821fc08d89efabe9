// ListObjectsV2's paging over a bucket's keys, independent of where the keys live: the
// caller supplies a function that fetches the next keys in byte order, and this file
// applies Prefix, Delimiter (CommonPrefixes), StartAfter, ContinuationToken and MaxKeys the
// way S3 does.
//
// - Keys are returned in UTF-8 binary order. With a Delimiter, every key whose rest after
//   the Prefix contains it is rolled up into one CommonPrefix (Prefix + rest up to and
//   including the delimiter); each CommonPrefix counts once against MaxKeys and in KeyCount.
// - IsTruncated is true only when another key or prefix actually follows the page.
// - A ContinuationToken wins over StartAfter (which is then not echoed). The token is
//   opaque to clients: Base64 of a version tag and the position after which the next page
//   starts. An empty or undecodable token: InvalidArgument "The continuation token
//   provided is incorrect".
// - MaxKeys defaults to 1000; larger values are echoed but a page never holds more than
//   1000 entries; 0 returns an empty page that is not truncated.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace jg::cloud::s3 {

inline constexpr std::int64_t k_max_list_keys = 1000;

// What a listing shows of one object.
struct ListedObject {
    std::string key;
    std::int64_t size = 0;
    std::string etag;           // quoted, as S3 shows it
    std::string last_modified;  // ISO 8601 with milliseconds
};

// Up to `limit` objects whose keys start with `prefix` and sort strictly after `after`
// (byte order), in that order.
using KeyFetcher = std::function<Result<std::vector<ListedObject>>(
    std::string_view prefix, std::string_view after, std::size_t limit)>;

struct ListRequest {
    std::string prefix{};
    std::string delimiter{};
    std::string start_after{};
    std::optional<std::string> continuation_token{};
    std::optional<std::int64_t> max_keys{};
};

struct ListPage {
    std::vector<ListedObject> contents;
    std::vector<std::string> common_prefixes;
    std::int64_t key_count = 0;  // contents + common prefixes
    std::int64_t max_keys = k_max_list_keys;
    bool is_truncated = false;
    std::string next_continuation_token;  // set when truncated
    std::string prefix, delimiter;
    std::optional<std::string> continuation_token;  // echoed
    std::optional<std::string> start_after;         // echoed when given without a token
};

[[nodiscard]] Result<ListPage> list_page(const ListRequest& request, const KeyFetcher& fetch);

// The opaque token for "continue after this position", and its inverse (errors as above).
std::string encode_continuation_token(std::string_view after);
[[nodiscard]] Result<std::string> decode_continuation_token(std::string_view token);

}  // namespace jg::cloud::s3
