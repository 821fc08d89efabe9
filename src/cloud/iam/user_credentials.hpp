// Credentials a user owns besides access keys and passwords — SSH public keys (for
// CodeCommit) and X.509 signing certificates. Both are per-user lists with an id, a
// status and an upload date; this module keeps what they share: storage under
// "USER/ID" (root's signing certificates under "/ID"), quotas, listing with IAM paging,
// Update*(Status) and Delete*. DeleteUser refuses while any remain.
#pragma once

#include <string_view>

#include "cloud/call_context.hpp"
#include "cloud/iam/iamcred.hpp"
#include "cloud/store/store.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::iam {

struct UserCredentialKind {
    std::string_view store_kind;     // "ssh-public-key", "signing-certificate"
    std::string_view id_member;      // "SSHPublicKeyId", "CertificateId"
    std::size_t id_min_length;       // 20, 24 (botocore's model)
    std::string_view quota_name;     // "SSHPublicKeysPerUser"
    std::size_t quota;               // per user
    std::string_view not_found;      // "The Public Key with id {} cannot be found."
    std::string_view delete_first;   // DeleteUser's DeleteConflict message
    bool user_name_required;         // SSH keys: yes; signing certificates: the caller's own
};

extern const UserCredentialKind k_ssh_public_keys;
extern const UserCredentialKind k_signing_certificates;

// The stored documents of `user` ("" = root), in id order.
Result<std::vector<Node>> user_credentials(store::Reader& r, std::string_view account, const UserCredentialKind& kind,
                                           std::string_view user);

// Stores a new credential for the target user (looked up again inside the transaction)
// after the duplicate (same `compare_member`) and quota checks, in one
// transaction; returns the stored document.
Result<Node> add_user_credential(CallContext& ctx, const UserCredentialKind& kind,
                                 Node doc, std::string_view duplicate_code, std::string_view duplicate_message,
                                 std::string_view compare_member);

// One page of the target's credentials, each rendered by `view`, under `list_member`.
Result<Node> list_user_credentials(CallContext& ctx, const UserCredentialKind& kind, std::string_view action,
                                   std::string_view list_member, Node (*view)(const Node&));

// Update*(Status: Active|Inactive) and Delete* of the credential named by kind.id_member.
Result<Node> update_user_credential(CallContext& ctx, const UserCredentialKind& kind, std::string_view action);
Result<Node> delete_user_credential(CallContext& ctx, const UserCredentialKind& kind, std::string_view action);

// The stored credential named by kind.id_member of the target, or NoSuchEntity.
Result<Node> find_user_credential(store::Reader& r, CallContext& ctx, const UserCredentialKind& kind,
                                  const TargetUser& target, std::string_view id);

// ssh_public_keys.cpp
Result<Node> upload_ssh_public_key(CallContext& ctx);
Result<Node> get_ssh_public_key(CallContext& ctx);
Result<Node> list_ssh_public_keys(CallContext& ctx);
Result<Node> update_ssh_public_key(CallContext& ctx);
Result<Node> delete_ssh_public_key(CallContext& ctx);
// signing_certificates.cpp
Result<Node> upload_signing_certificate(CallContext& ctx);
Result<Node> list_signing_certificates(CallContext& ctx);
Result<Node> update_signing_certificate(CallContext& ctx);
Result<Node> delete_signing_certificate(CallContext& ctx);

}  // namespace jg::cloud::iam
