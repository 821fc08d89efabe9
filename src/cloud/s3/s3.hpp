// S3 (2006-03-01) handlers, one function per API operation, named and shaped like
// botocore's operations (the REST-XML wire layer maps HTTP onto these later). Every
// handler authorises with the S3 action and the bucket or object ARN of AWS's Service
// Authorization Reference, with the bucket policy as the resource policy and the bucket
// owner as the resource account (access.hpp).
//
// Blob members (PutObject's and GetObject's Body) carry the bytes themselves in the
// node's text. Timestamps are ISO 8601 with milliseconds.
#pragma once

#include <string>
#include <string_view>

#include "cloud/call_context.hpp"

namespace jg::cloud::s3 {

// buckets.cpp
Result<Node> create_bucket(CallContext& ctx);
Result<Node> delete_bucket(CallContext& ctx);
Result<Node> head_bucket(CallContext& ctx);
Result<Node> list_buckets(CallContext& ctx);
Result<Node> get_bucket_location(CallContext& ctx);

// objects.cpp
Result<Node> put_object(CallContext& ctx);
Result<Node> get_object(CallContext& ctx);
Result<Node> head_object(CallContext& ctx);
Result<Node> delete_object(CallContext& ctx);
Result<Node> copy_object(CallContext& ctx);

// list_objects.cpp, list_objects_v1.cpp
Result<Node> list_objects_v2(CallContext& ctx);
Result<Node> list_objects(CallContext& ctx);

// bucket_policy_ops.cpp
Result<Node> put_bucket_policy(CallContext& ctx);
Result<Node> get_bucket_policy(CallContext& ctx);
Result<Node> delete_bucket_policy(CallContext& ctx);

// For CloudFormation's TemplateURL: the bytes of the object `url` names (s3_url.hpp),
// read with the permissions of the caller behind `ctx` (s3:GetObject, the bucket policy
// applies). Errors: ValidationError for a URL that is not S3's, then S3's own
// (NoSuchBucket, NoSuchKey, AccessDenied).
Result<std::string> read_object_for_caller(CallContext& ctx, std::string_view url,
                                           std::string_view local_authority = {});

}  // namespace jg::cloud::s3
