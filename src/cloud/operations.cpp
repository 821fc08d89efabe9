#include "cloud/operations.hpp"

#include <array>

#include "cloud/iam/iam.hpp"
#include "cloud/iam/iamcred.hpp"
#include "cloud/sts/sts.hpp"

namespace jg::cloud {

namespace {

// One line per operation. Each service keeps its own block; keep a block's lines sorted
// by action name.
constexpr std::array k_operations{
    // --- iam ---------------------------------------------------------------------
    Operation{"iam", "CreateUser", iam::create_user},
    Operation{"iam", "GetUser", iam::get_user},

    // --- iam: credentials, MFA, account (helper iamcred) -------------------------
    Operation{"iam", "ChangePassword", iam::change_password},
    Operation{"iam", "CreateAccessKey", iam::create_access_key},
    Operation{"iam", "CreateLoginProfile", iam::create_login_profile},
    Operation{"iam", "CreateVirtualMFADevice", iam::create_virtual_mfa_device},
    Operation{"iam", "DeactivateMFADevice", iam::deactivate_mfa_device},
    Operation{"iam", "DeleteAccessKey", iam::delete_access_key},
    Operation{"iam", "DeleteAccountPasswordPolicy", iam::delete_account_password_policy},
    Operation{"iam", "DeleteLoginProfile", iam::delete_login_profile},
    Operation{"iam", "DeleteVirtualMFADevice", iam::delete_virtual_mfa_device},
    Operation{"iam", "EnableMFADevice", iam::enable_mfa_device},
    Operation{"iam", "GetAccessKeyLastUsed", iam::get_access_key_last_used},
    Operation{"iam", "GetAccountPasswordPolicy", iam::get_account_password_policy},
    Operation{"iam", "GetLoginProfile", iam::get_login_profile},
    Operation{"iam", "ListAccessKeys", iam::list_access_keys},
    Operation{"iam", "ListMFADevices", iam::list_mfa_devices},
    Operation{"iam", "ListVirtualMFADevices", iam::list_virtual_mfa_devices},
    Operation{"iam", "ResyncMFADevice", iam::resync_mfa_device},
    Operation{"iam", "UpdateAccessKey", iam::update_access_key},
    Operation{"iam", "UpdateAccountPasswordPolicy", iam::update_account_password_policy},
    Operation{"iam", "UpdateLoginProfile", iam::update_login_profile},

    // --- sts ---------------------------------------------------------------------
    Operation{"sts", "GetCallerIdentity", sts::get_caller_identity},

    // --- s3 (helper s3) ----------------------------------------------------------
};

}  // namespace

std::span<const Operation> operations() { return k_operations; }

const Operation* find_operation(std::string_view service, std::string_view action) {
    for (const Operation& op : k_operations)
        if (op.service == service && op.action == action) return &op;
    return nullptr;
}

}  // namespace jg::cloud
