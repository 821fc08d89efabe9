// Virtual MFA devices: CreateVirtualMFADevice, EnableMFADevice, ResyncMFADevice,
// DeactivateMFADevice, DeleteVirtualMFADevice, ListMFADevices, ListVirtualMFADevices.
// Devices are the stored MFA device documents (mfa_device.hpp), which STS checks
// TokenCodes against; a device is assigned to a user while its UserName is set.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "cloud/iam/entities.hpp"
#include "cloud/iam/fido_device.hpp"
#include "cloud/iam/iamcred.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/mfa_codes.hpp"
#include "cloud/iam/mfa_device.hpp"
#include "cloud/input.hpp"
#include "core/encoding.hpp"
#include "core/json.hpp"
#include "core/qr.hpp"
#include "core/strings.hpp"
#include "core/totp.hpp"

namespace jg::cloud::iam {

namespace {

// The issuer authenticator apps show for AWS devices.
constexpr std::string_view k_issuer = "Amazon Web Services";
constexpr std::size_t k_max_device_name = 226;  // IAM API reference: VirtualMFADeviceName

Unexpected no_such_device(std::string_view serial) {
    return fail("NoSuchEntity", fmt::format("VirtualMFADevice with serial number {} doesn't exist.", serial));
}

// IAM's path rule with the wording AWS answers CreateVirtualMFADevice with (recorded).
Result<void> check_device_path(const std::string& path) {
    if (path.size() > 512)
        return fail("ValidationError", "1 validation error detected: Value at 'path' failed to satisfy constraint: "
                                       "Member must have length less than or equal to 512");
    bool ok = !path.empty() && path.front() == '/' && path.back() == '/';
    for (char c : path) ok = ok && c >= 0x21 && c <= 0x7e;
    if (!ok)
        return fail("ValidationError", "The specified value for path is invalid. It must begin and end with / and "
                                       "contain only alphanumeric characters and/or / characters.");
    return {};
}

// serialNumberType: 9–256 of [\w+=/:,.@-].
Result<std::string> read_serial(const Node& input) {
    auto serial = required_string(input, "SerialNumber");
    if (!serial) return serial;
    if (auto ok = check_length("SerialNumber", *serial, 9, 256); !ok) return Unexpected(ok.error());
    for (char c : *serial)
        if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view("_+=/:,.@-").find(c) == std::string_view::npos)
            return validation_error("SerialNumber", *serial,
                                    "Member must satisfy regular expression pattern: [\\w+=/:,.@-]+");
    return serial;
}

// authenticationCodeType: exactly 6 of [\d].
Result<std::string> read_code(const Node& input, std::string_view member_name) {
    auto code = required_string(input, member_name);
    if (!code) return code;
    if (auto ok = check_length(member_name, *code, 6, 6); !ok) return Unexpected(ok.error());
    for (char c : *code)
        if (c < '0' || c > '9')
            return validation_error(member_name, *code, "Member must satisfy regular expression pattern: [\\d]+");
    return code;
}

Result<std::vector<MfaDevice>> all_devices(store::Reader& r, const std::string& account) {
    auto page = r.list(account, k_mfa_device_kind, {});
    if (!page) return Unexpected(page.error());
    std::vector<MfaDevice> out;
    for (const auto& e : page->entries) {
        auto node = parse_json(e.body);
        if (!node) return fail("InternalFailure", "stored mfa device is not JSON");
        auto d = mfa_device_from_node(*node);
        if (!d) return Unexpected(d.error());
        out.push_back(std::move(*d));
    }
    return out;
}

// Our Markers are serial numbers of the account's devices; anything else is refused as
// AWS refuses a Marker it did not issue (recorded: ValidationError "Invalid Marker.").
Result<void> check_marker(const Paging& paging, const std::string& account) {
    if (paging.marker.empty() || mfa_device_key(account, paging.marker) ||
        (is_fido_serial(paging.marker) && paging.marker.rfind("arn:aws:iam::" + account + ":u2f/", 0) == 0))
        return {};
    return fail("ValidationError", "Invalid Marker.");
}

// Lists `items` (already in order, each with its sort key) after the Marker, at most
// MaxItems, and adds IsTruncated/Marker to `out`.
void page_into(Node& out, std::string_view list_name, std::vector<std::pair<std::string, Node>> items,
               const Paging& paging) {
    Node list = Node::make_array();
    store::Page page;
    for (auto& [key, item] : items) {
        if (!paging.marker.empty() && key <= paging.marker) continue;
        if (list.items.size() == paging.max_items) {
            page.truncated = true;
            break;
        }
        list.push(std::move(item));
        page.entries.push_back({key, {}});
    }
    out.add(std::string(list_name), std::move(list));
    add_paging(out, page);
}

struct CodePair {
    std::string serial, code1, code2;
};

Result<CodePair> read_code_pair(const Node& input) {
    CodePair p;
    auto serial = read_serial(input);
    if (!serial) return Unexpected(serial.error());
    auto c1 = read_code(input, "AuthenticationCode1");
    if (!c1) return Unexpected(c1.error());
    auto c2 = read_code(input, "AuthenticationCode2");
    if (!c2) return Unexpected(c2.error());
    return CodePair{std::move(*serial), std::move(*c1), std::move(*c2)};
}

}  // namespace

