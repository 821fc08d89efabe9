// PutObject, GetObject, HeadObject, DeleteObject, CopyObject.
#include <fmt/format.h>

#include <algorithm>

#include "cloud/input.hpp"
#include "cloud/s3/access.hpp"
#include "cloud/s3/etag.hpp"
#include "cloud/s3/naming.hpp"
#include "cloud/s3/range.hpp"
#include "cloud/s3/records.hpp"
#include "cloud/s3/s3.hpp"
#include "core/encoding.hpp"
#include "core/strings.hpp"

namespace jg::cloud::s3 {
namespace {

constexpr std::string_view k_default_content_type = "binary/octet-stream";

// The user metadata of the input (Metadata: {name: value}), names lower-case as S3 keeps
// them (they travel as case-insensitive x-amz-meta-* headers).
Result<std::map<std::string, std::string>> input_metadata(const Node& input) {
    std::map<std::string, std::string> out;
    const Node* md = input.find("Metadata");
    if (!md || md->is_null()) return out;
    if (!md->is_object()) return fail("InvalidArgument", "Metadata must be a map of strings");
    std::size_t bytes = 0;
    for (const auto& [name, value] : md->members) {
        if (!value.is_scalar()) return fail("InvalidArgument", "Metadata must be a map of strings");
        bytes += name.size() + value.text.size();
        out[to_lower(name)] = value.text;
    }
    if (bytes > k_max_metadata_bytes)
        return fail("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.");
    return out;
}

// What GetObject and HeadObject say about an object.
Node describe(const ObjectMeta& m) {
    Node out = Node::make_object();
    out.add("AcceptRanges", str("bytes"));
    out.add("LastModified", str(format_iso8601(m.last_modified, true)));
    out.add("ContentLength", num(m.size));
    out.add("ETag", str(m.etag));
    out.add("ContentType", str(m.content_type));
    Node md = Node::make_object();
    for (const auto& [k, v] : m.metadata) md.add(k, str(v));
    out.add("Metadata", std::move(md));
    return out;
}

// A missing key is NoSuchKey only for callers who may list the bucket; to others S3 says
// AccessDenied, so that keys cannot be probed (GetObject/HeadObject documentation).
Unexpected missing_key(CallContext& ctx, const Bucket& bucket) {
    if (authorize_on_bucket(ctx, "s3:ListBucket", bucket, bucket_arn(bucket.name))) return no_such_key();
    return fail("AccessDenied", "Access Denied");
}

struct Found {
    ObjectMeta meta;
    std::string body;
};

// GetObject and HeadObject: authorise s3:GetObject, then read the object (and its bytes).
Result<Found> read_object(CallContext& ctx, bool with_body) {
    auto name = input_bucket(ctx);
    if (!name) return Unexpected(name.error());
    auto key = input_key(ctx);
    if (!key) return Unexpected(key.error());
    auto bucket = bucket_for(ctx, *name, "s3:GetObject", object_arn(*name, *key));
    if (!bucket) return Unexpected(bucket.error());
    auto found = ctx.cloud().store().read([&](store::Reader& r) -> Result<std::optional<Found>> {
        auto meta = load_object(r, *name, *key);
        if (!meta) return Unexpected(meta.error());
        if (!*meta) return std::optional<Found>{};
        Found f{std::move(**meta), {}};
        if (with_body) {
            auto body = load_body(r, *name, *key);
            if (!body) return Unexpected(body.error());
            f.body = std::move(*body);
        }
        return std::optional<Found>(std::move(f));
    });
    if (!found) return Unexpected(found.error());
    if (!*found) return missing_key(ctx, *bucket);
    return std::move(**found);
}

// CopySource: "BUCKET/KEY", optionally with a leading '/', URL-encoded, and a
// "?versionId=" that this unversioned S3 ignores.
Result<std::pair<std::string, std::string>> parse_copy_source(std::string_view source) {
    if (const auto q = source.find('?'); q != std::string_view::npos) source = source.substr(0, q);
    auto decoded = uri_decode(source);
    std::string path = decoded ? *decoded : std::string(source);
    if (path.starts_with('/')) path.erase(0, 1);
    const auto slash = path.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == path.size())
        return fail("InvalidArgument", "Invalid copy source object key");
    return std::pair{path.substr(0, slash), path.substr(slash + 1)};
}

// The write of a new object version, in one transaction that re-checks the bucket. With
// `only_if_absent` (If-None-Match: *) the key must not exist, checked in that same
// transaction, so of two such writes exactly one succeeds.
Result<void> store_object(CallContext& ctx, const Bucket& bucket, const ObjectMeta& meta, std::string_view body,
                          bool only_if_absent = false) {
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<void> {
        if (auto current = require_same_bucket(tx, bucket); !current) return Unexpected(current.error());
        if (only_if_absent) {
            auto existing = load_object(tx, bucket.name, meta.key);
            if (!existing) return Unexpected(existing.error());
            if (*existing)
                return fail("PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
        }
        return save_object(tx, bucket.name, meta, body);
    });
}

// PutObject's If-None-Match: S3 takes only "*" (create the key only if it does not exist;
// 412 PreconditionFailed when it does); any other value is refused as AWS refuses it.
Result<bool> only_if_absent(const Node& input) {
    auto value = optional_string(input, "IfNoneMatch");
    if (!value) return false;
    if (*value != "*")
        return fail("NotImplemented", "A header you provided implies functionality that is not implemented");
    return true;
}

}  // namespace

