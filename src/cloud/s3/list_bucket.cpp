#include "cloud/s3/list_bucket.hpp"

#include "cloud/input.hpp"
#include "cloud/s3/access.hpp"
#include "cloud/s3/records.hpp"
#include "cloud/s3/s3.hpp"
#include "core/encoding.hpp"

namespace jg::cloud::s3 {

std::string BucketListing::shown(const std::string& s) const { return encoding ? uri_encode(s, true) : s; }

Result<BucketListing> list_bucket(CallContext& ctx, const std::function<void(const Node&, ListRequest&)>& paging) {
    auto name = input_bucket(ctx);
    if (!name) return Unexpected(name.error());
    const Node& in = ctx.input();
    ListRequest request;
    request.prefix = optional_string(in, "Prefix").value_or("");
    request.delimiter = optional_string(in, "Delimiter").value_or("");
    paging(in, request);
    auto max_keys = optional_int(in, "MaxKeys");
    if (!max_keys) return fail("InvalidArgument", "Provided max-keys not an integer or within integer range");
    request.max_keys = *max_keys;
    auto encoding = optional_string(in, "EncodingType");
    if (encoding && *encoding != "url") return fail("InvalidArgument", "Invalid Encoding Method specified in Request");

    // s3:ListBucket with the condition keys S3 sets for it.
    ContextKeys keys{{"s3:prefix", {request.prefix}},
                     {"s3:max-keys", {std::to_string(request.max_keys.value_or(k_max_list_keys))}}};
    if (!request.delimiter.empty()) keys.push_back({"s3:delimiter", {request.delimiter}});
    auto bucket = bucket_for(ctx, *name, "s3:ListBucket", bucket_arn(*name), std::move(keys));
    if (!bucket) return Unexpected(bucket.error());

    // One snapshot for the whole page.
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
    return BucketListing{*name, bucket->owner, std::move(encoding), std::move(*page)};
}

void add_listing(Node& out, const BucketListing& listing, bool with_owner) {
    const ListPage& page = listing.page;
    Node owner = Node::make_object();
    if (with_owner) {
        owner.add("DisplayName", str(listing.owner));
        owner.add("ID", str(canonical_user_id(listing.owner)));
    }
    Node contents = Node::make_array();
    for (const auto& o : page.contents) {
        Node c = Node::make_object();
        c.add("Key", str(listing.shown(o.key)));
        c.add("LastModified", str(o.last_modified));
        c.add("ETag", str(o.etag));
        c.add("Size", num(o.size));
        c.add("StorageClass", str("STANDARD"));
        if (with_owner) c.add("Owner", owner);
        contents.push(std::move(c));
    }
    if (!contents.items.empty()) out.add("Contents", std::move(contents));
    out.add("Name", str(listing.bucket));
    out.add("Prefix", str(listing.shown(page.prefix)));
    if (!page.delimiter.empty()) out.add("Delimiter", str(listing.shown(page.delimiter)));
    out.add("MaxKeys", num(page.max_keys));
    Node prefixes = Node::make_array();
    for (const auto& p : page.common_prefixes) {
        Node c = Node::make_object();
        c.add("Prefix", str(listing.shown(p)));
        prefixes.push(std::move(c));
    }
    if (!prefixes.items.empty()) out.add("CommonPrefixes", std::move(prefixes));
    if (listing.encoding) out.add("EncodingType", str(*listing.encoding));
}

}  // namespace jg::cloud::s3
