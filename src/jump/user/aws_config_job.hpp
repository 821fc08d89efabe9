// `jumpgate aws-config` as a workflow: the roles a user can reach (from the declarative file
// or from the live IAM of the accounts the connection knows), the user's MFA device, and
// the profiles rendered for them (aws_config.hpp). The CLI only parses flags and prints.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "jump/api/connection.hpp"

namespace jg::jump::user {

struct AwsConfigJob {
    ConnectionOptions target;
    std::string user;
    std::string file;           // the declarative file, when given: its region and its roles
    std::string profile;        // the profile of the user's own key (default: the user name)
    std::string admin_account;  // where the user lives, when the connection cannot tell
    std::vector<std::string> accounts;  // further accounts to read the roles of
    std::optional<int> duration;
    bool credential_process = false;
    std::string jumpgate = "jumpgate";  // the command credential_process profiles run
};

struct AwsConfigResult {
    std::string text;          // the ~/.aws/config profiles
    bool reaches_none = false;  // the user can reach no role
};

[[nodiscard]] Result<AwsConfigResult> generate_aws_config(const AwsConfigJob& job);

}  // namespace jg::jump::user