Result<Node> create_virtual_mfa_device(CallContext& ctx) {
    const Node& in = ctx.input();
    auto name = required_string(in, "VirtualMFADeviceName");
    if (!name) return Unexpected(name.error());
    if (auto ok = check_name("VirtualMFADeviceName", *name, k_max_device_name); !ok) return Unexpected(ok.error());
    const std::string path = optional_string(in, "Path").value_or("/");
    if (auto ok = check_device_path(path); !ok) return Unexpected(ok.error());
    auto tags = read_tags(in);
    if (!tags) return Unexpected(tags.error());

    MfaDevice device;
    device.serial_number = fmt::format("arn:aws:iam::{}:mfa{}{}", ctx.account(), path, *name);
    device.path = path;
    if (auto ok = ctx.authorize("iam:CreateVirtualMFADevice", device.serial_number); !ok) return Unexpected(ok.error());

    const std::string secret = new_totp_secret(ctx.cloud().random());
    device.seed = base32_encode(secret, false);
    device.create_date = ctx.now();
    device.tags = *tags;
    // The picture authenticator apps scan: otpauth://totp/ISSUER:NAME@ACCOUNT?secret=...
    auto png = qr_png(otpauth_uri(k_issuer, *name + "@" + ctx.account(), device.seed));
    if (!png) return Unexpected(png.error());

    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto key = mfa_device_key(ctx.account(), device.serial_number);
        if (!key) return fail("InternalFailure", "serial number of a new device is not an mfa arn");
        if (auto ok = tx.insert(ctx.account(), k_mfa_device_kind, *key, to_json(mfa_device_to_node(device))); !ok) {
            if (ok.error().code == "AlreadyExists") return fail("EntityAlreadyExists", "MFADevice entity at the same path and name already exists.");
            return Unexpected(ok.error());
        }
        // Blobs are raw bytes in the output tree; the wire layer Base64-encodes them.
        Node d = Node::make_object();
        d.add("SerialNumber", str(device.serial_number));
        d.add("Base32StringSeed", str(device.seed));
        d.add("QRCodePNG", str(*png));
        if (!tags->empty()) d.add("Tags", tags_node(*tags));
        Node out = Node::make_object();
        out.add("VirtualMFADevice", std::move(d));
        return out;
    });
}

