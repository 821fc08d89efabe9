// The user's own long-term access key, which `mfa enroll`, `assume` and the aws CLI's
// source profile sign with. Convention: a profile named after the user in the target's
// shared credentials file (HOME/credentials for the local cloud, where `cloud account
// add` also writes the `[root-ACCOUNT]` profiles), unless `--profile` names another.
#pragma once

#include <string>

#include "core/error.hpp"
#include "jump/api/aws_api.hpp"

namespace jg::jump::user {

// The profile's keys. "NoCredentials" (saying how to get a key) when the file or the
// profile does not exist.
Result<AwsCredentials> profile_credentials(const std::string& credentials_file, const std::string& profile,
                                           const std::string& user);

// An operator step for the local cloud: CreateAccessKey for `user` with the admin account's
// credentials (its root), written as profile `profile` into `credentials_file` (0600).
// Refuses ("ProfileExists") when the profile already exists, so that a key is never
// orphaned; nothing is created then.
Result<AwsCredentials> create_user_key(AwsApi& api, const AwsCredentials& admin, const std::string& region,
                                       const std::string& user, const std::string& credentials_file,
                                       const std::string& profile);

}  // namespace jg::jump::user
