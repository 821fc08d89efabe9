// Passkeys: registering one as an MFA device of the signed-in user, and signing in with
// one after the password instead of a TOTP code. The ceremony runs in the browser
// (navigator.credentials, from PREFIX/webauthn.js: the CSP allows script from the console
// only, none inline); the forms carry what it returns as ordinary POST fields, so the
// server side is the same form handling as every other page. The challenge is issued per
// attempt, kept in the server-side session, used once and expires.
#include "cloud/console_passkey.hpp"
#include "console/console_internal.hpp"
#include "core/strings.hpp"
#include "core/webauthn.hpp"

namespace jg::console {

namespace {

constexpr std::chrono::seconds k_challenge_life{300};

// Submits a form marked data-webauthn="create"|"get" after the browser's ceremony,
// with the results (base64url) in the form's hidden fields.
constexpr std::string_view k_script = R"js('use strict';
(function () {
  function b64u(buf) {
    var bytes = new Uint8Array(buf), s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function unb64u(text) {
    var s = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  function ids(list) {
    return (list || '').split(',').filter(Boolean).map(function (id) {
      return { type: 'public-key', id: unb64u(id) };
    });
  }
  function set(form, name, value) { form.elements[name].value = value; }
  function fail(form, err) {
    var out = form.querySelector('.webauthn-status');
    if (out) out.textContent = (err && err.name ? err.name + ': ' : '') + (err && err.message ? err.message : err);
  }
  function ceremony(form) {
    var d = form.dataset;
    if (d.webauthn === 'create') {
      return navigator.credentials.create({ publicKey: {
        rp: { id: d.rpId, name: d.rpName },
        user: { id: unb64u(d.userId), name: d.userName, displayName: d.userName },
        challenge: unb64u(d.challenge),
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        excludeCredentials: ids(d.exclude),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
        attestation: 'none', timeout: 120000
      } }).then(function (c) {
        set(form, 'client_data', b64u(c.response.clientDataJSON));
        set(form, 'attestation', b64u(c.response.attestationObject));
      });
    }
    return navigator.credentials.get({ publicKey: {
      rpId: d.rpId, challenge: unb64u(d.challenge), allowCredentials: ids(d.allow),
      userVerification: 'preferred', timeout: 120000
    } }).then(function (c) {
      set(form, 'credential_id', b64u(c.rawId));
      set(form, 'client_data', b64u(c.response.clientDataJSON));
      set(form, 'authenticator_data', b64u(c.response.authenticatorData));
      set(form, 'signature', b64u(c.response.signature));
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('form[data-webauthn]').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        if (form.elements.client_data.value) return;
        event.preventDefault();
        if (!window.PublicKeyCredential) return fail(form, 'this browser has no WebAuthn');
        ceremony(form).then(function () { form.submit(); }, function (err) { fail(form, err); });
      });
    });
  });
})();
)js";

std::string hidden(std::string_view name) {
    return "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"\">";
}

// A base64url field of the form, decoded; nullopt when absent or malformed.
std::optional<std::string> b64u_field(const Form& form, const std::string& name) {
    auto decoded = webauthn::base64url_decode(field(form, name));
    if (!decoded || decoded->empty()) return std::nullopt;
    return *decoded;
}

}  // namespace

wire::HttpResponse Console::webauthn_script() {
    wire::HttpResponse js;
    js.headers.push_back({"Content-Type", "text/javascript; charset=utf-8"});
    js.body = std::string(k_script);
    return js;
}

std::string Console::origin_of(const Exchange& x) const {
    if (!m_options.origin.empty()) return m_options.origin;
    return std::string(x.secure ? "https" : "http") + "://" + std::string(x.request.header("host").value_or("localhost"));
}

std::string Console::issue_challenge(Exchange& x) {
    Session& s = *x.session;
    s.webauthn_challenge = m_random.bytes(32);
    s.webauthn_challenge_expiration = m_clock.now() + k_challenge_life;
    m_sessions.put(s);
    return webauthn::base64url_encode(s.webauthn_challenge);
}

webauthn::Expectation Console::take_challenge(Exchange& x) {
    Session& s = *x.session;
    webauthn::Expectation e;
    e.origin = origin_of(x);
    e.rp_id = webauthn::origin_host(e.origin);
    // Used once: gone before it is checked, whatever the outcome.
    if (!s.webauthn_challenge.empty() && m_clock.now() < s.webauthn_challenge_expiration) e.challenge = s.webauthn_challenge;
    s.webauthn_challenge.clear();
    m_sessions.put(s);
    return e;
}

