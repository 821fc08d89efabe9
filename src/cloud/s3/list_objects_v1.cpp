// ListObjects (version 1): the same walk as ListObjectsV2 (listing.hpp) paged by Marker —
// the key (or CommonPrefix) after which the page starts — with NextMarker returned only
// when a Delimiter is given, as S3 documents (without one, clients continue after the
// last Key). Objects carry their Owner, which version 1 always shows.
#include "cloud/input.hpp"
#include "cloud/s3/access.hpp"
#include "cloud/s3/listing.hpp"
#include "cloud/s3/records.hpp"
#include "cloud/s3/s3.hpp"
#include "core/encoding.hpp"

namespace jg::cloud::s3 {

Result<Node> list_objects(CallContext& ctx) {
    auto name = input_bucket(ctx);
    if (!name) return Unexpected(name.error());
    const Node& in = ctx.input();
    ListRequest request;
    request.prefix = optional_string(in, "Prefix").value_or("");
    request.delimiter = optional_string(in, "Delimiter").value_or("");
    const std::string marker = optional_string(in, "Marker").value_or("");
    request.start_after = marker;
    // A Marker that is a CommonPrefix (NextMarker of a page that ended on one) continues
    // past every key it covers: UTF-8 never holds 0xFF, so PREFIX + 0xFF sorts after them.
    if (!request.delimiter.empty() && marker.starts_with(request.prefix) && marker.size() > request.prefix.size() &&
        marker.ends_with(request.delimiter))
        request.start_after += '\xff';
    auto max_keys = optional_int(in, "MaxKeys");
    if (!max_keys) return fail("InvalidArgument", "Provided max-keys not an integer or within integer range");
    request.max_keys = *max_keys;
    const auto encoding = optional_string(in, "EncodingType");
    if (encoding && *encoding != "url") return fail("InvalidArgument", "Invalid Encoding Method specified in Request");

    ContextKeys keys{{"s3:prefix", {request.prefix}},
                     {"s3:max-keys", {std::to_string(request.max_keys.value_or(k_max_list_keys))}}};
    if (!request.delimiter.empty()) keys.push_back({"s3:delimiter", {request.delimiter}});
    auto bucket = bucket_for(ctx, *name, "s3:ListBucket", bucket_arn(*name), std::move(keys));
    if (!bucket) return Unexpected(bucket.error());

    auto page = ctx.cloud().store().read([&](store::Reader& r) -> Result<ListPage> {
        const std::string bucket_prefix = *name + "/";
        KeyFetcher fetch = [&](std::string_view prefix, std::string_view after,
                               std::size_t limit) -> Result<std::vector<ListedObject>> {
            store::ListQuery query{bucket_prefix + std::string(prefix), bucket_prefix + std::string(after), limit};
            auto listed = r.list("", k_object_kind, query);
            if (!listed) return Unexpected(listed.error());
            std::vector<ListedObject> out;
            out.reserve(listed->entries.size());
            for (const auto& e : listed->entries) {
                ObjectMeta m = parse_object_meta(e.body);
                out.push_back({std::move(m.key), m.size, std::move(m.etag), format_iso8601(m.last_modified, true)});
            }
            return out;
        };
        return list_page(request, fetch);
    });
    if (!page) return Unexpected(page.error());

    auto shown = [&](const std::string& s) { return encoding ? uri_encode(s, true) : s; };
    Node owner = Node::make_object();
    owner.add("DisplayName", str(bucket->owner));
    owner.add("ID", str(canonical_user_id(bucket->owner)));
    Node out = Node::make_object();
    out.add("IsTruncated", boolean(page->is_truncated));
    out.add("Marker", str(shown(marker)));
    // The last entry of a truncated page, whichever sorts last: a key or a CommonPrefix.
    if (page->is_truncated && !request.delimiter.empty()) {
        std::string last = page->contents.empty() ? std::string() : page->contents.back().key;
        if (!page->common_prefixes.empty() && page->common_prefixes.back() > last) last = page->common_prefixes.back();
        out.add("NextMarker", str(shown(last)));
    }
    Node contents = Node::make_array();
    for (const auto& o : page->contents) {
        Node c = Node::make_object();
        c.add("Key", str(shown(o.key)));
        c.add("LastModified", str(o.last_modified));
        c.add("ETag", str(o.etag));
        c.add("Size", num(o.size));
        c.add("StorageClass", str("STANDARD"));
        c.add("Owner", owner);
        contents.push(std::move(c));
    }
    if (!contents.items.empty()) out.add("Contents", std::move(contents));
    out.add("Name", str(*name));
    out.add("Prefix", str(shown(page->prefix)));
    if (!page->delimiter.empty()) out.add("Delimiter", str(shown(page->delimiter)));
    out.add("MaxKeys", num(page->max_keys));
    Node prefixes = Node::make_array();
    for (const auto& p : page->common_prefixes) {
        Node c = Node::make_object();
        c.add("Prefix", str(shown(p)));
        prefixes.push(std::move(c));
    }
    if (!prefixes.items.empty()) out.add("CommonPrefixes", std::move(prefixes));
    if (encoding) out.add("EncodingType", str(*encoding));
    return out;
}

}  // namespace jg::cloud::s3
