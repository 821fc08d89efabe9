// Managed policies by ARN for the IAM handlers: customer managed policies of the account
// (store kind "policy") and AWS managed policies (offline catalog).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cloud/call_context.hpp"
#include "cloud/store/store.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::iam {

struct ManagedPolicy {
    bool aws_managed = false;
    std::string arn, name, key;  // key: store name of a customer managed policy
    Node doc;                    // customer managed: the stored document
};

// Nullopt when the ARN names no policy attachable in `account`.
Result<std::optional<ManagedPolicy>> find_managed_policy(store::Reader& r, std::string_view account,
                                                         std::string_view arn);
// The policy named by the input's PolicyArn, authorised with `action` on that ARN first.
// Errors: ValidationError, InvalidInput (not a policy ARN), AccessDenied, NoSuchEntity.
Result<ManagedPolicy> authorized_policy(CallContext& ctx, std::string_view action, const AuthorizeOptions& auth = {});

// NoSuchEntity "Policy ARN does not exist or is not attachable."
Unexpected no_such_policy(std::string_view arn);

// Adds `delta` to the policy's AttachmentCount (customer: in its document; AWS managed:
// per account in kind "aws-policy").
Result<void> count_attachment(store::Tx& tx, std::string_view account, const ManagedPolicy& policy, int delta);
Result<std::int64_t> aws_policy_attachments(store::Reader& r, std::string_view account, std::string_view arn);

}  // namespace jg::cloud::iam
