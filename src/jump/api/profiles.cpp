#include "jump/api/profiles.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdlib>
#include <map>
#include <optional>

#include "core/credentials_file.hpp"

namespace jg::jump {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string expand_home(std::string path) {
    if (path == "~" || path.starts_with("~/")) path = env("HOME") + path.substr(1);
    return path;
}

using Settings = std::map<std::string, std::string>;

std::string get(const Settings& s, const std::string& key) {
    auto it = s.find(key);
    return it == s.end() ? std::string() : it->second;
}

// Keys from one file's section: nullopt when it has none at all.
Result<std::optional<AwsCredentials>> keys_of(const Settings& s, std::string_view name, const std::string& path) {
    AwsCredentials c{get(s, "aws_access_key_id"), get(s, "aws_secret_access_key"), get(s, "aws_session_token")};
    if (c.access_key_id.empty() && c.secret_access_key.empty()) return std::optional<AwsCredentials>();
    if (c.access_key_id.empty() || c.secret_access_key.empty())
        return fail("PartialCredentials", fmt::format("profile '{}' in {} is missing {}", name, path,
                                                      c.access_key_id.empty() ? "aws_access_key_id" : "aws_secret_access_key"));
    return std::optional<AwsCredentials>(std::move(c));
}

}  // namespace

ProfileFiles default_profile_files() {
    ProfileFiles files;
    files.credentials_path = expand_home(env("AWS_SHARED_CREDENTIALS_FILE"));
    files.config_path = expand_home(env("AWS_CONFIG_FILE"));
    if (files.credentials_path.empty()) files.credentials_path = env("HOME") + "/.aws/credentials";
    if (files.config_path.empty()) files.config_path = env("HOME") + "/.aws/config";
    return files;
}

Result<AwsProfile> read_profile(std::string_view requested, const ProfileFiles& files) {
    std::string name(requested);
    if (name.empty()) name = env("AWS_PROFILE");
    if (name.empty()) name = "default";

    auto credentials = read_ini_section(files.credentials_path, name);
    if (!credentials) return Unexpected(credentials.error());
    // The config file names profiles "[profile NAME]"; the default may also be "[default]".
    auto config = read_ini_section(files.config_path, "profile " + name);
    if (!config) return Unexpected(config.error());
    if (!*config && name == "default") {
        config = read_ini_section(files.config_path, "default");
        if (!config) return Unexpected(config.error());
    }
    if (!*credentials && !*config)
        return fail("ProfileNotFound", fmt::format("the config profile ({}) could not be found in {} or {}", name,
                                                   files.credentials_path, files.config_path));

    AwsProfile profile;
    profile.name = name;
    if (*config) profile.region = get(**config, "region");
    // The credentials file wins over the config file, as in the aws CLI.
    if (*credentials) {
        auto keys = keys_of(**credentials, name, files.credentials_path);
        if (!keys) return Unexpected(keys.error());
        if (*keys) {
            profile.credentials = std::move(**keys);
            profile.source = files.credentials_path;
            return profile;
        }
    }
    if (*config) {
        auto keys = keys_of(**config, name, files.config_path);
        if (!keys) return Unexpected(keys.error());
        if (*keys) {
            profile.credentials = std::move(**keys);
            profile.source = files.config_path;
            return profile;
        }
        static constexpr std::array k_indirect = {"role_arn", "credential_process", "sso_session", "sso_start_url",
                                                  "web_identity_token_file"};
        for (const char* key : k_indirect)
            if (!get(**config, key).empty())
                return fail("UnsupportedProfile",
                            fmt::format("profile '{}' gets its credentials through {}; only profiles with "
                                        "aws_access_key_id and aws_secret_access_key are supported",
                                        name, key));
    }
    return fail("NoCredentials", fmt::format("profile '{}' has no aws_access_key_id and aws_secret_access_key", name));
}

Result<AwsCredentials> read_profile_credentials(std::string_view name, const ProfileFiles& files) {
    auto profile = read_profile(name, files);
    if (!profile) return Unexpected(profile.error());
    return std::move(profile->credentials);
}

}  // namespace jg::jump
