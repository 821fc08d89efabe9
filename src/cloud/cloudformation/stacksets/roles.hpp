// The credentials a StackSet operation acts with in a target account, obtained as AWS
// does for SELF_MANAGED permissions: the service principal cloudformation.amazonaws.com
// assumes the administration role (which must trust it), and that role's session assumes
// the execution role of the target account (which must trust the administration role or
// its account, and be allowed by the administration role's policies). Both steps go
// through the real STS and policy engine.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "cloud/caller.hpp"
#include "cloud/cloud.hpp"
#include "core/error.hpp"

namespace jg::cloud::stacksets {

inline constexpr std::string_view k_service_principal = "cloudformation.amazonaws.com";

// One operation's role chain. The administration session is obtained once, on first use,
// and shared by every target (it is valid for an hour; operations are shorter here).
class RoleChain {
public:
    RoleChain(Cloud& cloud, std::string administration_role_arn, std::string execution_role_name,
              std::string session_name, std::string admin_region);

    // The execution role's session in `account` (STS calls made for `region`); on failure
    // the error's message is the StatusReason AWS gives the target:
    //   "Account ADMIN should have 'ROLE' role with trust relationship to CloudFormation service."
    //   "Account TARGET should have 'EXEC' role with trust relationship to Role 'ROLE'."
    Result<Credentials> target_session(const std::string& account, const std::string& region);

private:
    Result<Credentials> admin_session();

    Cloud& m_cloud;
    std::string m_admin_arn, m_exec_name, m_session_name, m_admin_region;
    std::string m_admin_account, m_admin_role_name;
    std::mutex m_mutex;
    std::optional<Result<Credentials>> m_admin;
};

}  // namespace jg::cloud::stacksets
