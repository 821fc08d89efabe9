// STS handlers (2011-06-15): GetCallerIdentity, GetSessionToken, AssumeRole.
//
// Temporary credentials are self-contained (session_token.hpp): issuing them writes
// nothing, except the replay marker of an MFA device whose code was accepted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cloud/call_context.hpp"

namespace jg::cloud::sts {

Result<Node> get_caller_identity(CallContext& ctx);
// get_access_key_info.cpp: the account of an access key id; no permission needed.
Result<Node> get_access_key_info(CallContext& ctx);
Result<Node> get_session_token(CallContext& ctx);
Result<Node> assume_role(CallContext& ctx);
// assume_role_with_web_identity.cpp: unsigned; the OIDC token is the credential.
Result<Node> assume_role_with_web_identity(CallContext& ctx);
// assume_role_with_saml.cpp: unsigned; the IdP's signed SAML response is the credential.
Result<Node> assume_role_with_saml(CallContext& ctx);

// Shared by the handlers: a new ASIA… key id for `session`, sealed into a token, and the
// AWS Credentials shape {AccessKeyId, SecretAccessKey, SessionToken, Expiration}.
Node issue_credentials(CallContext& ctx, Caller& session);

// The inputs every AssumeRole* call reads alike: DurationSeconds (900..43200, default
// 3600; the role's own maximum is checked later) and the session Policy (1..2048
// characters, a valid identity policy, else MalformedPolicyDocument).
Result<std::int64_t> role_session_duration(const Node& in);
Result<std::optional<std::string>> role_session_policy(const Node& in);

// Checks SerialNumber + TokenCode against the calling user's enabled MFA device and
// records the accepted step (replay refusal). Returns the time of the check.
Result<Time> check_mfa(CallContext& ctx, const std::string& serial, const std::optional<std::string>& code);

}  // namespace jg::cloud::sts
