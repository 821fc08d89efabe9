// CreateBucket, DeleteBucket, HeadBucket, ListBuckets, GetBucketLocation.
#include "cloud/input.hpp"
#include "cloud/s3/access.hpp"
#include "cloud/s3/naming.hpp"
#include "cloud/s3/records.hpp"
#include "cloud/s3/s3.hpp"

namespace jg::cloud::s3 {
namespace {

Unexpected bucket_already_exists() {
    return fail("BucketAlreadyExists",
                "The requested bucket name is not available. The bucket namespace is shared by all users of the "
                "system. Please select a different name and try again.");
}

Unexpected bucket_already_owned() {
    return fail("BucketAlreadyOwnedByYou",
                "Your previous request to create the named bucket succeeded and you already own it.");
}

// CreateBucket's Location: the path in us-east-1, the bucket's URL elsewhere.
Node location_of(const Bucket& b) {
    Node out = Node::make_object();
    out.add("Location", str(b.region == "us-east-1" ? "/" + b.name : "http://" + b.name + ".s3.amazonaws.com/"));
    return out;
}

}  // namespace

Result<Node> create_bucket(CallContext& ctx) {
    // The name first (it is what the request is about), then who may, then where.
    auto name = required_string(ctx.input(), "Bucket");
    if (!name) return Unexpected(name.error());
    if (auto valid = validate_bucket_name(*name); !valid) return Unexpected(valid.error());
    if (auto allowed = ctx.authorize("s3:CreateBucket", bucket_arn(*name), own_account(ctx));
        !allowed)
        return Unexpected(allowed.error());
    std::string constraint;
    if (const Node* config = ctx.input().find("CreateBucketConfiguration"); config && config->is_object())
        constraint = optional_string(*config, "LocationConstraint").value_or("");
    auto region = resolve_bucket_region(ctx.info().region, constraint);
    if (!region) return Unexpected(region.error());

    Bucket bucket;
    bucket.name = *name;
    bucket.owner = ctx.account();
    bucket.region = *region;
    bucket.location_constraint = constraint;
    bucket.creation_date = ctx.now();
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto existing = load_bucket(tx, bucket.name);
        if (!existing) return Unexpected(existing.error());
        if (*existing) {
            const Bucket& old = **existing;
            if (old.owner != bucket.owner) return bucket_already_exists();
            // AWS's legacy behaviour: re-creating a bucket you own in N. Virginia answers
            // 200 OK (and changes nothing here); every other Region says you own it.
            if (old.region == "us-east-1" && bucket.region == "us-east-1") return location_of(old);
            return bucket_already_owned();
        }
        if (auto saved = save_bucket(tx, bucket); !saved) return Unexpected(saved.error());
        if (auto indexed = tx.put(bucket.owner, k_owned_kind, bucket.name, "{}"); !indexed)
            return Unexpected(indexed.error());
        return location_of(bucket);
    });
}

Result<Node> delete_bucket(CallContext& ctx) {
    auto name = input_bucket(ctx);
    if (!name) return Unexpected(name.error());
    auto bucket = bucket_for(ctx, *name, "s3:DeleteBucket", bucket_arn(*name));
    if (!bucket) return Unexpected(bucket.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto current = require_same_bucket(tx, *bucket);
        if (!current) return Unexpected(current.error());
        auto objects = tx.count("", k_object_kind, *name + "/");
        if (!objects) return Unexpected(objects.error());
        if (*objects > 0) return fail("BucketNotEmpty", "The bucket you tried to delete is not empty");
        if (auto erased = tx.erase("", k_bucket_kind, *name); !erased) return Unexpected(erased.error());
        if (auto erased = tx.erase(current->owner, k_owned_kind, *name); !erased) return Unexpected(erased.error());
        return Node::make_object();
    });
}

Result<Node> head_bucket(CallContext& ctx) {
    auto name = input_bucket(ctx);
    if (!name) return Unexpected(name.error());
    // HeadBucket is authorised as s3:ListBucket (Service Authorization Reference).
    auto bucket = bucket_for(ctx, *name, "s3:ListBucket", bucket_arn(*name));
    if (!bucket) return Unexpected(bucket.error());
    // The botocore model this project follows (aws CLI 2.9) gives HeadBucket no output
    // members; the bucket's region is GetBucketLocation's to tell.
    return Node::make_object();
}

Result<Node> list_buckets(CallContext& ctx) {
    if (auto allowed = ctx.authorize("s3:ListAllMyBuckets", "*", own_account(ctx)); !allowed)
        return Unexpected(allowed.error());
    return ctx.cloud().store().read([&](store::Reader& r) -> Result<Node> {
        auto owned = r.list(ctx.account(), k_owned_kind, {});
        if (!owned) return Unexpected(owned.error());
        Node buckets = Node::make_array();
        for (const auto& entry : owned->entries) {
            auto bucket = load_bucket(r, entry.name);
            if (!bucket) return Unexpected(bucket.error());
            if (!*bucket) continue;
            Node b = Node::make_object();
            b.add("Name", str((*bucket)->name));
            b.add("CreationDate", str(format_iso8601((*bucket)->creation_date, true)));
            buckets.push(std::move(b));
        }
        Node owner = Node::make_object();
        owner.add("DisplayName", str(ctx.account()));
        owner.add("ID", str(canonical_user_id(ctx.account())));
        Node out = Node::make_object();
        out.add("Buckets", std::move(buckets));
        out.add("Owner", std::move(owner));
        return out;
    });
}

Result<Node> get_bucket_location(CallContext& ctx) {
    auto name = input_bucket(ctx);
    if (!name) return Unexpected(name.error());
    auto bucket = bucket_for(ctx, *name, "s3:GetBucketLocation", bucket_arn(*name));
    if (!bucket) return Unexpected(bucket.error());
    // us-east-1 has no constraint: the member is absent (S3 sends an empty element,
    // which clients read as null).
    Node out = Node::make_object();
    if (!bucket->location_constraint.empty()) out.add("LocationConstraint", str(bucket->location_constraint));
    return out;
}

}  // namespace jg::cloud::s3
