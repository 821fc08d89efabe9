// IAM principals named in a role's trust policy. AWS resolves a user or role ARN in a
// Principal to its unique id when the policy is stored: naming a principal that does not
// exist is refused ("Invalid principal in policy"), and deleting and re-creating the
// principal breaks the trust (the policy then holds the old id, which matches nobody).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cloud/store/store.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::iam {

struct TrustPrincipal {
    std::string arn;  // arn:aws:iam::A:user/PATH/NAME or …:role/PATH/NAME
    std::string id;   // its unique id when the trust policy was stored
};

// The user and role ARNs among the trust policy's "AWS" principals, with their current
// unique ids. MalformedPolicyDocument "Invalid principal in policy: "AWS":"ARN"" when
// one does not exist.
Result<std::vector<TrustPrincipal>> resolve_trust_principals(store::Reader& r, std::string_view trust_json);

// The role document member holding them: [{"Arn", "Id"}].
inline constexpr std::string_view k_trust_principals_member = "TrustPrincipalIds";
Node trust_principals_node(const std::vector<TrustPrincipal>& principals);

// The trust policy text to evaluate: every recorded principal whose current unique id
// differs (deleted, or deleted and re-created) is replaced by its recorded id, as AWS
// shows it — or, for a user renamed since (UpdateUser), by the user's current ARN.
// `stale` receives the replacements (part of the compiled policy's cache key).
Result<std::string> effective_trust(store::Reader& r, const Node& role_doc, std::string& stale);

}  // namespace jg::cloud::iam
