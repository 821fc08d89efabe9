// ListObjectsV2: the shared walk (list_bucket.hpp) paged by ContinuationToken or
// StartAfter, with KeyCount.
#include "cloud/input.hpp"
#include "cloud/s3/list_bucket.hpp"
#include "cloud/s3/s3.hpp"

namespace jg::cloud::s3 {

Result<Node> list_objects_v2(CallContext& ctx) {
    auto listing = list_bucket(ctx, [](const Node& in, ListRequest& request) {
        request.start_after = optional_string(in, "StartAfter").value_or("");
        request.continuation_token = optional_string(in, "ContinuationToken");
    });
    if (!listing) return Unexpected(listing.error());
    const ListPage& page = listing->page;
    Node out = Node::make_object();
    out.add("IsTruncated", boolean(page.is_truncated));
    add_listing(out, *listing, false);
    out.add("KeyCount", num(page.key_count));
    if (page.continuation_token) out.add("ContinuationToken", str(*page.continuation_token));
    if (page.is_truncated) out.add("NextContinuationToken", str(page.next_continuation_token));
    if (page.start_after) out.add("StartAfter", str(listing->shown(*page.start_after)));
    return out;
}

}  // namespace jg::cloud::s3
