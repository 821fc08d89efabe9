// What users, groups and roles have in common for the IAM handlers: their store kinds,
// ARNs, AWS's messages about them, and the policy-document checks of IAM.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cloud/call_context.hpp"
#include "cloud/store/store.hpp"
#include "core/error.hpp"
#include "core/node.hpp"
#include "policy/lint.hpp"
#include "policy/model.hpp"

namespace jg::cloud::iam {

struct EntityType {
    std::string_view word;           // "user", "group", "role" (ARN resource type, messages)
    std::string_view title;          // "User", "Group", "Role"
    std::string_view name_member;    // "UserName", ...
    std::string_view kind;           // store kinds (keys.hpp)
    std::string_view inline_kind;
    std::string_view attached_kind;
    std::int64_t max_attached;       // managed policies per entity (reference §5)
    std::string_view attached_quota; // "PoliciesPerUser", ...
    std::size_t max_inline_size;     // aggregate inline policy characters
    std::string_view inline_quota;   // "UserPolicySize", ...
};

extern const EntityType k_user_type, k_group_type, k_role_type;

std::string entity_arn(std::string_view account, const EntityType& type, std::string_view path, std::string_view name);
Unexpected no_such_entity(const EntityType& type, std::string_view name);

// The stored entity named by the input member `type.name_member`, authorised with
// `action` on its ARN first (on the ARN it would have when missing, so that existence is
// not revealed to a caller who may not ask). Errors: ValidationError, AccessDenied,
// NoSuchEntity.
struct Loaded {
    std::string name;  // as given in the input
    Node doc;
};
Result<Loaded> authorized_entity(CallContext& ctx, const EntityType& type, std::string_view action,
                                 const AuthorizeOptions& options = {});

// Inside a write: the entity still exists (it may have been deleted since it was
// authorised), else NoSuchEntity — so that nothing is attached to a deleted entity.
Result<void> still_exists(store::Tx& tx, std::string_view account, const EntityType& type, std::string_view name);

// A policy document from the input member: checked by IAM's validator (MalformedPolicyDocument
// with AWS's text, policy/iam_validation.hpp), read by the engine, and its IAM size
// (whitespace not counted) returned.
Result<std::size_t> check_policy_document(const Node& input, std::string_view member, policy::PolicyUse use,
                                          std::string& text);

// How an entity's inline policies are used (their size quota and rules).
policy::PolicyUse inline_use(const EntityType& type);

// Output shapes from stored documents: AWS's User/Group/Role (PermissionsBoundary as an
// object, empty Tags left out). List calls leave out Tags and the boundary (`details`).
Node entity_output(const Node& doc, bool details = true);

}  // namespace jg::cloud::iam
