#include "cloud/iam/fido_device.hpp"

#include "cloud/iam/keys.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cloud::iam {

bool is_fido_serial(std::string_view serial) { return serial.find(":u2f/") != std::string_view::npos; }

Node fido_device_to_node(const FidoDevice& d) {
    Node n = Node::make_object();
    n.add("SerialNumber", Node::make_string(d.serial_number));
    n.add("UserName", Node::make_string(d.user_name));
    n.add("DeviceName", Node::make_string(d.device_name));
    n.add("CredentialId", Node::make_string(d.credential_id));
    n.add("RpId", Node::make_string(d.rp_id));
    n.add("Algorithm", Node::make_number(std::to_string(d.key.alg)));
    n.add("PublicKeyX", Node::make_string(webauthn::base64url_encode(d.key.x)));
    n.add("PublicKeyY", Node::make_string(webauthn::base64url_encode(d.key.y)));
    n.add("SignCount", Node::make_number(std::to_string(d.sign_count)));
    n.add("EnableDate", Node::make_string(format_iso8601(d.enable_date)));
    return n;
}

Result<FidoDevice> fido_device_from_node(const Node& n) {
    auto bad = [](std::string what) { return fail("InternalFailure", "stored FIDO device document is malformed: " + what); };
    if (!n.is_object()) return bad("not an object");
    auto str = [&](const char* key) -> std::string {
        const Node* v = n.find(key);
        return v && v->is_string() ? v->text : std::string{};
    };
    auto num = [&](const char* key) -> std::optional<long long> {
        const Node* v = n.find(key);
        if (!v || !v->is_number()) return std::nullopt;
        try {
            return std::stoll(v->text);
        } catch (...) {
            return std::nullopt;
        }
    };
    FidoDevice d;
    d.serial_number = str("SerialNumber");
    d.user_name = str("UserName");
    d.device_name = str("DeviceName");
    d.credential_id = str("CredentialId");
    d.rp_id = str("RpId");
    if (d.serial_number.empty() || d.user_name.empty() || d.credential_id.empty() || d.rp_id.empty())
        return bad("a required member is missing");
    auto alg = num("Algorithm");
    auto count = num("SignCount");
    auto x = webauthn::base64url_decode(str("PublicKeyX"));
    auto y = webauthn::base64url_decode(str("PublicKeyY"));
    auto enabled = parse_iso8601(str("EnableDate"));
    if (!alg || !count || *count < 0 || *count > 0xffffffffLL || !x || !y || !enabled)
        return bad("key, counter or date unreadable");
    d.key = webauthn::PublicKey{static_cast<int>(*alg), std::move(*x), std::move(*y)};
    d.sign_count = static_cast<std::uint32_t>(*count);
    d.enable_date = *enabled;
    return d;
}

Result<std::vector<FidoDevice>> fido_devices(store::Reader& r, std::string_view account, std::string_view user) {
    auto page = r.list(account, k_fido_device_kind, {});
    if (!page) return Unexpected(page.error());
    std::vector<FidoDevice> out;
    for (const auto& e : page->entries) {
        auto node = parse_json(e.body);
        if (!node) return fail("InternalFailure", "stored FIDO device is not JSON");
        auto d = fido_device_from_node(*node);
        if (!d) return Unexpected(d.error());
        if (user.empty() || iequals(d->user_name, user)) out.push_back(std::move(*d));
    }
    return out;
}

Result<void> save_fido_device(store::Tx& tx, std::string_view account, const FidoDevice& device) {
    return put_doc(tx, account, k_fido_device_kind, device.credential_id, fido_device_to_node(device));
}

}  // namespace jg::cloud::iam