std::string Console::passkey_register_form(Exchange& x, std::string_view error) {
    const Lang l = x.lang;
    const Session& s0 = *x.session;
    const std::string& p = m_options.prefix;
    std::string exclude;
    if (auto existing = cloud::console_passkeys(m_cloud, s0.user.account, s0.user.user_name))
        for (const auto& k : *existing) exclude += (exclude.empty() ? "" : ",") + k.credential_id;
    const std::string origin = origin_of(x);
    const std::string challenge = issue_challenge(x);
    const Session& s = *x.session;
    std::string name = field(x.form, "passkey_name");
    if (name.empty()) name = s.user.user_name + "-passkey";
    std::string b = "<h2>" + esc(tr(l, "passkey")) + "</h2>";
    if (!error.empty()) b += error;
    b += "<p>" + esc(tr(l, "passkey_console_only")) + "</p>";
    b += "<form class=\"stack\" id=\"passkey-register\" method=\"post\" action=\"" + p +
         "passkey/register\" data-webauthn=\"create\" data-challenge=\"" + challenge + "\" data-rp-id=\"" +
         esc(webauthn::origin_host(origin)) + "\" data-rp-name=\"" + esc(tr(l, "console")) + "\" data-user-id=\"" +
         webauthn::base64url_encode(s.user.user_id) + "\" data-user-name=\"" + esc(s.user.user_name) +
         "\" data-exclude=\"" + exclude + "\">" + csrf_input(s);
    b += "<label for=\"passkey_name\">" + esc(tr(l, "passkey_name")) +
         "</label><input type=\"text\" id=\"passkey_name\" name=\"passkey_name\" required maxlength=\"64\" value=\"" +
         esc(name) + "\">";
    b += hidden("client_data") + hidden("attestation");
    b += "<p>" + esc(tr(l, "passkey_hint")) + "</p>";
    b += "<button type=\"submit\">" + esc(tr(l, "register_passkey")) + "</button>";
    b += "<p class=\"webauthn-status\" role=\"status\"></p><noscript><p class=\"notice\">" +
         esc(tr(l, "passkey_needs_js")) + "</p></noscript></form>";
    return b;
}

wire::HttpResponse Console::passkey_register_post(Exchange& x) {
    const webauthn::Expectation expected = take_challenge(x);
    Session& s = *x.session;
    auto client_data = b64u_field(x.form, "client_data");
    auto attestation = b64u_field(x.form, "attestation");
    if (!client_data || !attestation)
        return mfa_assign_page(x, error_block(tr(x.lang, "passkey_needs_js")), 400);
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    info.secure_transport = x.secure;
    auto registered = cloud::register_console_passkey(m_cloud, s.credentials, info, trim(field(x.form, "passkey_name")),
                                                      *client_data, *attestation, expected);
    if (!registered) {
        const std::string& code = registered.error().code;
        return mfa_assign_page(x, cloud_error(registered.error()), code == "AccessDenied" ? 403 : 400);
    }
    return security_page(x, {}, tr(x.lang, "passkey_registered"));
}

std::string Console::passkey_signin_form(Exchange& x) {
    const Lang l = x.lang;
    std::string allow;
    if (auto keys = cloud::console_passkeys(m_cloud, x.session->user.account, x.session->user.user_name))
        for (const auto& k : *keys) allow += (allow.empty() ? "" : ",") + k.credential_id;
    const std::string origin = origin_of(x);
    const std::string challenge = issue_challenge(x);
    std::string b = "<form class=\"stack\" id=\"passkey-signin\" method=\"post\" action=\"" + m_options.prefix +
                    "mfa/passkey\" data-webauthn=\"get\" data-challenge=\"" + challenge + "\" data-rp-id=\"" +
                    esc(webauthn::origin_host(origin)) + "\" data-allow=\"" + allow + "\">" + csrf_input(*x.session);
    b += hidden("credential_id") + hidden("client_data") + hidden("authenticator_data") + hidden("signature");
    b += "<p>" + esc(tr(l, "passkey_hint")) + "</p>";
    b += "<button type=\"submit\">" + esc(tr(l, "passkey_signin")) + "</button>";
    b += "<p class=\"webauthn-status\" role=\"status\"></p><noscript><p class=\"notice\">" +
         esc(tr(l, "passkey_needs_js")) + "</p></noscript></form>";
    return b;
}

wire::HttpResponse Console::passkey_signin_post(Exchange& x) {
    const Time now = m_clock.now();
    const webauthn::Expectation expected = take_challenge(x);
    Session& s = *x.session;
    const std::string user_key = lockout_key_user(s.user.account, s.user.user_name);
    const std::string ip_key = lockout_key_ip(x.source_ip);
    if (m_lockout.locked(user_key, 1, now) || m_lockout.locked(ip_key, 4, now))
        return mfa_page(x, tr(x.lang, "locked"), 429);
    auto client_data = b64u_field(x.form, "client_data");
    auto auth_data = b64u_field(x.form, "authenticator_data");
    auto signature = b64u_field(x.form, "signature");
    const std::string credential_id = field(x.form, "credential_id");
    if (!client_data || !auth_data || !signature || credential_id.empty())
        return mfa_page(x, tr(x.lang, "passkey_needs_js"), 400);
    auto checked = cloud::check_console_passkey(m_cloud, s.user, credential_id, *client_data, *auth_data, *signature,
                                                expected);
    if (!checked) {
        m_lockout.failure(user_key, now);
        m_lockout.failure(ip_key, now);
        return mfa_page(x, std::string(tr(x.lang, "passkey_refused")) + " " + checked.error().message, 401);
    }
    m_lockout.success(user_key);
    return finish_mfa(x, *checked);
}

}  // namespace jg::console
