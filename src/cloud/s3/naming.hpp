// S3's naming rules, checked before anything is stored: bucket names (the rules of the
// "General purpose bucket naming rules" page), object keys, and the region a CreateBucket
// request may create its bucket in (LocationConstraint against the endpoint's region).
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jg::cloud::s3 {

// Longest object key S3 accepts, in bytes of UTF-8.
inline constexpr std::size_t k_max_key_bytes = 1024;

// The rules of a general-purpose bucket name: 3–63 characters of a-z 0-9 . -, a letter
// or digit at both ends, no "..", not an IPv4 address, none of the reserved prefixes
// (xn--, sthree-, amzn-s3-demo-) or suffixes (-s3alias, --ol-s3, .mrap, --x-s3,
// --table-s3). Error: InvalidBucketName, "The specified bucket is not valid."
[[nodiscard]] Result<void> validate_bucket_name(std::string_view name);

// A key is 1 to 1024 bytes of UTF-8. Errors: KeyTooLongError ("Your key is too long"),
// InvalidArgument for an empty key or bytes that are not UTF-8.
[[nodiscard]] Result<void> validate_object_key(std::string_view key);

// Where CreateBucket puts a bucket, from the region of the endpoint the request was sent
// to (its SigV4 scope) and the LocationConstraint it carries (empty = none):
// - no constraint: only the us-east-1 endpoint, which creates in us-east-1; elsewhere
//   IllegalLocationConstraintException "The unspecified location constraint is
//   incompatible for the region specific endpoint this request was sent to."
// - the us-east-1 endpoint accepts any valid constraint (the global endpoint may create
//   anywhere) but not "us-east-1" itself, which is never a valid constraint:
//   InvalidLocationConstraint "The specified location-constraint is not valid".
// - any other endpoint accepts only its own region ("EU" as well at eu-west-1):
//   IllegalLocationConstraintException "The X location constraint is incompatible for
//   the region specific endpoint this request was sent to."
// Returns the bucket's region ("EU" is eu-west-1).
[[nodiscard]] Result<std::string> resolve_bucket_region(std::string_view endpoint_region,
                                                        std::string_view location_constraint);

// True for the LocationConstraint values of the aws partition (the regions outside
// us-east-1, and the legacy alias "EU").
bool is_location_constraint(std::string_view value);

}  // namespace jg::cloud::s3
