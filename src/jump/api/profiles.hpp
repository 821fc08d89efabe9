// Credentials of a named profile from the AWS shared files, as the aws CLI finds them:
// `~/.aws/credentials` ([NAME]) first, then `~/.aws/config` ([profile NAME], [default]),
// the paths overridable with AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE. Static keys
// with an optional session token only: profiles that assume a role, run a process or use
// SSO are refused with a clear error rather than half-followed.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "jump/api/aws_api.hpp"

namespace jg::jump {

struct ProfileFiles {
    std::string credentials_path;
    std::string config_path;
};

// From AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE ('~' expanded), else
// $HOME/.aws/credentials and $HOME/.aws/config.
ProfileFiles default_profile_files();

struct AwsProfile {
    std::string name;
    AwsCredentials credentials;
    std::string region;  // the config file's `region`, may be empty
    std::string source;  // the file the keys came from
};

// `name` empty means AWS_PROFILE, else "default". Errors: "ProfileNotFound" (in neither
// file), "PartialCredentials" (a key id without its secret or the reverse),
// "UnsupportedProfile" (role_arn, credential_process, sso_* instead of keys),
// "NoCredentials" (the profile exists but has no keys), "CredentialsFileError" (I/O).
[[nodiscard]] Result<AwsProfile> read_profile(std::string_view name, const ProfileFiles& files = default_profile_files());

// Just the credentials of read_profile.
[[nodiscard]] Result<AwsCredentials> read_profile_credentials(std::string_view name,
                                                              const ProfileFiles& files = default_profile_files());

}  // namespace jg::jump
