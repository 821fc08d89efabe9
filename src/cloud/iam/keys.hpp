// Where IAM keeps its documents in the store, in one place for every IAM handler.
//
// Store key = (account, kind, name). IAM names are unique regardless of case, so an
// entity's store name is its lower-case name; the document keeps the name as given.
// Relation documents are named "PARENT/CHILD" so that a prefix listing of "PARENT/"
// yields the children in order. Document bodies are JSON objects whose members are named
// like the AWS output shapes (UserName, UserId, Arn, Path, CreateDate, Tags, ...).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cloud/store/store.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::iam {

// Entities: body as AWS's User/Group/Role/Policy shapes (+ "PermissionsBoundary": ARN for
// users and roles; roles keep "AssumeRolePolicyDocument" as JSON text; customer managed
// policies keep "Versions": [{VersionId, Document (JSON text), IsDefaultVersion, CreateDate}]).
inline constexpr std::string_view k_user = "user";
inline constexpr std::string_view k_group = "group";
inline constexpr std::string_view k_role = "role";
inline constexpr std::string_view k_policy = "policy";  // customer managed, by lower-case name
// Inline policies, "ENTITY/PolicyName": {"PolicyName", "PolicyDocument" (JSON text)}.
inline constexpr std::string_view k_user_policy = "user-policy";
inline constexpr std::string_view k_group_policy = "group-policy";
inline constexpr std::string_view k_role_policy = "role-policy";
// Attached managed policies, "ENTITY/PolicyArn": {"PolicyName", "PolicyArn"}.
inline constexpr std::string_view k_user_attached = "user-attached";
inline constexpr std::string_view k_group_attached = "group-attached";
inline constexpr std::string_view k_role_attached = "role-attached";
// Attachment counts of AWS managed policies in an account, by ARN: {"AttachmentCount"}.
inline constexpr std::string_view k_aws_policy_use = "aws-policy";
// Group membership in both directions: "group/user" {"UserName"}, "user/group" {"GroupName"}.
inline constexpr std::string_view k_group_member = "group-member";
inline constexpr std::string_view k_user_group = "user-group";
// Access keys: global index (account "") by key id:
//   {"AccessKeyId", "SecretAccessKey", "Account", "UserName" (absent for root), "Status",
//    "CreateDate", "LastUsedDate"?, "LastUsedService"?, "LastUsedRegion"?}
// plus, per user, "user/AKID" {"AccessKeyId"} for ListAccessKeys.
inline constexpr std::string_view k_access_key = "access-key";
inline constexpr std::string_view k_user_access_key = "user-access-key";
// Login profiles (console passwords), by lower-case user name (iam/login_profile.hpp).
inline constexpr std::string_view k_login_profile = "login-profile";
// Accounts: global (account ""), by id: {"AccountId", "Alias"?, "RootAccessKeyId", "CreateDate"}.
inline constexpr std::string_view k_account = "account";
// Account aliases are unique across all accounts: global (account "") by alias: {"AccountId"}.
// The account document's "Alias" and this index change together (CreateAccountAlias, ...).
inline constexpr std::string_view k_account_alias = "account-alias";

// Server certificates, by lower-case name (server_certificates.cpp): AWS's
// ServerCertificateMetadata members plus "CertificateBody", "CertificateChain"?, "Tags".
inline constexpr std::string_view k_server_certificate = "server-certificate";

std::string entity_key(std::string_view name);  // lower-case
std::string child_key(std::string_view parent_name, std::string_view child);  // "parent/child", parent lower-cased

// A stored document parsed, or nullopt when absent.
Result<std::optional<Node>> get_doc(store::Reader& r, std::string_view account, std::string_view kind,
                                    std::string_view name);
Result<void> put_doc(store::Tx& tx, std::string_view account, std::string_view kind, std::string_view name,
                     const Node& doc);

// Every write that changes what a principal of `account` may do (policies, membership,
// boundaries, roles, user renames) calls this, so that cached compiled policies are
// rebuilt — also in other processes sharing the home. Creating or deleting a user does
// not: the cache is keyed by unique id, and a deleted user's credentials do not resolve.
Result<void> policies_changed(store::Tx& tx, std::string_view account);
Result<std::int64_t> policy_generation(store::Reader& r, std::string_view account);

// String member of a document, "" when absent.
std::string member(const Node& doc, std::string_view key);

}  // namespace jg::cloud::iam
