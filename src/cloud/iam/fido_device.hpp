// A FIDO security key or passkey registered as an MFA device of an IAM user (WebAuthn,
// core/webauthn), as AWS lists them beside virtual devices. Registered and used only by
// the console: a FIDO device satisfies the console's MFA at sign-in, but STS
// (GetSessionToken, AssumeRole) takes TOTP codes only — its serial is not an "mfa/" ARN,
// so `--serial-number/--token-code` can never name it.
//
// Store key: account = the user's account, kind = k_fido_device_kind, name = the
// credential id in base64url. Body: the JSON object below.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/store/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/node.hpp"
#include "core/webauthn.hpp"

namespace jg::cloud::iam {

inline constexpr std::string_view k_fido_device_kind = "fido-device";

struct FidoDevice {
    std::string serial_number;  // "SerialNumber": arn:aws:iam::ACCOUNT:u2f/user/USER/NAME-SUFFIX
    std::string user_name;      // "UserName"
    std::string device_name;    // "DeviceName": the name the user gave it
    std::string credential_id;  // "CredentialId": base64url
    std::string rp_id;          // "RpId": the RP ID it was registered for
    webauthn::PublicKey key;    // "PublicKeyX"/"PublicKeyY" (base64url), "Algorithm"
    std::uint32_t sign_count = 0;  // "SignCount": the last counter accepted
    Time enable_date{};            // "EnableDate"
};

// Whether a serial number names a FIDO device ("...:u2f/..."), not a TOTP device.
bool is_fido_serial(std::string_view serial_number);

Node fido_device_to_node(const FidoDevice& device);
Result<FidoDevice> fido_device_from_node(const Node& node);

// The account's FIDO devices of `user` (case-insensitive), or of every user when empty.
Result<std::vector<FidoDevice>> fido_devices(store::Reader& r, std::string_view account, std::string_view user = {});
Result<void> save_fido_device(store::Tx& tx, std::string_view account, const FidoDevice& device);

}  // namespace jg::cloud::iam
