#include "console/html.hpp"

#include "console/i18n.hpp"
#include "core/encoding.hpp"

namespace jg::console {

std::string esc(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string csrf_input(const Session& session) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(session.csrf) + "\">";
}

std::string error_block(std::string_view message) {
    return "<p id=\"error\" class=\"error\" role=\"alert\">" + esc(message) + "</p>";
}

bool is_role_color(std::string_view c) {
    for (std::string_view k : k_role_colors)
        if (k == c) return true;
    return false;
}

namespace {

std::string switch_link(std::string_view prefix, const RoleSwitch& r) {
    return std::string(prefix) + "switchrole?account=" + uri_encode(r.account) + "&amp;roleName=" + uri_encode(r.role) +
           "&amp;displayName=" + uri_encode(r.display_name) + (r.color.empty() ? "" : "&amp;color=" + uri_encode(r.color));
}

std::string header(Lang lang, std::string_view prefix, const Session& s) {
    const std::string p(prefix);
    std::string h = "<header class=\"top";
    if (s.role && !s.role->color.empty()) h += " role-" + s.role->color;
    h += "\"><a class=\"brand\" href=\"" + p + "\">" + esc(tr(lang, "console")) + "</a>";
    h += "<nav aria-label=\"services\"><a href=\"" + p + "iam\">" + esc(tr(lang, "iam")) + "</a> <a href=\"" + p +
         "cloudformation\">" + esc(tr(lang, "cloudformation")) + "</a> <a href=\"" + p + "s3\">" + esc(tr(lang, "s3")) +
         "</a> <a href=\"" + p + "access\">" + esc(tr(lang, "access_glance")) + "</a></nav>";
    h += "<div class=\"who\">";
    if (s.role) {
        h += "<strong class=\"display-name\">" + esc(s.role->display_name) + "</strong> <span class=\"role-at\">" +
             esc(s.role->role + " @ " + s.role->account) + "</span>";
    } else {
        h += "<strong>" + esc(s.user.user_name + " @ " + s.user.account) + "</strong>";
    }
    h += " <code id=\"identity\">" + esc(s.role ? s.role->arn : s.user.arn) + "</code></div>";
    // The user menu: a <details> opens without script and with the keyboard.
    h += "<details class=\"menu\"><summary>" + esc(s.user.user_name) + "</summary><ul>";
    h += "<li><a href=\"" + p + "security\">" + esc(tr(lang, "security_credentials")) + "</a></li>";
    h += "<li><a href=\"" + p + "switchrole\">" + esc(tr(lang, "switch_role")) + "</a></li>";
    if (s.role)
        h += "<li><form method=\"post\" action=\"" + p + "switchback\">" + csrf_input(s) + "<button type=\"submit\">" +
             esc(tr(lang, "back_to_user")) + "</button></form></li>";
    if (!s.history.empty()) {
        h += "<li>" + esc(tr(lang, "role_history")) + "<ul class=\"history\">";
        for (const RoleSwitch& r : s.history)
            h += "<li><a href=\"" + switch_link(prefix, r) + "\">" + esc(r.display_name) + " (" +
                 esc(r.role + " @ " + r.account) + ")</a></li>";
        h += "</ul></li>";
    }
    h += "<li><form method=\"post\" action=\"" + p + "signout\">" + csrf_input(s) + "<button type=\"submit\">" +
         esc(tr(lang, "signout")) + "</button></form></li>";
    h += "</ul></details></header>";
    return h;
}

}  // namespace

std::string page(Lang lang, std::string_view prefix, const Session* session, std::string_view title,
                 std::string_view body) {
    std::string out = "<!DOCTYPE html><html lang=\"";
    out += lang == Lang::ja ? "ja" : "en";
    out += "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
    out += "<title>" + esc(title) + " - " + esc(tr(lang, "console")) + "</title>";
    out += "<link rel=\"stylesheet\" href=\"" + std::string(prefix) + "style.css\">";
    // The one script: the WebAuthn ceremonies of forms marked data-webauthn (passkeys).
    if (body.find("data-webauthn=") != std::string_view::npos)
        out += "<script src=\"" + std::string(prefix) + "webauthn.js\" defer></script>";
    out += "</head><body>";
    if (session && session->stage == Stage::signed_in) out += header(lang, prefix, *session);
    out += "<main><h1>" + esc(title) + "</h1>";
    // One element has id="error" (the form contract): the first error block keeps it,
    // later ones (a page may show several denied calls) keep only their class.
    std::string content(body);
    constexpr std::string_view k_id = "<p id=\"error\" ";
    if (auto first = content.find(k_id); first != std::string::npos)
        for (auto at = content.find(k_id, first + k_id.size()); at != std::string::npos; at = content.find(k_id, at))
            content.replace(at, k_id.size(), "<p ");
    out += content;
    out += "</main></body></html>";
    return out;
}

std::string_view stylesheet() {
    return R"css(body{font-family:system-ui,sans-serif;margin:0;color:#16191f;background:#f2f3f3;font-size:16px}
main{max-width:60rem;margin:0 auto;padding:1rem}
header.top{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;background:#232f3e;color:#fff;padding:.5rem 1rem;border-bottom:.4rem solid #232f3e}
header.top a{color:#fff}
header.top .brand{font-weight:bold;text-decoration:none}
header.top nav a{margin-right:.5rem}
header.top .who{flex:1 1 20rem;overflow-wrap:anywhere}
header.top code{font-size:.8rem;color:#d5dbdb}
header.role-red{border-bottom-color:#d13212}header.role-orange{border-bottom-color:#ff9900}
header.role-yellow{border-bottom-color:#f2c300}header.role-green{border-bottom-color:#1d8102}
header.role-blue{border-bottom-color:#0073bb}
details.menu{position:relative}details.menu summary{cursor:pointer}
details.menu ul{list-style:none;padding:.5rem;margin:0;background:#fff;color:#16191f;position:absolute;right:0;min-width:14rem;z-index:1;box-shadow:0 2px 6px #0004}
details.menu ul a{color:#0073bb}details.menu ul ul{position:static;box-shadow:none}
@media (max-width:40rem){details.menu ul{position:static}}
form.stack label{display:block;margin-top:.75rem;font-weight:600}
input[type=text],input[type=password],select,textarea{width:100%;max-width:28rem;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:.75rem;padding:.5rem 1rem;font-size:1rem;background:#ff9900;border:1px solid #c77700;border-radius:2px;cursor:pointer}
button:focus,a:focus,input:focus,summary:focus{outline:3px solid #0073bb;outline-offset:2px}
.error{background:#fde8e6;border-left:.3rem solid #d13212;padding:.5rem;overflow-wrap:anywhere}
.notice{background:#e6f2f8;border-left:.3rem solid #0073bb;padding:.5rem}
table{border-collapse:collapse;width:100%;background:#fff;display:block;overflow-x:auto}
th,td{text-align:left;padding:.4rem;border-bottom:1px solid #d5dbdb;vertical-align:top}
pre{background:#fff;padding:.5rem;overflow-x:auto}
.inline{display:inline}.inline button{margin-top:0}
img.qr{image-rendering:pixelated;width:200px;height:200px}
.graph{overflow-x:auto;background:#fff;padding:.5rem}
tr.sev-critical td:first-child,tr.sev-high td:first-child{color:#d13212;font-weight:bold}
)css";
}

}  // namespace jg::console
