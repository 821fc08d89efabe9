// ListObjects (version 1): the shared walk (list_bucket.hpp) paged by Marker — the key
// (or CommonPrefix) after which the page starts — with NextMarker returned only when a
// Delimiter is given, as S3 documents (without one, clients continue after the last Key).
// Objects carry their Owner, which version 1 always shows.
#include "cloud/input.hpp"
#include "cloud/s3/list_bucket.hpp"
#include "cloud/s3/s3.hpp"

namespace jg::cloud::s3 {

Result<Node> list_objects(CallContext& ctx) {
    std::string marker;
    auto listing = list_bucket(ctx, [&](const Node& in, ListRequest& request) {
        marker = optional_string(in, "Marker").value_or("");
        request.start_after = marker;
        // A Marker that is a CommonPrefix (NextMarker of a page that ended on one) continues
        // past every key it covers: UTF-8 never holds 0xFF, so PREFIX + 0xFF sorts after them.
        if (!request.delimiter.empty() && marker.starts_with(request.prefix) && marker.size() > request.prefix.size() &&
            marker.ends_with(request.delimiter))
            request.start_after += '\xff';
    });
    if (!listing) return Unexpected(listing.error());
    const ListPage& page = listing->page;
    Node out = Node::make_object();
    out.add("IsTruncated", boolean(page.is_truncated));
    out.add("Marker", str(listing->shown(marker)));
    // The last entry of a truncated page, whichever sorts last: a key or a CommonPrefix.
    if (page.is_truncated && !page.delimiter.empty()) {
        std::string last = page.contents.empty() ? std::string() : page.contents.back().key;
        if (!page.common_prefixes.empty() && page.common_prefixes.back() > last) last = page.common_prefixes.back();
        out.add("NextMarker", str(listing->shown(last)));
    }
    add_listing(out, *listing, true);
    return out;
}

}  // namespace jg::cloud::s3
