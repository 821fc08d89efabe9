#include "jump/user/mfa_device.hpp"

#include "core/encoding.hpp"
#include "core/qr.hpp"
#include "core/totp.hpp"

namespace jg::jump::user {

namespace {

// The issuer AWS puts in its QR codes; authenticator apps show it above the code.
constexpr std::string_view k_issuer = "Amazon Web Services";

std::string text_of(const Node& n, std::string_view key) {
    const Node* v = n.find(key);
    return v && v->is_scalar() ? v->text : std::string{};
}

Node object_with(std::initializer_list<std::pair<const char*, std::string>> members) {
    Node n = Node::make_object();
    for (const auto& [k, v] : members) n.add(k, Node::make_string(v));
    return n;
}

}  // namespace

bool is_mfa_code(std::string_view code) {
    if (code.size() != 6) return false;
    for (char c : code)
        if (c < '0' || c > '9') return false;
    return true;
}

Result<Identity> whoami(const UserCall& call, const std::string& expected_user) {
    auto out = call("sts", "GetCallerIdentity", Node::make_object());
    if (!out) return Unexpected(out.error());
    Identity id{text_of(*out, "Account"), text_of(*out, "Arn"), {}};
    // arn:aws:iam::ACCOUNT:user/PATH/NAME: the name is the last segment.
    const std::string marker = ":user/";
    if (auto at = id.arn.find(marker); at != std::string::npos) id.user_name = id.arn.substr(id.arn.rfind('/') + 1);
    if (id.user_name != expected_user)
        return fail("ValidationError", "the credentials are those of " + id.arn + ", not of IAM user '" +
                                           expected_user + "': the user's own access key is needed");
    return id;
}

std::string virtual_device_serial(const std::string& account, const std::string& device_name) {
    return "arn:aws:iam::" + account + ":mfa/" + device_name;
}

Result<NewDevice> create_device(const UserCall& call, const Identity& who, const std::string& device_name) {
    auto out = call("iam", "CreateVirtualMFADevice", object_with({{"VirtualMFADeviceName", device_name}}));
    if (!out) return Unexpected(out.error());
    const Node* d = out->find("VirtualMFADevice");
    if (!d) return fail("InternalFailure", "CreateVirtualMFADevice answered without a VirtualMFADevice");
    NewDevice device{text_of(*d, "SerialNumber"), text_of(*d, "Base32StringSeed"), text_of(*d, "QRCodePNG"), {}};
    if (device.serial_number.empty() || device.base32_seed.empty())
        return fail("InternalFailure", "CreateVirtualMFADevice answered without a serial number or seed");
    // The same label as AWS's own QR code: NAME@ACCOUNT under the issuer.
    device.otpauth_uri = otpauth_uri(k_issuer, device_name + "@" + who.account, device.base32_seed);
    // Blobs arrive as raw bytes; a transport that left the Base64 in place is undone here.
    // An endpoint that answers with no PNG at all (moto sends random bytes) gets ours, of
    // the same URI.
    if (!device.qr_png.empty() && device.qr_png.rfind("\x89PNG", 0) != 0)
        if (auto raw = base64_decode(device.qr_png); raw && raw->rfind("\x89PNG", 0) == 0) device.qr_png = *raw;
    if (device.qr_png.rfind("\x89PNG", 0) != 0) {
        auto png = qr_png(device.otpauth_uri);
        if (!png) return Unexpected(png.error());
        device.qr_png = std::move(*png);
    }
    return device;
}

Result<std::optional<std::string>> enabled_device(const UserCall& call, const std::string& user) {
    auto out = call("iam", "ListMFADevices", object_with({{"UserName", user}}));
    if (!out) return Unexpected(out.error());
    const Node* list = out->find("MFADevices");
    if (!list || list->items.empty()) return std::optional<std::string>{};
    return std::optional<std::string>{text_of(list->items.front(), "SerialNumber")};
}

Result<bool> is_unassigned_device(const UserCall& call, const std::string& serial) {
    Node input = object_with({{"AssignmentStatus", "Unassigned"}});
    for (;;) {
        auto out = call("iam", "ListVirtualMFADevices", input);
        if (!out) return Unexpected(out.error());
        if (const Node* list = out->find("VirtualMFADevices"))
            for (const Node& d : list->items)
                if (text_of(d, "SerialNumber") == serial) return true;
        if (text_of(*out, "IsTruncated") != "true") return false;
        input = object_with({{"AssignmentStatus", "Unassigned"}, {"Marker", text_of(*out, "Marker")}});
    }
}

Result<void> enable_device(const UserCall& call, const std::string& user, const std::string& serial,
                           const std::string& code1, const std::string& code2) {
    auto out = call("iam", "EnableMFADevice",
                    object_with({{"UserName", user},
                                 {"SerialNumber", serial},
                                 {"AuthenticationCode1", code1},
                                 {"AuthenticationCode2", code2}}));
    if (!out) return Unexpected(out.error());
    return {};
}

Result<void> delete_device(const UserCall& call, const std::string& serial) {
    auto out = call("iam", "DeleteVirtualMFADevice", object_with({{"SerialNumber", serial}}));
    if (!out) return Unexpected(out.error());
    return {};
}

Result<std::pair<std::string, std::string>> codes_from_seed(const std::string& base32_seed, Time now) {
    auto key = base32_decode(base32_seed);
    if (!key) return fail("InvalidArgument", "the device's seed is not Base32");
    const std::int64_t step = totp_step(now);
    return std::pair{hotp(*key, static_cast<std::uint64_t>(step - 2)), hotp(*key, static_cast<std::uint64_t>(step - 1))};
}

}  // namespace jg::jump::user
