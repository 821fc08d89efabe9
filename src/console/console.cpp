#include "console/console.hpp"

#include "console/console_internal.hpp"
#include "core/encoding.hpp"
#include "core/hash.hpp"
#include "core/strings.hpp"

namespace jg::console {

namespace {

// Script, styles and images only from the console itself (its one script runs the
// WebAuthn ceremonies of passkeys; no inline script or style; the QR code is a PNG it
// serves), forms post only to it, and no framing (clickjacking).
constexpr std::string_view k_csp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

void add_security_headers(wire::HttpResponse& r) {
    r.headers.push_back({"Content-Security-Policy", std::string(k_csp)});
    r.headers.push_back({"X-Content-Type-Options", "nosniff"});
    r.headers.push_back({"X-Frame-Options", "DENY"});
    r.headers.push_back({"Referrer-Policy", "no-referrer"});
    r.headers.push_back({"Cache-Control", "no-store"});
}

}  // namespace

wire::HttpResponse html_response(int status, std::string body) {
    wire::HttpResponse r;
    r.status = status;
    r.headers.push_back({"Content-Type", "text/html; charset=utf-8"});
    r.body = std::move(body);
    return r;
}

wire::HttpResponse redirect_to(std::string location) {
    wire::HttpResponse r;
    r.status = 303;
    r.headers.push_back({"Location", std::move(location)});
    return r;
}

wire::HttpResponse with_headers(wire::HttpResponse response, const std::vector<wire::Header>& extra) {
    for (const auto& h : extra) response.headers.push_back(h);
    return response;
}

std::string session_cookie(std::string_view prefix, std::string_view id, bool secure) {
    return std::string(k_cookie_name) + "=" + std::string(id) + "; Path=" + std::string(prefix) +
           "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::string cleared_cookie(std::string_view prefix, bool secure) {
    return std::string(k_cookie_name) + "=; Path=" + std::string(prefix) + "; Max-Age=0; HttpOnly; SameSite=Strict" +
           (secure ? "; Secure" : "");
}

bool csrf_ok(const Console::Exchange& x) {
    if (!x.session) return false;
    auto it = x.form.find("csrf");
    return it != x.form.end() && !x.session->csrf.empty() && constant_time_equals(it->second, x.session->csrf);
}

const cloud::Credentials& active_credentials(const Session& s) { return s.role ? s.role->credentials : s.credentials; }

std::string cloud_error(const Error& e) { return error_block((e.code.empty() ? "" : e.code + ": ") + e.message); }

std::string text_of(const Node& n, std::string_view key) {
    const Node* v = n.find(key);
    return v && v->is_scalar() ? v->text : std::string();
}

const std::vector<Node>& items_of(const Node& n, std::string_view key) {
    static const std::vector<Node> k_none;
    const Node* v = n.find(key);
    return v && v->is_array() ? v->items : k_none;
}

Console::Console(cloud::Cloud& cloud, Clock& clock, Random& random, ConsoleOptions options)
    : m_cloud(cloud),
      m_clock(clock),
      m_random(random),
      m_options(std::move(options)),
      m_lockout(m_options.lockout_failures, m_options.lockout_window) {}

bool Console::owns(std::string_view path) const {
    const std::string_view bare = std::string_view(m_options.prefix).substr(0, m_options.prefix.size() - 1);
    return path == bare || path.rfind(m_options.prefix, 0) == 0;
}

wire::HttpResponse Console::handle(const wire::HttpRequest& request, std::string_view source_ip) {
    Exchange x(request, std::string(source_ip));
    x.lang = language_of(request);
    x.secure = m_options.secure_cookies || iequals(request.header("x-forwarded-proto").value_or(""), "https");
    const std::string_view path = request.path;
    if (path.size() >= m_options.prefix.size()) {
        auto decoded = uri_decode(path.substr(m_options.prefix.size()));
        x.route = decoded ? *decoded : std::string();
    }
    x.query = parse_form(request.query);
    if (request.method == "POST") x.form = parse_form(request.body);
    x.session = m_sessions.find(cookie(request, k_cookie_name), m_clock.now());
    // A role session ends with its credentials; the user's session goes on.
    if (x.session && x.session->role && m_clock.now() >= x.session->role->expiration) {
        x.session->role.reset();
        m_sessions.put(*x.session);
    }
    wire::HttpResponse r = with_headers(route(x), x.extra_headers);
    add_security_headers(r);
    return r;
}

Result<Node> Console::call(const cloud::Credentials& who, std::string_view service, std::string_view action,
                           const Node& input, const cloud::RequestInfo& info) {
    auto out = m_cloud.call(who, service, action, input, info);
    if (!out && out.error().code == "AccessDenied") {
        const std::string named = std::string(service) + ":" + std::string(action);
        if (out.error().message.find(named) == std::string::npos) {
            Error e = out.error();
            e.message += " (" + named + ")";
            return Unexpected(e);
        }
    }
    return out;
}

wire::HttpResponse Console::route(Exchange& x) {
    const std::string& r = x.route;
    const bool get = x.request.method == "GET" || x.request.method == "HEAD";
    if (get && r == "style.css") {
        wire::HttpResponse css;
        css.headers.push_back({"Content-Type", "text/css; charset=utf-8"});
        css.body = std::string(stylesheet());
        return css;
    }
    if (get && r == "webauthn.js") return webauthn_script();
    // Every POST carries the session's CSRF token, the sign-in form's included.
    if (x.post() && !csrf_ok(x))
        return html_response(403, page(x.lang, m_options.prefix, nullptr, tr(x.lang, "signin"),
                                       error_block(tr(x.lang, "bad_csrf")) + "<p><a href=\"" + m_options.prefix +
                                           "signin\">" + esc(tr(x.lang, "signin")) + "</a></p>"));
    if (!x.post() && !get) return html_response(405, "");

    // Before sign-in (and the steps of the sign-in).
    if (r == "signin") return x.post() ? signin_post(x) : signin_page(x);
    if (r == "signout" && x.post()) return signout_post(x);
    if (x.session && x.session->stage == Stage::mfa) {
        if (r == "mfa") return x.post() ? mfa_post(x) : mfa_page(x);
        if (r == "mfa/passkey" && x.post()) return passkey_signin_post(x);
        return redirect_to(m_options.prefix + "mfa");
    }
    if (x.session && x.session->stage == Stage::change_password) {
        if (r == "password") return x.post() ? password_post(x) : password_page(x);
        return redirect_to(m_options.prefix + "password");
    }
    if (!x.signed_in()) {
        std::string next = m_options.prefix + "signin";
        // The switch-role link works for a signed-out browser too: sign in, then follow it.
        if (r == "switchrole" && !x.request.query.empty()) next += "?" + x.request.query;
        return redirect_to(next);
    }

    // Signed in.
    if (r.empty()) return home_page(x);
    if (r == "password") return x.post() ? password_post(x) : password_page(x);
    if (r == "security") return security_page(x);
    if (r == "mfa/assign") return x.post() ? mfa_assign_post(x) : mfa_assign_page(x);
    if (r == "mfa/enable" && x.post()) return mfa_enable_post(x);
    if (r == "mfa/qr.png" && get) return mfa_qr(x);
    if (r == "mfa/remove" && x.post()) return mfa_remove_post(x);
    if (r == "passkey/register" && x.post()) return passkey_register_post(x);
    if (r == "keys/create" && x.post()) return key_create_post(x);
    if (r == "keys/created" && get) return key_created_page(x);
    if (r == "keys/created.csv" && get) return key_csv(x);
    if (r == "keys/update" && x.post()) return key_update_post(x);
    if (r == "keys/delete" && x.post()) return key_delete_post(x);
    if (r == "switchrole") return x.post() ? switchrole_post(x) : switchrole_page(x);
    if (r == "switchback" && x.post()) return switchback_post(x);
    if (r == "iam" || r == "iam/users" || r == "iam/groups" || r == "iam/roles" || r == "iam/policies")
        return iam_page(x);
    if (r == "iam/policy" && get) return iam_policy_page(x);
    if (r == "iam/users/create" && x.post()) return iam_create_user_post(x);
    if (r == "cloudformation" && get) return cfn_page(x);
    if (r == "cloudformation/stack" && get) return cfn_stack_page(x);
    if (r == "cloudformation/stackset" && get) return cfn_stackset_page(x);
    if (r == "s3" && get) return s3_page(x);
    if (r == "s3/bucket" && get) return s3_bucket_page(x);
    if (r == "s3/object" && get) return s3_object(x);
    if (r == "s3/create" && x.post()) return s3_create_post(x);
    if (r == "access" && get) return access_page(x);
    const Session* s = &*x.session;
    return html_response(404, page(x.lang, m_options.prefix, s, tr(x.lang, "not_found"), ""));
}

}  // namespace jg::console
