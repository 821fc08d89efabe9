// The MFA session cache: the temporary credentials of one GetSessionToken with MFA, kept
// on disk until they expire, so that one MFA code serves AssumeRole into every account
// (the console remembers an MFA sign-in the same way; the aws CLI's own cache is per role
// and asks for a code per role).
//
// One file per source key under DIR (HOME/sessions): mode 0600 in a 0700 directory,
// replaced atomically. The file names the long-term key and the MFA device it came from;
// a session made with another key or device is never handed out.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "jump/api/aws_api.hpp"

namespace jg::jump::user {

struct MfaSession {
    std::string source_access_key_id;  // the user's long-term key that asked for it
    std::string mfa_serial;
    AwsCredentials credentials;
    Time expiration{};
};

class SessionCache {
public:
    // `dir` is created on first store.
    explicit SessionCache(std::string dir) : m_dir(std::move(dir)) {}

    // The cached session for `source_access_key_id`, when there is one that still has at
    // least `margin` to live at `now`. An unreadable or foreign entry counts as absent.
    Result<std::optional<MfaSession>> find(const std::string& source_access_key_id, Time now,
                                           std::chrono::seconds margin) const;

    Result<void> store(const MfaSession& session) const;

    // Forgets the session of that key (no error when there is none).
    Result<void> drop(const std::string& source_access_key_id) const;

    // The file that holds the session of that key.
    std::string path_for(const std::string& source_access_key_id) const;

private:
    std::string m_dir;
};

}  // namespace jg::jump::user
