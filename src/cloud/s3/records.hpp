// Where S3 keeps its state in the store, and the records themselves.
//
// Bucket names are global across accounts, so every S3 document lives in the global
// account "" keyed by bucket name; the owner is a member of the bucket record.
//   ("", "s3-bucket", BUCKET)        {"Name","Owner","Region","LocationConstraint"?,
//                                     "CreationDate","Policy"? (JSON text as put),
//                                     "PolicyPrincipalIds"? [{"Arn","Id"}]}
//   (OWNER, "s3-owned", BUCKET)      {} — the owner's index for ListBuckets
//   ("", "s3-object", BUCKET/KEY)    {"Key","Size","ETag","LastModified","ContentType",
//                                     "Metadata":{…}} — what HeadObject and listings show
//   ("", "s3-body", BUCKET/KEY)      the object's bytes, Base64 (the store holds text)
// Bucket names hold no '/', so "BUCKET/" prefixes exactly one bucket's objects, in key
// order. Metadata and bytes are separate documents so that listings never load bodies.
//
// Object bodies live in the database: up to k_max_object_bytes each (32 MiB), which keeps
// a body and its Base64 form comfortably in memory; larger uploads are refused with
// EntityTooLarge.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "cloud/iam/trust_principals.hpp"
#include "cloud/store/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace jg::cloud::s3 {

inline constexpr std::string_view k_bucket_kind = "s3-bucket";
inline constexpr std::string_view k_owned_kind = "s3-owned";
inline constexpr std::string_view k_object_kind = "s3-object";
inline constexpr std::string_view k_body_kind = "s3-body";

inline constexpr std::size_t k_max_object_bytes = 32u * 1024 * 1024;
// User metadata (x-amz-meta-* names and values) is limited to 2 KB in total.
inline constexpr std::size_t k_max_metadata_bytes = 2 * 1024;

struct Bucket {
    std::string name;
    std::string owner;                // account id
    std::string region;               // "us-east-1", "eu-west-1", ...
    std::string location_constraint;  // as given at creation; "" in us-east-1
    Time creation_date{};
    std::string policy;  // "" when none
    // The users and roles the policy names, with their unique ids when it was put: as
    // for trust policies, a principal deleted and re-created later is not the one the
    // policy meant (iam/trust_principals.hpp).
    std::vector<iam::TrustPrincipal> policy_principals;
    // Not stored: the policy as it is enforced now (stale principals replaced by their
    // old ids), filled by load_for_authorization.
    std::string enforced_policy;
};

struct ObjectMeta {
    std::string key;
    std::int64_t size = 0;
    std::string etag;  // quoted MD5 hex
    Time last_modified{};
    std::string content_type;
    std::map<std::string, std::string> metadata;  // user metadata, names lower-case
};

std::string object_name(std::string_view bucket, std::string_view key);  // "BUCKET/KEY"
std::string bucket_arn(std::string_view bucket);                         // arn:aws:s3:::BUCKET
std::string object_arn(std::string_view bucket, std::string_view key);   // arn:aws:s3:::BUCKET/KEY

Result<std::optional<Bucket>> load_bucket(store::Reader& r, std::string_view name);
// Like load_bucket, but a missing bucket is NoSuchBucket "The specified bucket does not exist".
Result<Bucket> require_bucket(store::Reader& r, std::string_view name);
// Inside a write: the bucket a call was authorised for, still the same bucket (not
// deleted, nor deleted and re-created by someone else since); NoSuchBucket otherwise.
Result<Bucket> require_same_bucket(store::Reader& r, const Bucket& authorised);
// require_bucket, plus the policy as it is enforced now.
Result<Bucket> load_for_authorization(store::Reader& r, std::string_view name);
Result<void> save_bucket(store::Tx& tx, const Bucket& bucket);

Result<std::optional<ObjectMeta>> load_object(store::Reader& r, std::string_view bucket, std::string_view key);
Result<std::string> load_body(store::Reader& r, std::string_view bucket, std::string_view key);
Result<void> save_object(store::Tx& tx, std::string_view bucket, const ObjectMeta& meta, std::string_view body);
// True when something was removed.
Result<bool> erase_object(store::Tx& tx, std::string_view bucket, std::string_view key);
ObjectMeta parse_object_meta(std::string_view json);

// S3's "not found" errors with its wording.
Unexpected no_such_bucket();
Unexpected no_such_key();

}  // namespace jg::cloud::s3
