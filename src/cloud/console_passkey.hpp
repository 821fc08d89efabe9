// Passkeys (WebAuthn credentials, ES256) as MFA devices of IAM users, for the console:
// registering one from the user's own console session, and checking one at sign-in
// instead of a TOTP code. The ceremony's cryptography is core/webauthn's; this keeps the
// credentials with the user's IAM data (iam/fido_device.hpp) and their counters.
//
// As on AWS, a FIDO device is an MFA device of the console only: ListMFADevices lists it
// (serial arn:aws:iam::ACCOUNT:u2f/user/USER/NAME-…), DeactivateMFADevice removes it, but
// STS's SerialNumber/TokenCode can never name it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cloud/caller.hpp"
#include "cloud/cloud.hpp"
#include "cloud/console_signin.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/webauthn.hpp"

namespace jg::cloud {

struct ConsolePasskey {
    std::string serial_number;
    std::string device_name;
    std::string credential_id;  // base64url
    Time enable_date{};
};

// The user's passkeys (none when the user has none).
Result<std::vector<ConsolePasskey>> console_passkeys(Cloud& cloud, std::string_view account, std::string_view user);

// Registers a passkey for the caller of `who` (an IAM user's own session) named
// `device_name` ([\w+=,.@-], 1-64), after checking the ceremony against `expected`. The
// caller needs iam:EnableMFADevice on its own user, as for a virtual device. Errors:
// AccessDenied (not a user's session, the policy, or the ceremony), ValidationError (the
// name), LimitExceeded (8 MFA devices), EntityAlreadyExists (credential id known).
Result<ConsolePasskey> register_console_passkey(Cloud& cloud, const Credentials& who, const RequestInfo& info,
                                                std::string_view device_name, std::string_view client_data_json,
                                                std::string_view attestation_object,
                                                const webauthn::Expectation& expected);

// Checks an assertion of the user's passkey `credential_id` (base64url) at sign-in; the
// RP ID is the expected origin's host and must be the one the passkey was registered
// for. On success the new counter is stored and the time of the check returned (the
// console session's aws:MultiFactorAuthAge counts from it). Errors: AccessDenied.
Result<Time> check_console_passkey(Cloud& cloud, const ConsoleUser& user, std::string_view credential_id,
                                   std::string_view client_data_json, std::string_view authenticator_data,
                                   std::string_view signature, const webauthn::Expectation& expected);

}  // namespace jg::cloud
