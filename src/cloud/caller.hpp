// Who made a request: the principal resolved from the request's credentials, with the
// facts AWS puts into the request context (MFA, session name, source identity, ...).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace jg::cloud {

// The kinds of credential a request can carry.
enum class CredentialKind {
    root,           // the account's root access key (AKIA…)
    user,           // an IAM user's long-term access key (AKIA…)
    session_token,  // GetSessionToken credentials of a user or of root (ASIA… + token)
    role_session,   // AssumeRole credentials (ASIA… + token)
    // A console sign-in of an IAM user (password, and MFA when the user has a device):
    // temporary like GetSessionToken's, but, as AWS's console sessions, free to call IAM
    // without MFA (the user's policies decide, with aws:MultiFactorAuthPresent false).
    console,
    // No credentials: only the calls that carry their own proof (AssumeRoleWithWebIdentity,
    // AssumeRoleWithSAML) accept it. Never sealed into a token.
    anonymous,
};

const char* credential_kind_name(CredentialKind kind);

struct Caller {
    CredentialKind kind = CredentialKind::root;
    std::string access_key_id;
    std::string account;  // 12 digits: the caller's own account
    // arn:aws:iam::A:root, arn:aws:iam::A:user/PATH/NAME or
    // arn:aws:sts::A:assumed-role/ROLE/SESSION (GetSessionToken sessions keep the ARN of
    // the user or root that asked for them, as AWS's GetCallerIdentity shows).
    std::string arn;
    // aws:userid: the account id for root, AIDA… for users, AROA…:SESSION for role sessions.
    std::string user_id;
    bool is_root = false;          // root, or a GetSessionToken session of root
    std::string user_name;         // IAM users and their GetSessionToken sessions
    std::string role_name;         // role sessions
    std::string role_id;           // role sessions: AROA…
    std::string role_arn;          // role sessions: arn:aws:iam::A:role/PATH/NAME
    std::string session_name;      // role sessions: sts:RoleSessionName
    std::string source_identity;   // sts:SourceIdentity, carried along a chain
    std::string session_policy;    // inline session policy JSON given to AssumeRole
    // aws:MultiFactorAuthPresent: nullopt for long-term keys (the key is absent).
    std::optional<bool> mfa_present;
    std::optional<Time> mfa_auth_time;  // when the MFA code was checked
    std::optional<Time> expiration;     // temporary credentials only

    bool temporary() const {
        return kind == CredentialKind::session_token || kind == CredentialKind::role_session ||
               kind == CredentialKind::console;
    }
};

// What a request carries besides its credentials; the wire layer fills it from HTTP.
struct RequestInfo {
    std::string source_ip = "127.0.0.1";
    bool secure_transport = false;
    std::string region = "us-east-1";
};

// The credentials presented with a request (the secret is checked by SigV4 in wire/).
struct Credentials {
    std::string access_key_id;
    std::string session_token;  // empty for long-term keys
};

}  // namespace jg::cloud
