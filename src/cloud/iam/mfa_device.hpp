// The MFA device document, shared by the IAM handlers that create and enable devices
// (CreateVirtualMFADevice, EnableMFADevice, ...) and by STS, which checks TokenCodes.
//
// Store key: account = the device's account, kind = k_mfa_device_kind, name = the part of
// the serial number after "mfa/" (PATH + NAME, e.g. "alice" or "team/alice-phone").
// Body: the JSON object below. A device is "enabled" when UserName is set.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/node.hpp"
#include "cloud/store/store.hpp"

namespace jg::cloud::iam {

inline constexpr std::string_view k_mfa_device_kind = "mfa-device";
inline constexpr std::size_t k_max_mfa_devices_per_user = 8;

struct MfaDevice {
    std::string serial_number;  // "SerialNumber": arn:aws:iam::ACCOUNT:mfa/PATH+NAME
    std::string path = "/";     // "Path"
    std::string seed;           // "Base32StringSeed": the TOTP secret, Base32 as AWS returns it
    Time create_date{};         // "CreateDate" (ISO 8601)
    std::string user_name;      // "UserName": set while enabled for that user, else empty
    std::optional<Time> enable_date;     // "EnableDate"
    // "LastAcceptedStep": the TOTP step of the last code accepted for this device (by
    // EnableMFADevice, ResyncMFADevice or STS); a code of this step or earlier is a replay.
    std::int64_t last_accepted_step = -1;
    std::vector<std::pair<std::string, std::string>> tags;  // "Tags": [{Key, Value}]

    bool enabled() const { return !user_name.empty(); }
};

Node mfa_device_to_node(const MfaDevice& device);
Result<MfaDevice> mfa_device_from_node(const Node& node);

// The store name of a serial number (the part after "mfa/"), or nullopt when the serial
// is not an MFA ARN of `account`.
std::optional<std::string> mfa_device_key(std::string_view account, std::string_view serial_number);

Result<std::optional<MfaDevice>> load_mfa_device(store::Reader& r, std::string_view account,
                                                 std::string_view serial_number);
Result<void> save_mfa_device(store::Tx& tx, std::string_view account, const MfaDevice& device);

// Checks a TokenCode against the device at `now` (±1 step) and refuses replays. On
// success the accepted step is recorded in `device` (the caller saves it). Errors are
// AccessDenied "MultiFactorAuthentication failed with invalid MFA one time pass code."
Result<void> accept_mfa_code(MfaDevice& device, std::string_view code, Time now);

}  // namespace jg::cloud::iam
