// Switching role from the command line, as the article's step 3-2 does in the console:
// an MFA session first (GetSessionToken with the user's device and a code), then
// AssumeRole into the member account's role with RoleSessionName = the user name. The MFA
// session is cached (session_cache.hpp) so that one code serves every account until it
// expires.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "jump/user/mfa_device.hpp"
#include "jump/user/session_cache.hpp"

namespace jg::jump::user {

struct AssumeRequest {
    std::string user;
    std::string account;   // 12-digit id of the role's account
    std::string role;      // role name (with its path, if any: "team/role-admin")
    std::optional<int> duration_seconds;          // of the role session; AWS's default (3600) when absent
    std::optional<int> session_duration_seconds;  // of the MFA session; AWS's default (43200) when absent
    std::optional<std::string> mfa_serial;        // else the user's enabled device (ListMFADevices)
};

// Asked for a code only when no cached MFA session can be used; gets the device serial.
using CodeSource = std::function<Result<std::string>(const std::string& serial)>;

struct RoleSession {
    AwsCredentials credentials;
    Time expiration{};
    std::string assumed_role_arn;
    std::string role_arn;
    bool mfa_session_cached = false;  // the MFA session came from the cache (no code asked)
};

// arn:aws:iam::ACCOUNT:role/ROLE; validates both (InvalidArgument).
Result<std::string> role_arn_of(const std::string& account, const std::string& role);

// The role session, through the cached MFA session when one has at least a minute left.
// When AssumeRole refuses a cached session (it may be too old for a trust policy's
// aws:MultiFactorAuthAge limit), the session is dropped and a fresh one asked for once.
Result<RoleSession> assume_with_mfa(const UserCall& call, const AssumeRequest& request, const SessionCache& cache,
                                    const Clock& clock, const CodeSource& code_source);

// The outputs of `jumpgate assume --format`:
//   env: `export AWS_ACCESS_KEY_ID=…` lines for `eval "$(jumpgate assume …)"`;
//   json: the AssumeRole output shape ({"Credentials": {…}, "AssumedRoleUser": {"Arn": …}});
//   credential-process: the aws CLI/SDKs' credential_process JSON (Version 1).
std::string format_env(const RoleSession& s);
std::string format_json(const RoleSession& s);
std::string format_credential_process(const RoleSession& s);

}  // namespace jg::jump::user
