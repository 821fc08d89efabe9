// IAM handlers for credentials, MFA and the account: login profiles and the password
// policy, access keys, virtual MFA devices, account aliases and summary, authorization
// details and the policy simulator. One function per API operation (dispatch table in
// operations.cpp), grouped in files by concept; the helpers below are shared by them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cloud/call_context.hpp"
#include "cloud/iam/password_policy.hpp"
#include "cloud/store/store.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::iam {

// login_profiles.cpp
Result<Node> create_login_profile(CallContext& ctx);
Result<Node> get_login_profile(CallContext& ctx);
Result<Node> update_login_profile(CallContext& ctx);
Result<Node> delete_login_profile(CallContext& ctx);
Result<Node> change_password(CallContext& ctx);

// password_policy_ops.cpp
Result<Node> update_account_password_policy(CallContext& ctx);
Result<Node> get_account_password_policy(CallContext& ctx);
Result<Node> delete_account_password_policy(CallContext& ctx);

// access_keys.cpp
Result<Node> create_access_key(CallContext& ctx);
Result<Node> list_access_keys(CallContext& ctx);
Result<Node> update_access_key(CallContext& ctx);
Result<Node> delete_access_key(CallContext& ctx);
Result<Node> get_access_key_last_used(CallContext& ctx);

// mfa_devices.cpp
Result<Node> create_virtual_mfa_device(CallContext& ctx);
Result<Node> enable_mfa_device(CallContext& ctx);
Result<Node> resync_mfa_device(CallContext& ctx);
Result<Node> deactivate_mfa_device(CallContext& ctx);
Result<Node> delete_virtual_mfa_device(CallContext& ctx);
Result<Node> list_mfa_devices(CallContext& ctx);
Result<Node> list_virtual_mfa_devices(CallContext& ctx);

// account_info.cpp
Result<Node> create_account_alias(CallContext& ctx);
Result<Node> delete_account_alias(CallContext& ctx);
Result<Node> list_account_aliases(CallContext& ctx);
Result<Node> get_account_summary(CallContext& ctx);

// authorization_details.cpp
Result<Node> get_account_authorization_details(CallContext& ctx);
Result<Node> list_entities_for_policy(CallContext& ctx);

// simulate.cpp
Result<Node> simulate_principal_policy(CallContext& ctx);
Result<Node> simulate_custom_policy(CallContext& ctx);

// --- shared by the handlers above (iamcred_common.cpp) -------------------------------

// The user an operation acts on: the named one, or — when UserName is absent — the
// caller's own (root acts on itself: its access keys, its MFA).
struct TargetUser {
    std::string name;  // "" for root
    std::string arn;   // the user's ARN, or the account's root ARN
    Node doc;          // the stored user document (empty object for root)
    bool is_root() const { return name.empty(); }
};

// Reads and checks UserName (1–`max_len` of [\w+=,.@-]) and finds the user. Without
// UserName: root acts on itself; a user on itself; anyone else gets AWS's
// "Must specify userName when calling with non-User credentials". NoSuchEntity
// "The user with name X cannot be found." when the user does not exist.
Result<TargetUser> target_user(CallContext& ctx, store::Reader& r, std::size_t max_len = 128,
                               bool required = false);

// target_user, then `action` authorised on the user's ARN. A missing user is reported
// only to a caller who may perform `action` on the ARN it would have.
Result<TargetUser> authorized_user(CallContext& ctx, std::string_view action, std::size_t max_len = 128,
                                   bool required = false);

Unexpected no_such_user(std::string_view name);

// "arn:aws:iam::ACCOUNT:user/PATH/NAME" for a user that may not exist (authorisation
// before the lookup must not reveal whether it does).
std::string user_arn_guess(std::string_view account, std::string_view name);

// Reads an enum member; ValidationError "... Member must satisfy enum value set: [A, B]".
Result<std::optional<std::string>> optional_enum(const Node& input, std::string_view member,
                                                 std::initializer_list<std::string_view> values);

// The account's password policy, nullopt when it has none (password_policy_ops.cpp).
Result<std::optional<PasswordPolicy>> load_password_policy(store::Reader& r, std::string_view account);

// An empty output (AWS sends only ResponseMetadata for these).
inline Node empty_output() { return Node::make_object(); }

}  // namespace jg::cloud::iam
