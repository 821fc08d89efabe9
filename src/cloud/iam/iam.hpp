// IAM handlers (2010-05-08), one function per API operation, grouped in files by entity.
#pragma once

#include "cloud/call_context.hpp"

namespace jg::cloud::iam {

// users.cpp
Result<Node> create_user(CallContext& ctx);
Result<Node> get_user(CallContext& ctx);
Result<Node> delete_user(CallContext& ctx);
Result<Node> list_users(CallContext& ctx);

// groups.cpp
Result<Node> create_group(CallContext& ctx);
Result<Node> get_group(CallContext& ctx);
Result<Node> delete_group(CallContext& ctx);
Result<Node> list_groups(CallContext& ctx);
Result<Node> add_user_to_group(CallContext& ctx);
Result<Node> remove_user_from_group(CallContext& ctx);
Result<Node> list_groups_for_user(CallContext& ctx);

// roles.cpp
Result<Node> create_role(CallContext& ctx);
Result<Node> get_role(CallContext& ctx);
Result<Node> delete_role(CallContext& ctx);
Result<Node> list_roles(CallContext& ctx);
Result<Node> update_role(CallContext& ctx);
Result<Node> update_assume_role_policy(CallContext& ctx);

// managed_policies.cpp
Result<Node> create_policy(CallContext& ctx);
Result<Node> get_policy(CallContext& ctx);
Result<Node> delete_policy(CallContext& ctx);
Result<Node> list_policies(CallContext& ctx);
Result<Node> create_policy_version(CallContext& ctx);
Result<Node> get_policy_version(CallContext& ctx);
Result<Node> delete_policy_version(CallContext& ctx);
Result<Node> list_policy_versions(CallContext& ctx);
Result<Node> set_default_policy_version(CallContext& ctx);

// credential_report.cpp
Result<Node> generate_credential_report(CallContext& ctx);
Result<Node> get_credential_report(CallContext& ctx);

// server_certificates.cpp
Result<Node> upload_server_certificate(CallContext& ctx);
Result<Node> get_server_certificate(CallContext& ctx);
Result<Node> list_server_certificates(CallContext& ctx);
Result<Node> update_server_certificate(CallContext& ctx);
Result<Node> delete_server_certificate(CallContext& ctx);
Result<Node> tag_server_certificate(CallContext& ctx);
Result<Node> untag_server_certificate(CallContext& ctx);
Result<Node> list_server_certificate_tags(CallContext& ctx);

// policy_tags.cpp
Result<Node> tag_policy(CallContext& ctx);
Result<Node> untag_policy(CallContext& ctx);
Result<Node> list_policy_tags(CallContext& ctx);

// attachments.cpp
Result<Node> attach_user_policy(CallContext& ctx);
Result<Node> attach_group_policy(CallContext& ctx);
Result<Node> attach_role_policy(CallContext& ctx);
Result<Node> detach_user_policy(CallContext& ctx);
Result<Node> detach_group_policy(CallContext& ctx);
Result<Node> detach_role_policy(CallContext& ctx);
Result<Node> list_attached_user_policies(CallContext& ctx);
Result<Node> list_attached_group_policies(CallContext& ctx);
Result<Node> list_attached_role_policies(CallContext& ctx);

// inline_policies.cpp
Result<Node> put_user_policy(CallContext& ctx);
Result<Node> put_group_policy(CallContext& ctx);
Result<Node> put_role_policy(CallContext& ctx);
Result<Node> get_user_policy(CallContext& ctx);
Result<Node> get_group_policy(CallContext& ctx);
Result<Node> get_role_policy(CallContext& ctx);
Result<Node> delete_user_policy(CallContext& ctx);
Result<Node> delete_group_policy(CallContext& ctx);
Result<Node> delete_role_policy(CallContext& ctx);
Result<Node> list_user_policies(CallContext& ctx);
Result<Node> list_group_policies(CallContext& ctx);
Result<Node> list_role_policies(CallContext& ctx);

// boundaries.cpp
Result<Node> put_user_permissions_boundary(CallContext& ctx);
Result<Node> put_role_permissions_boundary(CallContext& ctx);
Result<Node> delete_user_permissions_boundary(CallContext& ctx);
Result<Node> delete_role_permissions_boundary(CallContext& ctx);

// tags.cpp
Result<Node> tag_user(CallContext& ctx);
Result<Node> untag_user(CallContext& ctx);
Result<Node> list_user_tags(CallContext& ctx);
Result<Node> tag_role(CallContext& ctx);
Result<Node> untag_role(CallContext& ctx);
Result<Node> list_role_tags(CallContext& ctx);

}  // namespace jg::cloud::iam
