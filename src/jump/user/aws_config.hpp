// `~/.aws/config` profiles for the roles a user can reach (reachable_roles.hpp), in one of
// two styles the aws CLI and the SDKs understand:
//  - assume-role profiles: source_profile (the user's key), mfa_serial, role_arn,
//    role_session_name, duration_seconds — the CLI asks for an MFA code per role;
//  - credential_process profiles running `jumpgate assume … --format credential-process`,
//    whose cached MFA session lets one code serve every role.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "jump/user/reachable_roles.hpp"

namespace jg::jump::user {

struct AwsConfigRequest {
    std::string user;
    std::string source_profile;  // the profile of the user's own key
    std::string mfa_serial;
    std::string region;
    std::optional<int> duration_seconds;  // 3600 (AWS's default) when absent
    // Set for credential_process profiles: the jumpgate command and the home it uses.
    std::string credential_process_command;
    std::string home;
    std::vector<std::string> target_args;  // e.g. {"--endpoint-url", URL}
};

// The profile name of a role: ACCOUNT-ROLE (a path's '/' becomes '-').
std::string role_profile_name(const ReachableRole& role);

std::string render_aws_config(const AwsConfigRequest& request, const std::vector<ReachableRole>& roles);

// One word for a credential_process line, which botocore splits like a POSIX shell:
// quoted when it holds anything beyond [A-Za-z0-9@%+=:,./_-].
std::string shell_word(const std::string& word);

}  // namespace jg::jump::user