Result<Node> enable_mfa_device(CallContext& ctx) {
    auto user = required_string(ctx.input(), "UserName");
    if (!user) return Unexpected(user.error());
    auto pair = read_code_pair(ctx.input());
    if (!pair) return Unexpected(pair.error());
    auto target = authorized_user(ctx, "iam:EnableMFADevice", 128, true);
    if (!target) return Unexpected(target.error());

    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto device = load_mfa_device(tx, ctx.account(), pair->serial);
        if (!device) return Unexpected(device.error());
        if (!*device) return no_such_device(pair->serial);
        if ((*device)->enabled()) return fail("EntityAlreadyExists", "MFA Device is already in use.");
        auto devices = all_devices(tx, ctx.account());
        if (!devices) return Unexpected(devices.error());
        std::size_t in_use = 0;
        for (const auto& d : *devices) in_use += iequals(d.user_name, target->name) ? 1 : 0;
        if (in_use >= k_max_mfa_devices_per_user)
            return fail("LimitExceeded",
                        fmt::format("Cannot exceed quota for MFADevicesPerUser: {}", k_max_mfa_devices_per_user));
        auto step = verify_enable_codes((*device)->seed, (*device)->last_accepted_step, pair->code1, pair->code2,
                                        ctx.now());
        if (!step) return Unexpected(step.error());
        (*device)->user_name = target->name;
        (*device)->enable_date = ctx.now();
        (*device)->last_accepted_step = *step;
        if (auto ok = save_mfa_device(tx, ctx.account(), **device); !ok) return Unexpected(ok.error());
        return empty_output();
    });
}

Result<Node> resync_mfa_device(CallContext& ctx) {
    auto user = required_string(ctx.input(), "UserName");
    if (!user) return Unexpected(user.error());
    auto pair = read_code_pair(ctx.input());
    if (!pair) return Unexpected(pair.error());
    auto target = authorized_user(ctx, "iam:ResyncMFADevice", 128, true);
    if (!target) return Unexpected(target.error());

    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto device = load_mfa_device(tx, ctx.account(), pair->serial);
        if (!device) return Unexpected(device.error());
        if (!*device || !iequals((*device)->user_name, target->name)) return no_such_device(pair->serial);
        auto step = verify_resync_codes((*device)->seed, (*device)->last_accepted_step, pair->code1, pair->code2,
                                        ctx.now());
        if (!step) return Unexpected(step.error());
        (*device)->last_accepted_step = *step;
        if (auto ok = save_mfa_device(tx, ctx.account(), **device); !ok) return Unexpected(ok.error());
        return empty_output();
    });
}

Result<Node> deactivate_mfa_device(CallContext& ctx) {
    auto user = required_string(ctx.input(), "UserName");
    if (!user) return Unexpected(user.error());
    auto serial = read_serial(ctx.input());
    if (!serial) return Unexpected(serial.error());
    auto target = authorized_user(ctx, "iam:DeactivateMFADevice", 128, true);
    if (!target) return Unexpected(target.error());

    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        // A FIDO device (a passkey registered in the console) is removed outright, as AWS
        // removes a security key once it is deactivated.
        if (is_fido_serial(*serial)) {
            auto passkeys = fido_devices(tx, ctx.account(), target->name);
            if (!passkeys) return Unexpected(passkeys.error());
            for (const auto& d : *passkeys)
                if (d.serial_number == *serial) {
                    if (auto ok = tx.erase(ctx.account(), k_fido_device_kind, d.credential_id); !ok)
                        return Unexpected(ok.error());
                    return empty_output();
                }
            return fail("NoSuchEntity", fmt::format("MFA Device with serial number {} does not exist.", *serial));
        }
        auto device = load_mfa_device(tx, ctx.account(), *serial);
        if (!device) return Unexpected(device.error());
        if (!*device || !iequals((*device)->user_name, target->name)) return no_such_device(*serial);
        // The last accepted step stays: codes already used remain spent.
        (*device)->user_name.clear();
        (*device)->enable_date.reset();
        if (auto ok = save_mfa_device(tx, ctx.account(), **device); !ok) return Unexpected(ok.error());
        return empty_output();
    });
}

Result<Node> delete_virtual_mfa_device(CallContext& ctx) {
    auto serial = read_serial(ctx.input());
    if (!serial) return Unexpected(serial.error());
    if (auto ok = ctx.authorize("iam:DeleteVirtualMFADevice", *serial); !ok) return Unexpected(ok.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto device = load_mfa_device(tx, ctx.account(), *serial);
        if (!device) return Unexpected(device.error());
        if (!*device) return no_such_device(*serial);
        if ((*device)->enabled())
            return fail("DeleteConflict", "MFA Device must be deactivated before deletion.");
        auto key = mfa_device_key(ctx.account(), *serial);
        if (auto ok = tx.erase(ctx.account(), k_mfa_device_kind, *key); !ok) return Unexpected(ok.error());
        return empty_output();
    });
}

