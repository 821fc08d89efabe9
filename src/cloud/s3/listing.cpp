#include "cloud/s3/listing.hpp"

#include <algorithm>

#include "core/encoding.hpp"

namespace jg::cloud::s3 {
namespace {

// Tokens carry a version tag so that a later format can tell old tokens apart.
constexpr std::string_view k_token_tag = "jg1:";

// Keys are UTF-8, which never contains the byte 0xFF: P + "\xff" sorts after every key that
// starts with P, so continuing after it skips a whole CommonPrefix.
constexpr char k_past_prefix = '\xff';

// How many keys to fetch at a time: a page's worth plus one to learn whether it is truncated.
constexpr std::size_t k_batch = static_cast<std::size_t>(k_max_list_keys) + 1;

Unexpected bad_token() { return fail("InvalidArgument", "The continuation token provided is incorrect"); }

}  // namespace

std::string encode_continuation_token(std::string_view after) {
    std::string raw(k_token_tag);
    raw += after;
    return base64_encode(raw);
}

Result<std::string> decode_continuation_token(std::string_view token) {
    if (token.empty()) return bad_token();
    auto raw = base64_decode(token);
    if (!raw || !raw->starts_with(k_token_tag)) return bad_token();
    return raw->substr(k_token_tag.size());
}

Result<ListPage> list_page(const ListRequest& request, const KeyFetcher& fetch) {
    ListPage page;
    page.prefix = request.prefix;
    page.delimiter = request.delimiter;

    // Where the page starts: after the token's position, else after StartAfter.
    std::string after;
    if (request.continuation_token) {
        auto decoded = decode_continuation_token(*request.continuation_token);
        if (!decoded) return Unexpected(decoded.error());
        after = std::move(*decoded);
        page.continuation_token = request.continuation_token;
    } else if (!request.start_after.empty()) {
        after = request.start_after;
        page.start_after = request.start_after;
    }

    if (request.max_keys) {
        if (*request.max_keys < 0)
            return fail("InvalidArgument", "Argument maxKeys must be an integer between 0 and 2147483647");
        page.max_keys = *request.max_keys;
    }
    const std::int64_t limit = std::min(page.max_keys, k_max_list_keys);
    if (limit == 0) return page;

    // Walk the keys in order; each fetched batch is consumed until the page is full or a
    // CommonPrefix makes the walk jump past all keys it covers.
    for (;;) {
        auto batch = fetch(request.prefix, after, k_batch);
        if (!batch) return Unexpected(batch.error());
        if (batch->empty()) return page;
        bool jumped = false;
        for (auto& object : *batch) {
            if (page.key_count == limit) {
                page.is_truncated = true;
                page.next_continuation_token = encode_continuation_token(after);
                return page;
            }
            const std::string_view rest = std::string_view(object.key).substr(
                std::min(request.prefix.size(), object.key.size()));
            const auto cut = request.delimiter.empty() ? std::string_view::npos : rest.find(request.delimiter);
            ++page.key_count;
            if (cut == std::string_view::npos) {
                after = object.key;
                page.contents.push_back(std::move(object));
                continue;
            }
            std::string common = request.prefix;
            common += rest.substr(0, cut + request.delimiter.size());
            after = common + k_past_prefix;
            page.common_prefixes.push_back(std::move(common));
            jumped = true;
            break;
        }
        // A short batch without a jump was the end of the keys.
        if (!jumped && batch->size() < k_batch) return page;
    }
}

}  // namespace jg::cloud::s3
