#include "cloud/iam/mfa_device.hpp"

#include "core/encoding.hpp"
#include "core/json.hpp"
#include "core/totp.hpp"

namespace jg::cloud::iam {

Node mfa_device_to_node(const MfaDevice& d) {
    Node n = Node::make_object();
    n.add("SerialNumber", Node::make_string(d.serial_number));
    n.add("Path", Node::make_string(d.path));
    n.add("Base32StringSeed", Node::make_string(d.seed));
    n.add("CreateDate", Node::make_string(format_iso8601(d.create_date)));
    if (!d.user_name.empty()) n.add("UserName", Node::make_string(d.user_name));
    if (d.enable_date) n.add("EnableDate", Node::make_string(format_iso8601(*d.enable_date)));
    n.add("LastAcceptedStep", Node::make_number(std::to_string(d.last_accepted_step)));
    Node tags = Node::make_array();
    for (const auto& [k, v] : d.tags) {
        Node t = Node::make_object();
        t.add("Key", Node::make_string(k));
        t.add("Value", Node::make_string(v));
        tags.push(std::move(t));
    }
    n.add("Tags", std::move(tags));
    return n;
}

Result<MfaDevice> mfa_device_from_node(const Node& n) {
    auto bad = [] { return fail("InternalFailure", "stored mfa device document is malformed"); };
    if (!n.is_object()) return bad();
    MfaDevice d;
    auto str = [&](const char* key) -> std::string {
        const Node* v = n.find(key);
        return v && v->is_string() ? v->text : std::string{};
    };
    d.serial_number = str("SerialNumber");
    d.path = str("Path");
    d.seed = str("Base32StringSeed");
    d.user_name = str("UserName");
    auto created = parse_iso8601(str("CreateDate"));
    if (!created || d.serial_number.empty()) return bad();
    d.create_date = *created;
    if (auto e = str("EnableDate"); !e.empty()) {
        auto t = parse_iso8601(e);
        if (!t) return bad();
        d.enable_date = *t;
    }
    if (const Node* s = n.find("LastAcceptedStep"); s && s->is_number()) d.last_accepted_step = std::stoll(s->text);
    if (const Node* tags = n.find("Tags"); tags && tags->is_array())
        for (const Node& t : tags->items) {
            const Node* k = t.find("Key");
            const Node* v = t.find("Value");
            if (k && v) d.tags.emplace_back(k->text, v->text);
        }
    return d;
}

std::optional<std::string> mfa_device_key(std::string_view account, std::string_view serial) {
    std::string prefix = "arn:aws:iam::" + std::string(account) + ":mfa/";
    if (serial.size() <= prefix.size() || serial.substr(0, prefix.size()) != prefix) return std::nullopt;
    return std::string(serial.substr(prefix.size()));
}

Result<std::optional<MfaDevice>> load_mfa_device(store::Reader& r, std::string_view account,
                                                 std::string_view serial) {
    auto key = mfa_device_key(account, serial);
    if (!key) return std::optional<MfaDevice>{};
    auto body = r.get(account, k_mfa_device_kind, *key);
    if (!body) return Unexpected(body.error());
    if (!*body) return std::optional<MfaDevice>{};
    auto node = parse_json(**body);
    if (!node) return Unexpected(node.error());
    auto device = mfa_device_from_node(*node);
    if (!device) return Unexpected(device.error());
    return std::optional<MfaDevice>(std::move(*device));
}

Result<void> save_mfa_device(store::Tx& tx, std::string_view account, const MfaDevice& d) {
    auto key = mfa_device_key(account, d.serial_number);
    if (!key) return fail("InternalFailure", "mfa device serial number is not an mfa arn of its account");
    return tx.put(account, k_mfa_device_kind, *key, to_json(mfa_device_to_node(d)));
}

Result<void> accept_mfa_code(MfaDevice& device, std::string_view code, Time now) {
    auto denied = [] {
        return fail("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.");
    };
    auto key = base32_decode(device.seed);
    if (!key) return denied();
    auto step = totp_verify(*key, code, now);
    if (!step || *step <= device.last_accepted_step) return denied();
    device.last_accepted_step = *step;
    return {};
}

}  // namespace jg::cloud::iam
