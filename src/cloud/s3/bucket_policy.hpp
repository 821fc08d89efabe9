// PutBucketPolicy's validation: the document must be a resource policy the engine can
// parse, and beyond that S3 checks that it speaks only of S3 actions, of this bucket and
// its objects, and of principals that exist. Every failure is MalformedPolicy (400) with
// S3's own message where S3 has one:
//   "Policies must be valid JSON and the first byte must be '{'"
//   "This policy contains invalid Json"
//   "Policy exceeds the maximum allowed document size."   (over 20 KB)
//   "Missing required field Statement"
//   "Could not parse the policy: Statement is empty!"
//   "Missing required field Principal"
//   "Invalid principal in policy"
//   "Policy has invalid action"
//   "Policy has invalid resource"
//   "Action does not apply to any resource(s) in statement"
// Other structural errors keep the policy parser's explanation.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "core/error.hpp"
#include "policy/model.hpp"

namespace jg::cloud::s3 {

// S3's limit on a bucket policy, in bytes.
inline constexpr std::size_t k_max_bucket_policy_bytes = 20 * 1024;

// Whether an AWS principal of a policy (an account id or an ARN, syntactically valid
// already) names something that exists; S3 refuses policies naming unknown principals.
using PrincipalExists = std::function<bool(std::string_view principal)>;

[[nodiscard]] Result<policy::Policy> validate_bucket_policy(std::string_view text, std::string_view bucket,
                                                            const PrincipalExists& exists);

}  // namespace jg::cloud::s3
