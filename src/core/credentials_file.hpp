// The AWS shared credentials file (`~/.aws/credentials` format): INI sections of
// aws_access_key_id / aws_secret_access_key / aws_session_token. jumpgate writes a
// `[root-ACCOUNT]` profile per local account into HOME/credentials so that
// `AWS_SHARED_CREDENTIALS_FILE=HOME/credentials aws --profile root-ACCOUNT …` works.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace jg {

struct CredentialsProfile {
    std::string name;
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;  // empty for long-term keys
};

// Adds or replaces the profile, keeping every other profile and comment as they were.
// The file is created with mode 0600 and replaced atomically (a reader never sees half a
// file); an advisory lock on PATH.lock serialises writers in different processes.
// Errors: "InvalidProfile" (a name or value that would break the INI syntax),
// "CredentialsFileError" (I/O).
Result<void> upsert_credentials_profile(const std::string& path, const CredentialsProfile& profile);

// The profile `name`, or nullopt when the file or the profile does not exist.
Result<std::optional<CredentialsProfile>> read_credentials_profile(const std::string& path,
                                                                   const std::string& name);

// The `key = value` settings of section `[section]` of an AWS INI file (~/.aws/credentials
// or ~/.aws/config), or nullopt when the file or the section does not exist. Keys are
// lower-cased, values trimmed; comment lines (# or ;) and indented sub-settings (the
// `s3 =` block of a config file) are skipped; a repeated section adds to the first.
// Error "CredentialsFileError" when the file exists but cannot be read.
Result<std::optional<std::map<std::string, std::string>>> read_ini_section(const std::string& path,
                                                                           const std::string& section);

}  // namespace jg
