// What ListObjects (version 1) and ListObjectsV2 share: reading Prefix, Delimiter,
// MaxKeys and EncodingType, authorising s3:ListBucket with the condition keys S3 sets for
// it, walking the bucket's objects in one store snapshot (listing.hpp), and writing the
// members both answers carry. Each version adds its own paging (Marker or
// ContinuationToken/StartAfter).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "cloud/call_context.hpp"
#include "cloud/s3/listing.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::s3 {

struct BucketListing {
    std::string bucket;
    std::string owner;                    // the bucket owner's account
    std::optional<std::string> encoding;  // "url" when EncodingType=url
    ListPage page;

    // A name as the answer shows it: URL-encoded (the slash kept) with EncodingType=url.
    std::string shown(const std::string& s) const;
};

// `paging` fills the version's paging fields of the request from the input.
[[nodiscard]] Result<BucketListing> list_bucket(CallContext& ctx,
                                                const std::function<void(const Node&, ListRequest&)>& paging);

// Adds Contents (each with its Owner when `with_owner`), Name, Prefix, Delimiter, MaxKeys,
// CommonPrefixes and EncodingType, in S3's order.
void add_listing(Node& out, const BucketListing& listing, bool with_owner);

}  // namespace jg::cloud::s3
