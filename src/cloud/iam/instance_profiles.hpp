// IAM instance profiles: a named container for one role (EC2 hands its credentials to an
// instance). Stored per account under kind k_instance_profile, by lower-case name:
//   {"Path", "InstanceProfileName", "InstanceProfileId" (AIPA…), "Arn", "CreateDate",
//    "Tags": [...], "RoleNames": [role name]}  (at most one role: AWS's quota)
// and, per role, k_role_instance_profile "role/profile" {"InstanceProfileName"} so that
// ListInstanceProfilesForRole and DeleteRole find a role's profiles.
#pragma once

#include <string_view>

#include "cloud/call_context.hpp"
#include "cloud/store/store.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::iam {

inline constexpr std::string_view k_instance_profile = "instance-profile";
inline constexpr std::string_view k_role_instance_profile = "role-instance-profile";

// The instance profiles holding the role (AWS's InstanceProfile shapes, without Tags), as
// GetAccountAuthorizationDetails lists them in a RoleDetail's InstanceProfileList.
Result<Node> role_instance_profiles(store::Reader& r, std::string_view account, std::string_view role_name);

Result<Node> create_instance_profile(CallContext& ctx);
Result<Node> get_instance_profile(CallContext& ctx);
Result<Node> list_instance_profiles(CallContext& ctx);
Result<Node> delete_instance_profile(CallContext& ctx);
Result<Node> add_role_to_instance_profile(CallContext& ctx);
Result<Node> remove_role_from_instance_profile(CallContext& ctx);
Result<Node> list_instance_profiles_for_role(CallContext& ctx);
Result<Node> tag_instance_profile(CallContext& ctx);
Result<Node> untag_instance_profile(CallContext& ctx);
Result<Node> list_instance_profile_tags(CallContext& ctx);

}  // namespace jg::cloud::iam
