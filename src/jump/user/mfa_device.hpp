// A user's own virtual MFA device, registered as the article's step 3-1 does it in the
// console: CreateVirtualMFADevice (the seed and its QR code), then EnableMFADevice with two
// consecutive codes of the authenticator. Every call is made with the user's own key,
// which the seed's policy-enforce-mfa allows before MFA for a device named after the user.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "jump/api/aws_api.hpp"

namespace jg::jump::user {

// Where calls go and as whom.
struct UserCall {
    AwsApi& api;
    AwsCredentials credentials;  // the user's long-term key
    std::string region;

    Result<Node> operator()(std::string_view service, std::string_view action, const Node& input) const {
        return api.call(credentials, service, action, input, region);
    }
};

struct Identity {
    std::string account;
    std::string arn;
    std::string user_name;  // empty when the key is not an IAM user's
};

// GetCallerIdentity; refuses a key that is not `expected_user`'s own (ValidationError).
Result<Identity> whoami(const UserCall& call, const std::string& expected_user);

// The serial number AWS gives a virtual device: arn:aws:iam::ACCOUNT:mfa/NAME.
std::string virtual_device_serial(const std::string& account, const std::string& device_name);

struct NewDevice {
    std::string serial_number;
    std::string base32_seed;
    std::string qr_png;       // the PNG bytes
    std::string otpauth_uri;  // what the QR code holds (it contains the seed)
};

// CreateVirtualMFADevice named `device_name`.
Result<NewDevice> create_device(const UserCall& call, const Identity& who, const std::string& device_name);

// The serial of the user's enabled MFA device (ListMFADevices), nullopt when none.
Result<std::optional<std::string>> enabled_device(const UserCall& call, const std::string& user);

// True when `serial` is a virtual device of the account that no user holds yet (created
// by an earlier enrollment that was not completed).
Result<bool> is_unassigned_device(const UserCall& call, const std::string& serial);

Result<void> enable_device(const UserCall& call, const std::string& user, const std::string& serial,
                           const std::string& code1, const std::string& code2);

Result<void> delete_device(const UserCall& call, const std::string& serial);

// Two consecutive codes of `base32_seed` for scripting against the local cloud: those of
// the two time steps before the one that contains `now`, so that the current code stays
// unspent for the first GetSessionToken. Errors when the seed is not Base32.
Result<std::pair<std::string, std::string>> codes_from_seed(const std::string& base32_seed, Time now);

// True when `code` is six decimal digits, as STS and IAM require.
bool is_mfa_code(std::string_view code);

}  // namespace jg::jump::user
