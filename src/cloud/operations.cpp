#include "cloud/operations.hpp"

#include <array>

#include "cloud/cloudformation/stacksets/stacksets.hpp"
#include "cloud/cloudformation/cloudformation.hpp"
#include "cloud/iam/federation.hpp"
#include "cloud/iam/iam.hpp"
#include "cloud/iam/rename.hpp"
#include "cloud/iam/iamcred.hpp"
#include "cloud/iam/instance_profiles.hpp"
#include "cloud/iam/user_credentials.hpp"
#include "cloud/s3/s3.hpp"
#include "cloud/sts/sts.hpp"

namespace jg::cloud {

namespace {

// One line per operation. Each service keeps its own block; keep a block's lines sorted
// by action name.
constexpr std::array k_operations{
    // --- iam ---------------------------------------------------------------------
    Operation{"iam", "AddUserToGroup", iam::add_user_to_group},
    Operation{"iam", "AttachGroupPolicy", iam::attach_group_policy},
    Operation{"iam", "AttachRolePolicy", iam::attach_role_policy},
    Operation{"iam", "AttachUserPolicy", iam::attach_user_policy},
    Operation{"iam", "CreateGroup", iam::create_group},
    Operation{"iam", "CreatePolicy", iam::create_policy},
    Operation{"iam", "CreatePolicyVersion", iam::create_policy_version},
    Operation{"iam", "CreateRole", iam::create_role},
    Operation{"iam", "CreateUser", iam::create_user},
    Operation{"iam", "DeleteGroup", iam::delete_group},
    Operation{"iam", "DeleteGroupPolicy", iam::delete_group_policy},
    Operation{"iam", "DeletePolicy", iam::delete_policy},
    Operation{"iam", "DeletePolicyVersion", iam::delete_policy_version},
    Operation{"iam", "DeleteRole", iam::delete_role},
    Operation{"iam", "DeleteRolePermissionsBoundary", iam::delete_role_permissions_boundary},
    Operation{"iam", "DeleteRolePolicy", iam::delete_role_policy},
    Operation{"iam", "DeleteUser", iam::delete_user},
    Operation{"iam", "DeleteUserPermissionsBoundary", iam::delete_user_permissions_boundary},
    Operation{"iam", "DeleteUserPolicy", iam::delete_user_policy},
    Operation{"iam", "DetachGroupPolicy", iam::detach_group_policy},
    Operation{"iam", "DetachRolePolicy", iam::detach_role_policy},
    Operation{"iam", "DetachUserPolicy", iam::detach_user_policy},
    Operation{"iam", "GenerateCredentialReport", iam::generate_credential_report},
    Operation{"iam", "GetCredentialReport", iam::get_credential_report},
    Operation{"iam", "GetGroup", iam::get_group},
    Operation{"iam", "GetGroupPolicy", iam::get_group_policy},
    Operation{"iam", "GetPolicy", iam::get_policy},
    Operation{"iam", "GetPolicyVersion", iam::get_policy_version},
    Operation{"iam", "GetRole", iam::get_role},
    Operation{"iam", "GetRolePolicy", iam::get_role_policy},
    Operation{"iam", "GetUser", iam::get_user},
    Operation{"iam", "GetUserPolicy", iam::get_user_policy},
    Operation{"iam", "ListAttachedGroupPolicies", iam::list_attached_group_policies},
    Operation{"iam", "ListAttachedRolePolicies", iam::list_attached_role_policies},
    Operation{"iam", "ListAttachedUserPolicies", iam::list_attached_user_policies},
    Operation{"iam", "ListGroupPolicies", iam::list_group_policies},
    Operation{"iam", "ListGroups", iam::list_groups},
    Operation{"iam", "ListGroupsForUser", iam::list_groups_for_user},
    Operation{"iam", "ListPolicies", iam::list_policies},
    Operation{"iam", "ListPolicyTags", iam::list_policy_tags},
    Operation{"iam", "ListPolicyVersions", iam::list_policy_versions},
    Operation{"iam", "ListRolePolicies", iam::list_role_policies},
    Operation{"iam", "ListRoleTags", iam::list_role_tags},
    Operation{"iam", "ListRoles", iam::list_roles},
    Operation{"iam", "ListUserPolicies", iam::list_user_policies},
    Operation{"iam", "ListUserTags", iam::list_user_tags},
    Operation{"iam", "ListUsers", iam::list_users},
    Operation{"iam", "PutGroupPolicy", iam::put_group_policy},
    Operation{"iam", "PutRolePermissionsBoundary", iam::put_role_permissions_boundary},
    Operation{"iam", "PutRolePolicy", iam::put_role_policy},
    Operation{"iam", "PutUserPermissionsBoundary", iam::put_user_permissions_boundary},
    Operation{"iam", "PutUserPolicy", iam::put_user_policy},
    Operation{"iam", "RemoveUserFromGroup", iam::remove_user_from_group},
    Operation{"iam", "SetDefaultPolicyVersion", iam::set_default_policy_version},
    Operation{"iam", "TagPolicy", iam::tag_policy},
    Operation{"iam", "TagRole", iam::tag_role},
    Operation{"iam", "TagUser", iam::tag_user},
    Operation{"iam", "UntagPolicy", iam::untag_policy},
    Operation{"iam", "UntagRole", iam::untag_role},
    Operation{"iam", "UntagUser", iam::untag_user},
    Operation{"iam", "UpdateAssumeRolePolicy", iam::update_assume_role_policy},
    Operation{"iam", "UpdateGroup", iam::update_group},
    Operation{"iam", "UpdateRole", iam::update_role},
    Operation{"iam", "UpdateUser", iam::update_user},

    // --- iam: credentials, MFA, account (iam/iamcred.hpp) --------------------------
    Operation{"iam", "ChangePassword", iam::change_password},
    Operation{"iam", "CreateAccessKey", iam::create_access_key},
    Operation{"iam", "CreateAccountAlias", iam::create_account_alias},
    Operation{"iam", "CreateLoginProfile", iam::create_login_profile},
    Operation{"iam", "CreateVirtualMFADevice", iam::create_virtual_mfa_device},
    Operation{"iam", "DeactivateMFADevice", iam::deactivate_mfa_device},
    Operation{"iam", "DeleteAccessKey", iam::delete_access_key},
    Operation{"iam", "DeleteAccountAlias", iam::delete_account_alias},
    Operation{"iam", "DeleteAccountPasswordPolicy", iam::delete_account_password_policy},
    Operation{"iam", "DeleteLoginProfile", iam::delete_login_profile},
    Operation{"iam", "DeleteVirtualMFADevice", iam::delete_virtual_mfa_device},
    Operation{"iam", "EnableMFADevice", iam::enable_mfa_device},
    Operation{"iam", "GetAccessKeyLastUsed", iam::get_access_key_last_used},
    Operation{"iam", "GetAccountAuthorizationDetails", iam::get_account_authorization_details},
    Operation{"iam", "GetAccountPasswordPolicy", iam::get_account_password_policy},
    Operation{"iam", "GetAccountSummary", iam::get_account_summary},
    Operation{"iam", "GetLoginProfile", iam::get_login_profile},
    Operation{"iam", "ListAccessKeys", iam::list_access_keys},
    Operation{"iam", "ListAccountAliases", iam::list_account_aliases},
    Operation{"iam", "ListEntitiesForPolicy", iam::list_entities_for_policy},
    Operation{"iam", "ListMFADevices", iam::list_mfa_devices},
    Operation{"iam", "ListVirtualMFADevices", iam::list_virtual_mfa_devices},
    Operation{"iam", "ResyncMFADevice", iam::resync_mfa_device},
    Operation{"iam", "SimulateCustomPolicy", iam::simulate_custom_policy},
    Operation{"iam", "SimulatePrincipalPolicy", iam::simulate_principal_policy},
    Operation{"iam", "UpdateAccessKey", iam::update_access_key},
    Operation{"iam", "UpdateAccountPasswordPolicy", iam::update_account_password_policy},
    Operation{"iam", "UpdateLoginProfile", iam::update_login_profile},
    Operation{"iam", "UploadSSHPublicKey", iam::upload_ssh_public_key},
    Operation{"iam", "GetSSHPublicKey", iam::get_ssh_public_key},
    Operation{"iam", "ListSSHPublicKeys", iam::list_ssh_public_keys},
    Operation{"iam", "UpdateSSHPublicKey", iam::update_ssh_public_key},
    Operation{"iam", "DeleteSSHPublicKey", iam::delete_ssh_public_key},
    Operation{"iam", "UploadSigningCertificate", iam::upload_signing_certificate},
    Operation{"iam", "ListSigningCertificates", iam::list_signing_certificates},
    Operation{"iam", "UpdateSigningCertificate", iam::update_signing_certificate},
    Operation{"iam", "DeleteSigningCertificate", iam::delete_signing_certificate},

    // --- iam: identity providers (helper fed) -------------------------------------
    Operation{"iam", "AddClientIDToOpenIDConnectProvider", iam::add_client_id_to_open_id_connect_provider},
    Operation{"iam", "CreateOpenIDConnectProvider", iam::create_open_id_connect_provider},
    Operation{"iam", "DeleteOpenIDConnectProvider", iam::delete_open_id_connect_provider},
    Operation{"iam", "GetOpenIDConnectProvider", iam::get_open_id_connect_provider},
    Operation{"iam", "ListOpenIDConnectProviderTags", iam::list_open_id_connect_provider_tags},
    Operation{"iam", "ListOpenIDConnectProviders", iam::list_open_id_connect_providers},
    Operation{"iam", "RemoveClientIDFromOpenIDConnectProvider", iam::remove_client_id_from_open_id_connect_provider},
    Operation{"iam", "TagOpenIDConnectProvider", iam::tag_open_id_connect_provider},
    Operation{"iam", "UntagOpenIDConnectProvider", iam::untag_open_id_connect_provider},
    Operation{"iam", "UpdateOpenIDConnectProviderThumbprint", iam::update_open_id_connect_provider_thumbprint},
    Operation{"iam", "CreateSAMLProvider", iam::create_saml_provider},
    Operation{"iam", "DeleteSAMLProvider", iam::delete_saml_provider},
    Operation{"iam", "GetSAMLProvider", iam::get_saml_provider},
    Operation{"iam", "ListSAMLProviderTags", iam::list_saml_provider_tags},
    Operation{"iam", "ListSAMLProviders", iam::list_saml_providers},
    Operation{"iam", "TagSAMLProvider", iam::tag_saml_provider},
    Operation{"iam", "UntagSAMLProvider", iam::untag_saml_provider},
    Operation{"iam", "UpdateSAMLProvider", iam::update_saml_provider},

    // --- iam: instance profiles (iam/instance_profiles.hpp) -------------------------
    Operation{"iam", "AddRoleToInstanceProfile", iam::add_role_to_instance_profile},
    Operation{"iam", "CreateInstanceProfile", iam::create_instance_profile},
    Operation{"iam", "DeleteInstanceProfile", iam::delete_instance_profile},
    Operation{"iam", "GetInstanceProfile", iam::get_instance_profile},
    Operation{"iam", "ListInstanceProfileTags", iam::list_instance_profile_tags},
    Operation{"iam", "ListInstanceProfiles", iam::list_instance_profiles},
    Operation{"iam", "ListInstanceProfilesForRole", iam::list_instance_profiles_for_role},
    Operation{"iam", "RemoveRoleFromInstanceProfile", iam::remove_role_from_instance_profile},
    Operation{"iam", "TagInstanceProfile", iam::tag_instance_profile},
    Operation{"iam", "UntagInstanceProfile", iam::untag_instance_profile},

    // --- iam: server certificates (iam/server_certificates.cpp) ---------------------
    Operation{"iam", "DeleteServerCertificate", iam::delete_server_certificate},
    Operation{"iam", "GetServerCertificate", iam::get_server_certificate},
    Operation{"iam", "ListServerCertificateTags", iam::list_server_certificate_tags},
    Operation{"iam", "ListServerCertificates", iam::list_server_certificates},
    Operation{"iam", "TagServerCertificate", iam::tag_server_certificate},
    Operation{"iam", "UntagServerCertificate", iam::untag_server_certificate},
    Operation{"iam", "UpdateServerCertificate", iam::update_server_certificate},
    Operation{"iam", "UploadServerCertificate", iam::upload_server_certificate},

    // --- sts ---------------------------------------------------------------------
    Operation{"sts", "AssumeRole", sts::assume_role},
    Operation{"sts", "AssumeRoleWithSAML", sts::assume_role_with_saml},
    Operation{"sts", "AssumeRoleWithWebIdentity", sts::assume_role_with_web_identity},
    Operation{"sts", "GetAccessKeyInfo", sts::get_access_key_info},
    Operation{"sts", "GetCallerIdentity", sts::get_caller_identity},
    Operation{"sts", "GetSessionToken", sts::get_session_token},

    // --- cloudformation: stacks (helper stacks) ----------------------------------
    Operation{"cloudformation", "CreateChangeSet", cloudformation::create_change_set},
    Operation{"cloudformation", "CreateStack", cloudformation::create_stack},
    Operation{"cloudformation", "DeleteChangeSet", cloudformation::delete_change_set},
    Operation{"cloudformation", "DeleteStack", cloudformation::delete_stack},
    Operation{"cloudformation", "DescribeChangeSet", cloudformation::describe_change_set},
    Operation{"cloudformation", "DescribeStackEvents", cloudformation::describe_stack_events},
    Operation{"cloudformation", "DescribeStackResource", cloudformation::describe_stack_resource},
    Operation{"cloudformation", "DescribeStackResources", cloudformation::describe_stack_resources},
    Operation{"cloudformation", "DescribeStacks", cloudformation::describe_stacks},
    Operation{"cloudformation", "ExecuteChangeSet", cloudformation::execute_change_set},
    Operation{"cloudformation", "GetTemplate", cloudformation::get_template},
    Operation{"cloudformation", "GetTemplateSummary", cloudformation::get_template_summary},
    Operation{"cloudformation", "ListChangeSets", cloudformation::list_change_sets},
    Operation{"cloudformation", "ListExports", cloudformation::list_exports},
    Operation{"cloudformation", "ListImports", cloudformation::list_imports},
    Operation{"cloudformation", "ListStackResources", cloudformation::list_stack_resources},
    Operation{"cloudformation", "ListStacks", cloudformation::list_stacks},
    Operation{"cloudformation", "UpdateStack", cloudformation::update_stack},
    Operation{"cloudformation", "UpdateTerminationProtection", cloudformation::update_termination_protection},
    Operation{"cloudformation", "ValidateTemplate", cloudformation::validate_template},

    // --- s3 (helper s3) ----------------------------------------------------------
    Operation{"s3", "CopyObject", s3::copy_object},
    Operation{"s3", "CreateBucket", s3::create_bucket},
    Operation{"s3", "DeleteBucket", s3::delete_bucket},
    Operation{"s3", "DeleteBucketPolicy", s3::delete_bucket_policy},
    Operation{"s3", "DeleteObject", s3::delete_object},
    Operation{"s3", "GetBucketLocation", s3::get_bucket_location},
    Operation{"s3", "GetBucketPolicy", s3::get_bucket_policy},
    Operation{"s3", "GetObject", s3::get_object},
    Operation{"s3", "HeadBucket", s3::head_bucket},
    Operation{"s3", "HeadObject", s3::head_object},
    Operation{"s3", "ListBuckets", s3::list_buckets},
    Operation{"s3", "ListObjects", s3::list_objects},
    Operation{"s3", "ListObjectsV2", s3::list_objects_v2},
    Operation{"s3", "PutBucketPolicy", s3::put_bucket_policy},
    Operation{"s3", "PutObject", s3::put_object},

    // --- cloudformation: StackSets, SELF_MANAGED (helper stacksets) --------------
    Operation{"cloudformation", "CreateStackInstances", stacksets::create_stack_instances},
    Operation{"cloudformation", "CreateStackSet", stacksets::create_stack_set},
    Operation{"cloudformation", "DeleteStackInstances", stacksets::delete_stack_instances},
    Operation{"cloudformation", "DeleteStackSet", stacksets::delete_stack_set},
    Operation{"cloudformation", "DescribeStackInstance", stacksets::describe_stack_instance},
    Operation{"cloudformation", "DescribeStackSet", stacksets::describe_stack_set},
    Operation{"cloudformation", "DescribeStackSetOperation", stacksets::describe_stack_set_operation},
    Operation{"cloudformation", "ListStackInstances", stacksets::list_stack_instances},
    Operation{"cloudformation", "ListStackSetOperationResults", stacksets::list_stack_set_operation_results},
    Operation{"cloudformation", "ListStackSetOperations", stacksets::list_stack_set_operations},
    Operation{"cloudformation", "ListStackSets", stacksets::list_stack_sets},
    Operation{"cloudformation", "StopStackSetOperation", stacksets::stop_stack_set_operation},
    Operation{"cloudformation", "UpdateStackInstances", stacksets::update_stack_instances},
    Operation{"cloudformation", "UpdateStackSet", stacksets::update_stack_set},
};

}  // namespace

std::span<const Operation> operations() { return k_operations; }

const Operation* find_operation(std::string_view service, std::string_view action) {
    for (const Operation& op : k_operations)
        if (op.service == service && op.action == action) return &op;
    return nullptr;
}

}  // namespace jg::cloud
