// The signed-in user's own security credentials: MFA devices (assign a virtual device
// from a QR code), password, access keys. Every list and change is the user's own IAM
// call, so a policy such as the article's MFA enforcement decides what shows and works.
#include "cloud/iam/fido_device.hpp"
#include "console/console_internal.hpp"
#include "core/strings.hpp"

namespace jg::console {

namespace {

Node input(std::initializer_list<std::pair<const char*, std::string>> members) {
    Node n = Node::make_object();
    for (const auto& [k, v] : members) n.add(k, Node::make_string(v));
    return n;
}

}  // namespace

wire::HttpResponse Console::security_page(Exchange& x, std::string_view error, std::string_view notice, int status) {
    const Lang l = x.lang;
    const Session& s = *x.session;
    const std::string& p = m_options.prefix;
    std::string b;
    if (!error.empty()) b += error;  // already an error block
    if (!notice.empty()) b += "<p class=\"notice\" role=\"status\">" + esc(notice) + "</p>";
    if (s.role) {
        b += "<p class=\"notice\">" + esc(tr(l, "in_role_security")) + "</p>";
        return html_response(status, page(l, p, &s, tr(l, "security_credentials"), b));
    }
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    // Password.
    b += "<h2>" + esc(tr(l, "password")) + "</h2><p><a href=\"" + p + "password\">" + esc(tr(l, "change_password")) +
         "</a></p>";
    // MFA devices.
    b += "<h2>" + esc(tr(l, "mfa_devices")) + "</h2>";
    auto devices = call(s.credentials, "iam", "ListMFADevices", input({{"UserName", s.user.user_name}}), info);
    if (!devices) {
        b += cloud_error(devices.error());
    } else if (items_of(*devices, "MFADevices").empty()) {
        b += "<p>" + esc(tr(l, "no_mfa")) + "</p>";
    } else {
        b += "<ul class=\"devices\">";
        for (const Node& d : items_of(*devices, "MFADevices"))
            b += "<li><code>" + esc(text_of(d, "SerialNumber")) + "</code> " + esc(text_of(d, "EnableDate")) +
                 (cloud::iam::is_fido_serial(text_of(d, "SerialNumber")) ? " (" + esc(tr(l, "passkey")) + ")" : "") +
                 " <form class=\"inline\" method=\"post\" action=\"" + p + "mfa/remove\">" + csrf_input(s) +
                 "<input type=\"hidden\" name=\"serial\" value=\"" + esc(text_of(d, "SerialNumber")) +
                 "\"><button type=\"submit\">" + esc(tr(l, "remove")) + "</button></form></li>";
        b += "</ul>";
    }
    b += "<p><a href=\"" + p + "mfa/assign\">" + esc(tr(l, "assign_mfa")) + "</a></p>";
    // Access keys.
    b += "<h2>" + esc(tr(l, "access_keys")) + "</h2>";
    auto keys = call(s.credentials, "iam", "ListAccessKeys", input({{"UserName", s.user.user_name}}), info);
    if (!keys) {
        b += cloud_error(keys.error());
    } else {
        b += "<table><thead><tr><th>ID</th><th>" + esc(tr(l, "status")) + "</th><th>" + esc(tr(l, "created")) +
             "</th><th></th></tr></thead><tbody>";
        for (const Node& k : items_of(*keys, "AccessKeyMetadata")) {
            const std::string id = text_of(k, "AccessKeyId");
            const bool active = text_of(k, "Status") == "Active";
            b += "<tr><td><code>" + esc(id) + "</code></td><td>" + esc(text_of(k, "Status")) + "</td><td>" +
                 esc(text_of(k, "CreateDate")) + "</td><td>";
            b += "<form class=\"inline\" method=\"post\" action=\"" + p + "keys/update\">" + csrf_input(s) +
                 "<input type=\"hidden\" name=\"access_key_id\" value=\"" + esc(id) +
                 "\"><input type=\"hidden\" name=\"status\" value=\"" + (active ? "Inactive" : "Active") +
                 "\"><button type=\"submit\">" + esc(tr(l, active ? "deactivate" : "activate")) + "</button></form> ";
            b += "<form class=\"inline\" method=\"post\" action=\"" + p + "keys/delete\">" + csrf_input(s) +
                 "<input type=\"hidden\" name=\"access_key_id\" value=\"" + esc(id) + "\"><button type=\"submit\">" +
                 esc(tr(l, "delete")) + "</button></form></td></tr>";
        }
        b += "</tbody></table>";
    }
    b += "<form method=\"post\" action=\"" + p + "keys/create\">" + csrf_input(s) + "<button type=\"submit\">" +
         esc(tr(l, "create_access_key")) + "</button></form>";
    return html_response(status, page(l, p, &s, tr(l, "security_credentials"), b));
}

wire::HttpResponse Console::mfa_assign_page(Exchange& x, std::string_view error, int status) {
    const Lang l = x.lang;
    const Session& s = *x.session;
    const std::string& p = m_options.prefix;
    std::string b;
    if (!error.empty()) b += error;
    if (s.pending_mfa_serial.empty()) {
        // Step 1: the device's name.
        std::string name = field(x.form, "device_name");
        if (name.empty()) name = s.user.user_name;
        b += "<form class=\"stack\" method=\"post\" action=\"" + p + "mfa/assign\">" + csrf_input(s);
        b += "<label for=\"device_name\">" + esc(tr(l, "device_name")) +
             "</label><input type=\"text\" id=\"device_name\" name=\"device_name\" required value=\"" + esc(name) + "\">";
        b += "<button type=\"submit\">" + esc(tr(l, "assign_mfa")) + "</button></form>";
        b += passkey_register_form(x);
        return html_response(status, page(l, p, &s, tr(l, "assign_mfa"), b));
    }
    // Step 2: the QR code (and the secret on request), then two consecutive codes.
    b += "<p>" + esc(tr(l, "mfa_scan")) + "</p>";
    b += "<p><img class=\"qr\" src=\"" + p + "mfa/qr.png\" alt=\"QR code of " + esc(s.pending_mfa_serial) +
         "\" width=\"200\" height=\"200\"></p>";
    if (field(x.query, "show_secret") == "1")
        b += "<p><code id=\"mfa-secret\">" + esc(s.pending_mfa_seed) + "</code></p>";
    else
        b += "<p><a href=\"" + p + "mfa/assign?show_secret=1\">" + esc(tr(l, "show_secret")) + "</a></p>";
    const std::string serial = s.pending_mfa_serial;
    const std::string device = serial.substr(serial.rfind('/') + 1);
    b += "<form class=\"stack\" method=\"post\" action=\"" + p + "mfa/enable\">" + csrf_input(s);
    b += "<label for=\"device_name\">" + esc(tr(l, "device_name")) +
         "</label><input type=\"text\" id=\"device_name\" name=\"device_name\" readonly value=\"" + esc(device) + "\">";
    b += "<label for=\"code1\">" + esc(tr(l, "code1")) +
         "</label><input type=\"text\" id=\"code1\" name=\"code1\" required inputmode=\"numeric\" "
         "autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\">";
    b += "<label for=\"code2\">" + esc(tr(l, "code2")) +
         "</label><input type=\"text\" id=\"code2\" name=\"code2\" required inputmode=\"numeric\" "
         "autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\">";
    b += "<button type=\"submit\">" + esc(tr(l, "add_mfa")) + "</button></form>";
    return html_response(status, page(l, p, &s, tr(l, "assign_mfa"), b));
}

wire::HttpResponse Console::mfa_assign_post(Exchange& x) {
    Session& s = *x.session;
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    auto created = call(s.credentials, "iam", "CreateVirtualMFADevice",
                                input({{"VirtualMFADeviceName", trim(field(x.form, "device_name"))}}), info);
    if (!created) return mfa_assign_page(x, cloud_error(created.error()), created.error().code == "AccessDenied" ? 403 : 400);
    const Node* d = created->find("VirtualMFADevice");
    if (!d) return mfa_assign_page(x, error_block("InternalFailure: no device in the answer"), 500);
    s.pending_mfa_serial = text_of(*d, "SerialNumber");
    s.pending_mfa_seed = text_of(*d, "Base32StringSeed");
    s.pending_mfa_png = text_of(*d, "QRCodePNG");  // raw PNG bytes
    m_sessions.put(s);
    return redirect_to(m_options.prefix + "mfa/assign");
}

wire::HttpResponse Console::mfa_enable_post(Exchange& x) {
    Session& s = *x.session;
    if (s.pending_mfa_serial.empty()) return redirect_to(m_options.prefix + "mfa/assign");
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    auto enabled = call(s.credentials, "iam", "EnableMFADevice",
                                input({{"UserName", s.user.user_name},
                                       {"SerialNumber", s.pending_mfa_serial},
                                       {"AuthenticationCode1", trim(field(x.form, "code1"))},
                                       {"AuthenticationCode2", trim(field(x.form, "code2"))}}),
                                info);
    if (!enabled) return mfa_assign_page(x, cloud_error(enabled.error()), enabled.error().code == "AccessDenied" ? 403 : 400);
    s.pending_mfa_serial.clear();
    s.pending_mfa_seed.clear();
    s.pending_mfa_png.clear();
    s.user.has_mfa = true;
    m_sessions.put(s);
    return security_page(x, {}, tr(x.lang, "mfa_assigned"));
}

wire::HttpResponse Console::mfa_qr(Exchange& x) {
    const Session& s = *x.session;
    if (s.pending_mfa_png.empty()) return html_response(404, "");
    wire::HttpResponse r;
    r.headers.push_back({"Content-Type", "image/png"});
    r.body = s.pending_mfa_png;
    return r;
}

wire::HttpResponse Console::key_create_post(Exchange& x) {
    Session& s = *x.session;
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    auto created = call(s.credentials, "iam", "CreateAccessKey", input({{"UserName", s.user.user_name}}), info);
    if (!created) return security_page(x, cloud_error(created.error()), {}, created.error().code == "AccessDenied" ? 403 : 400);
    const Node* k = created->find("AccessKey");
    s.new_key_id = k ? text_of(*k, "AccessKeyId") : "";
    s.new_key_secret = k ? text_of(*k, "SecretAccessKey") : "";
    m_sessions.put(s);
    return redirect_to(m_options.prefix + "keys/created");
}

wire::HttpResponse Console::key_created_page(Exchange& x) {
    const Lang l = x.lang;
    Session& s = *x.session;
    const std::string& p = m_options.prefix;
    std::string b;
    if (s.new_key_secret.empty()) {
        b += "<p class=\"notice\">" + esc(tr(l, "secret_gone")) + "</p>";
    } else {
        // Shown this once: the page forgets the secret; the CSV link works until used.
        b += "<p class=\"notice\">" + esc(tr(l, "secret_once")) + "</p>";
        b += "<dl><dt>Access key</dt><dd><code id=\"access-key-id\">" + esc(s.new_key_id) +
             "</code></dd><dt>Secret access key</dt><dd><code id=\"secret-access-key\">" + esc(s.new_key_secret) +
             "</code></dd></dl>";
        b += "<p><a href=\"" + p + "keys/created.csv\" download>" + esc(tr(l, "download_csv")) + "</a></p>";
        s.new_key_secret = "shown:" + s.new_key_secret;
        m_sessions.put(s);
    }
    b += "<p><a href=\"" + p + "security\">" + esc(tr(l, "security_credentials")) + "</a></p>";
    return html_response(200, page(l, p, &s, tr(l, "access_keys"), b));
}

wire::HttpResponse Console::key_csv(Exchange& x) {
    Session& s = *x.session;
    std::string secret = s.new_key_secret;
    if (secret.rfind("shown:", 0) == 0) secret = secret.substr(6);
    if (secret.empty()) return html_response(410, page(x.lang, m_options.prefix, &s, tr(x.lang, "access_keys"),
                                                       "<p>" + esc(tr(x.lang, "secret_gone")) + "</p>"));
    wire::HttpResponse r;
    r.headers.push_back({"Content-Type", "text/csv; charset=utf-8"});
    r.headers.push_back({"Content-Disposition", "attachment; filename=\"" + s.user.user_name + "_accessKeys.csv\""});
    r.body = "Access key ID,Secret access key\n" + s.new_key_id + "," + secret + "\n";
    s.new_key_id.clear();
    s.new_key_secret.clear();
    m_sessions.put(s);
    return r;
}

wire::HttpResponse Console::key_update_post(Exchange& x) {
    const Session& s = *x.session;
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    auto done = call(s.credentials, "iam", "UpdateAccessKey",
                             input({{"UserName", s.user.user_name},
                                    {"AccessKeyId", field(x.form, "access_key_id")},
                                    {"Status", field(x.form, "status")}}),
                             info);
    if (!done) return security_page(x, cloud_error(done.error()), {}, done.error().code == "AccessDenied" ? 403 : 400);
    return redirect_to(m_options.prefix + "security");
}

// Remove, as AWS's console does it: the device is deactivated (a passkey is then gone),
// and a virtual device also deleted — each the user's own IAM call.
wire::HttpResponse Console::mfa_remove_post(Exchange& x) {
    const Session& s = *x.session;
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    const std::string serial = field(x.form, "serial");
    auto done = call(s.credentials, "iam", "DeactivateMFADevice",
                     input({{"UserName", s.user.user_name}, {"SerialNumber", serial}}), info);
    if (done && !cloud::iam::is_fido_serial(serial))
        done = call(s.credentials, "iam", "DeleteVirtualMFADevice", input({{"SerialNumber", serial}}), info);
    if (!done) return security_page(x, cloud_error(done.error()), {}, done.error().code == "AccessDenied" ? 403 : 400);
    return redirect_to(m_options.prefix + "security");
}

wire::HttpResponse Console::key_delete_post(Exchange& x) {
    const Session& s = *x.session;
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    auto done = call(s.credentials, "iam", "DeleteAccessKey",
                             input({{"UserName", s.user.user_name}, {"AccessKeyId", field(x.form, "access_key_id")}}), info);
    if (!done) return security_page(x, cloud_error(done.error()), {}, done.error().code == "AccessDenied" ? 403 : 400);
    return redirect_to(m_options.prefix + "security");
}

}  // namespace jg::console
