// How S3 authorises: the caller's identity policies through the cloud's authorize(),
// with the bucket's policy as the resource policy and the bucket's owner as the resource
// account. So in the owner's account an Allow on either side suffices, across accounts
// both must allow, and the root user of the owning account may do anything its bucket
// policy does not explicitly deny.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cloud/call_context.hpp"
#include "cloud/s3/records.hpp"

namespace jg::cloud::s3 {

using ContextKeys = std::vector<std::pair<std::string, std::vector<std::string>>>;

// `action` is "s3:GetObject", ...; `resource_arn` the bucket's or an object's ARN.
[[nodiscard]] Result<void> authorize_on_bucket(CallContext& ctx, std::string_view action, const Bucket& bucket,
                                               std::string_view resource_arn, ContextKeys context = {});

// Options for a call on something the caller's own account would own (CreateBucket,
// ListBuckets): no resource policy, the caller's account as the resource account.
AuthorizeOptions own_account(const CallContext& ctx);

// Loads the bucket (NoSuchBucket when absent) and authorises `action` on `resource_arn`.
[[nodiscard]] Result<Bucket> bucket_for(CallContext& ctx, std::string_view name, std::string_view action,
                                        std::string_view resource_arn, ContextKeys context = {});

// The bucket name or object key of the input, validated. Errors as naming.hpp, or
// ValidationError when the member is missing.
[[nodiscard]] Result<std::string> input_bucket(CallContext& ctx);
[[nodiscard]] Result<std::string> input_key(CallContext& ctx);

// The canonical user id S3 shows as an owner's ID: 64 hex digits, stable per account.
std::string canonical_user_id(std::string_view account);

}  // namespace jg::cloud::s3