Result<Node> list_mfa_devices(CallContext& ctx) {
    auto paging = read_paging(ctx.input());
    if (!paging) return Unexpected(paging.error());
    if (auto ok = check_marker(*paging, ctx.account()); !ok) return Unexpected(ok.error());
    auto target = authorized_user(ctx, "iam:ListMFADevices");
    if (!target) return Unexpected(target.error());
    auto devices = ctx.cloud().store().read([&](store::Reader& r) { return all_devices(r, ctx.account()); });
    if (!devices) return Unexpected(devices.error());
    std::vector<std::pair<std::string, Node>> items;
    // Passkeys (FIDO devices) are listed beside the virtual devices, as AWS lists them.
    if (!target->is_root()) {
        auto passkeys = ctx.cloud().store().read(
            [&](store::Reader& r) { return fido_devices(r, ctx.account(), target->name); });
        if (!passkeys) return Unexpected(passkeys.error());
        for (const auto& d : *passkeys) {
            Node m = Node::make_object();
            m.add("UserName", str(d.user_name));
            m.add("SerialNumber", str(d.serial_number));
            m.add("EnableDate", str(format_iso8601(d.enable_date)));
            items.emplace_back(d.serial_number, std::move(m));
        }
    }
    for (const auto& d : *devices) {
        // Root's own MFA is not an IAM virtual device here: it lists none.
        if (!d.enabled() || target->is_root() || !iequals(d.user_name, target->name)) continue;
        Node m = Node::make_object();
        m.add("UserName", str(d.user_name));
        m.add("SerialNumber", str(d.serial_number));
        m.add("EnableDate", str(format_iso8601(*d.enable_date)));
        items.emplace_back(d.serial_number, std::move(m));
    }
    // By serial number (the Marker's order): "...:mfa/..." devices before "...:u2f/..." ones.
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    Node out = Node::make_object();
    page_into(out, "MFADevices", std::move(items), *paging);
    return out;
}

Result<Node> list_virtual_mfa_devices(CallContext& ctx) {
    auto status = optional_enum(ctx.input(), "AssignmentStatus", {"Assigned", "Unassigned", "Any"});
    if (!status) return Unexpected(status.error());
    auto paging = read_paging(ctx.input());
    if (!paging) return Unexpected(paging.error());
    if (auto ok = check_marker(*paging, ctx.account()); !ok) return Unexpected(ok.error());
    if (auto ok = ctx.authorize("iam:ListVirtualMFADevices", "*"); !ok) return Unexpected(ok.error());
    const std::string want = status->value_or("Any");

    return ctx.cloud().store().read([&](store::Reader& r) -> Result<Node> {
        auto devices = all_devices(r, ctx.account());
        if (!devices) return Unexpected(devices.error());
        std::vector<std::pair<std::string, Node>> items;
        for (const auto& d : *devices) {
            if ((want == "Assigned" && !d.enabled()) || (want == "Unassigned" && d.enabled())) continue;
            Node v = Node::make_object();
            v.add("SerialNumber", str(d.serial_number));
            if (d.enabled()) {
                auto user = get_doc(r, ctx.account(), k_user, entity_key(d.user_name));
                if (!user) return Unexpected(user.error());
                if (*user) v.add("User", entity_output(**user, false));
                v.add("EnableDate", str(format_iso8601(*d.enable_date)));
            }
            if (!d.tags.empty()) v.add("Tags", tags_node(d.tags));
            items.emplace_back(d.serial_number, std::move(v));
        }
        Node out = Node::make_object();
        page_into(out, "VirtualMFADevices", std::move(items), *paging);
        return out;
    });
}

}  // namespace jg::cloud::iam