Result<Node> put_object(CallContext& ctx) {
    auto name = input_bucket(ctx);
    if (!name) return Unexpected(name.error());
    auto key = input_key(ctx);
    if (!key) return Unexpected(key.error());
    const Node* body_node = ctx.input().find("Body");
    if (body_node && !body_node->is_null() && !body_node->is_string())
        return fail("InvalidArgument", "Body must be the object's bytes");
    const std::string body = body_node && body_node->is_string() ? body_node->text : std::string{};
    if (body.size() > k_max_object_bytes)
        return fail("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
    auto metadata = input_metadata(ctx.input());
    if (!metadata) return Unexpected(metadata.error());
    auto absent = only_if_absent(ctx.input());
    if (!absent) return Unexpected(absent.error());
    auto bucket = bucket_for(ctx, *name, "s3:PutObject", object_arn(*name, *key));
    if (!bucket) return Unexpected(bucket.error());

    ObjectMeta meta;
    meta.key = *key;
    meta.size = static_cast<std::int64_t>(body.size());
    meta.etag = etag_of(body);
    meta.last_modified = ctx.now();
    meta.content_type = optional_string(ctx.input(), "ContentType").value_or(std::string(k_default_content_type));
    meta.metadata = std::move(*metadata);
    if (auto stored = store_object(ctx, *bucket, meta, body, *absent); !stored) return Unexpected(stored.error());
    Node out = Node::make_object();
    out.add("ETag", str(meta.etag));
    return out;
}

Result<Node> get_object(CallContext& ctx) {
    auto found = read_object(ctx, true);
    if (!found) return Unexpected(found.error());
    Node out = describe(found->meta);
    if (auto header = optional_string(ctx.input(), "Range")) {
        auto range = resolve_range(*header, found->meta.size);
        if (!range) return Unexpected(range.error());
        if (*range) {
            // A part: its own length, and where it lies in the object (Content-Range).
            const auto [first, last] = **range;
            *out.find("ContentLength") = num(last - first + 1);
            out.add("ContentRange", str(fmt::format("bytes {}-{}/{}", first, last, found->meta.size)));
            out.add("Body", str(std::string_view(found->body).substr(static_cast<std::size_t>(first),
                                                                      static_cast<std::size_t>(last - first + 1))));
            return out;
        }
    }
    out.add("Body", str(found->body));
    return out;
}

Result<Node> head_object(CallContext& ctx) {
    auto found = read_object(ctx, false);
    if (!found) return Unexpected(found.error());
    return describe(found->meta);
}

Result<Node> delete_object(CallContext& ctx) {
    auto name = input_bucket(ctx);
    if (!name) return Unexpected(name.error());
    auto key = input_key(ctx);
    if (!key) return Unexpected(key.error());
    auto bucket = bucket_for(ctx, *name, "s3:DeleteObject", object_arn(*name, *key));
    if (!bucket) return Unexpected(bucket.error());
    // Deleting a key that does not exist succeeds as well (204): S3's DELETE is idempotent.
    auto erased = ctx.cloud().store().write([&](store::Tx& tx) -> Result<bool> {
        if (auto current = require_same_bucket(tx, *bucket); !current) return Unexpected(current.error());
        return erase_object(tx, *name, *key);
    });
    if (!erased) return Unexpected(erased.error());
    return Node::make_object();
}

Result<Node> copy_object(CallContext& ctx) {
    auto name = input_bucket(ctx);
    if (!name) return Unexpected(name.error());
    auto key = input_key(ctx);
    if (!key) return Unexpected(key.error());
    auto source_text = required_string(ctx.input(), "CopySource");
    if (!source_text) return Unexpected(source_text.error());
    auto source = parse_copy_source(*source_text);
    if (!source) return Unexpected(source.error());
    const auto& [source_bucket, source_key] = *source;
    if (auto valid = validate_object_key(source_key); !valid) return Unexpected(valid.error());
    const std::string directive = optional_string(ctx.input(), "MetadataDirective").value_or("COPY");
    if (directive != "COPY" && directive != "REPLACE") return fail("InvalidArgument", "Unknown metadata directive.");
    if (source_bucket == *name && source_key == *key && directive == "COPY")
        return fail("InvalidRequest",
                    "This copy request is illegal because it is trying to copy an object to itself without "
                    "changing the object's metadata, storage class, website redirect location or encryption "
                    "attributes.");
    std::map<std::string, std::string> replaced;
    if (directive == "REPLACE") {
        auto metadata = input_metadata(ctx.input());
        if (!metadata) return Unexpected(metadata.error());
        replaced = std::move(*metadata);
    }

    // Reading the source and writing the target are authorised separately, each with its
    // own bucket's policy and owner.
    auto from = bucket_for(ctx, source_bucket, "s3:GetObject", object_arn(source_bucket, source_key));
    if (!from) return Unexpected(from.error());
    auto to = bucket_for(ctx, *name, "s3:PutObject", object_arn(*name, *key));
    if (!to) return Unexpected(to.error());

    auto copied = ctx.cloud().store().write([&](store::Tx& tx) -> Result<ObjectMeta> {
        if (auto current = require_same_bucket(tx, *from); !current) return Unexpected(current.error());
        if (auto current = require_same_bucket(tx, *to); !current) return Unexpected(current.error());
        auto meta = load_object(tx, source_bucket, source_key);
        if (!meta) return Unexpected(meta.error());
        if (!*meta) return no_such_key();
        auto body = load_body(tx, source_bucket, source_key);
        if (!body) return Unexpected(body.error());
        ObjectMeta target = std::move(**meta);
        target.key = *key;
        target.last_modified = ctx.now();
        if (directive == "REPLACE") {
            target.metadata = replaced;
            target.content_type =
                optional_string(ctx.input(), "ContentType").value_or(std::string(k_default_content_type));
        }
        if (auto saved = save_object(tx, *name, target, *body); !saved) return Unexpected(saved.error());
        return target;
    });
    if (!copied) return Unexpected(copied.error());
    Node result = Node::make_object();
    result.add("ETag", str(copied->etag));
    result.add("LastModified", str(format_iso8601(copied->last_modified, true)));
    Node out = Node::make_object();
    out.add("CopyObjectResult", std::move(result));
    return out;
}

}  // namespace jg::cloud::s3
