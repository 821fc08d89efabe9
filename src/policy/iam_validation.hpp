// The validator IAM runs on every policy document it stores (identity policies: managed,
// inline, permissions boundaries; role trust policies), answering in AWS's exact words.
// The engine's parser (parser.hpp) explains a problem precisely for people; this pass
// decides what IAM accepts and what it says when it refuses, so that a document that
// works locally works on AWS and the reverse.
//
// The rules, in the order IAM applies them (the first that fails is the answer; every
// refusal has the code MalformedPolicyDocument):
//
// | rule                                                                  | AWS's text |
// |-----------------------------------------------------------------------|------------|
// | JSON; top-level object of Version/Id/Statement; Version "2012-10-17"  | Syntax errors in policy. |
// |   or "2008-10-17" when given; Id a string; Statement an object or a   |            |
// |   non-empty array of objects; statement elements Sid/Effect/Action/   |            |
// |   NotAction/Resource/NotResource/Principal/NotPrincipal/Condition,    |            |
// |   not both X and NotX; Effect allow/deny in any case; Sid a string;   |            |
// |   Action/Resource a string or array of strings (null allowed in a     |            |
// |   Resource array); Condition an object of operator -> object of key   |            |
// |   -> string/number/boolean or array; an unknown operator only with an |            |
// |   empty block; Principal "*" or an object of AWS/Service/Federated/   |            |
// |   CanonicalUser -> string or array of strings; no duplicate keys      |            |
// | Version missing or "2008-10-17"                                       | Policy document must be version 2012-10-17 or greater. |
// | identity policy Sid with other than letters and digits                | Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]* |
// | identity policy with Principal/NotPrincipal                           | Policy document should not specify a principal. |
// | Effect not exactly "Allow"/"Deny"; a Date condition value that is    | The policy failed legacy parsing |
// |   not ISO 8601 or epoch seconds; a resource with "::" and fewer than  |            |
// |   five colons, or an empty vendor                                     |            |
// | two statements with the same non-empty Sid                            | Statement IDs (SID) in a single policy must be unique. |
// | statement without Action/NotAction, or an empty array                 | Policy statement must contain actions. |
// | resource without a colon                                              | Resource X must be in ARN format or "*". |
// | resource partition not aws/aws-cn/aws-us-gov/aws-iso*/aws-eusc/*      | Partition "P" is not valid for resource "arn:P:S:R:A:ID". |
// | "arn:aws" with nothing after the partition                           | Resource vendor must be fully qualified and cannot contain regexes. |
// | iam resource with a region                                            | IAM resource X cannot contain region information. |
// | s3 resource with a region (access points excepted)                    | Resource X can not contain region information. |
// | iam resource path not user/, role/, group/, policy/, ...              | IAM resource path must either be "*" or start with user/, ... |
// | action without a vendor prefix                                        | Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. |
// | action with two colons                                                | Actions/Condition can contain only one colon. |
// | vendor with characters other than letters, digits, '-', '.'           | Vendor V is not valid |
// | identity statement without Resource/NotResource, or an empty array    | Policy statement must contain resources. |
// | trust statement without Principal/NotPrincipal                        | Missing required field Principal |
// | trust statement with a non-sts action                                 | AssumeRole policy may only specify STS AssumeRole actions. |
// | trust statement with Resource / NotResource                           | Has prohibited field Resource / Has prohibited field NotResource |
//
// Sizes (characters of the document without whitespace between tokens) are the caller's
// (the inline quotas are aggregates): `quota_error` has AWS's words for each.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "policy/lint.hpp"

namespace jg::policy {

// MalformedPolicyDocument with AWS's text when IAM would refuse `text` used as `use`
// (managed, user, group and role are identity policies; trust is a role trust policy).
[[nodiscard]] Result<void> validate_iam_policy(std::string_view text, PolicyUse use);

// LimitExceeded with AWS's text when `size` exceeds the quota of `use`; `entity` names the
// user, group or role whose inline policies are counted.
std::optional<Error> quota_error(PolicyUse use, std::size_t size, std::string_view entity = {});

}  // namespace jg::policy
