// Switch role: the form (account, role, display name, colour), filled from AWS's link
// query (switchrole?account=&roleName=&displayName=); sts:AssumeRole with the user's
// console session, whose MFA facts the role session carries; "back to user".
#include <fmt/format.h>

#include "cloud/console_signin.hpp"
#include "console/console_internal.hpp"
#include "core/strings.hpp"

namespace jg::console {

wire::HttpResponse Console::switchrole_page(Exchange& x, std::string_view error, int status) {
    const Lang l = x.lang;
    const Session& s = *x.session;
    const std::string& p = m_options.prefix;
    auto pick = [&](const char* form_name, const char* query_name) {
        std::string v = field(x.form, form_name);
        return v.empty() ? field(x.query, query_name) : v;
    };
    const std::string color = pick("color", "color");
    std::string b;
    if (!error.empty()) b += error;
    b += "<form class=\"stack\" method=\"post\" action=\"" + p + "switchrole\">" + csrf_input(s);
    b += "<label for=\"account\">" + esc(tr(l, "switch_account")) +
         "</label><input type=\"text\" id=\"account\" name=\"account\" required value=\"" + esc(pick("account", "account")) +
         "\">";
    b += "<label for=\"role\">" + esc(tr(l, "role")) + "</label><input type=\"text\" id=\"role\" name=\"role\" required value=\"" +
         esc(pick("role", "roleName")) + "\">";
    b += "<label for=\"display_name\">" + esc(tr(l, "display_name")) +
         "</label><input type=\"text\" id=\"display_name\" name=\"display_name\" maxlength=\"64\" value=\"" +
         esc(pick("display_name", "displayName")) + "\">";
    b += "<label for=\"color\">" + esc(tr(l, "color")) + "</label><select id=\"color\" name=\"color\"><option value=\"\"></option>";
    for (std::string_view c : k_role_colors)
        b += "<option value=\"" + std::string(c) + "\"" + (c == color ? " selected" : "") + ">" + std::string(c) + "</option>";
    b += "</select><button type=\"submit\">" + esc(tr(l, "switch_role")) + "</button></form>";
    return html_response(status, page(l, p, &s, tr(l, "switch_role"), b));
}

wire::HttpResponse Console::switchrole_post(Exchange& x) {
    Session& s = *x.session;
    const std::string account_in = trim(field(x.form, "account"));
    std::string role = trim(field(x.form, "role"));
    while (!role.empty() && role.front() == '/') role.erase(0, 1);
    std::string color = field(x.form, "color");
    if (!is_role_color(color)) color.clear();
    auto account = cloud::console_account_id(m_cloud, account_in);
    if (!account) return switchrole_page(x, cloud_error(account.error()), 500);
    // An unknown account is refused as AWS refuses it: AssumeRole on a role that is not.
    const std::string account_id = account->empty() ? account_in : *account;
    std::string display = trim(field(x.form, "display_name"));
    if (display.empty()) display = role + " @ " + account_in;

    // Always from the user's own session: AWS's console switches from the user, not
    // from the role it is in (no chaining).
    Node in = Node::make_object();
    in.add("RoleArn", Node::make_string(fmt::format("arn:aws:iam::{}:role/{}", account_id, role)));
    in.add("RoleSessionName", Node::make_string(s.user.user_name));
    in.add("DurationSeconds", Node::make_number(std::to_string(m_options.role_session.count())));
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    auto assumed = call(s.credentials, "sts", "AssumeRole", in, info);
    if (!assumed) return switchrole_page(x, cloud_error(assumed.error()), assumed.error().code == "AccessDenied" ? 403 : 400);
    const Node* c = assumed->find("Credentials");
    const Node* u = assumed->find("AssumedRoleUser");
    if (!c || !u) return switchrole_page(x, error_block("InternalFailure: AssumeRole gave no credentials"), 500);
    RoleSwitch r;
    r.account = account_in;
    r.role = role;
    r.display_name = display;
    r.color = color;
    r.arn = text_of(*u, "Arn");
    r.credentials = cloud::Credentials{text_of(*c, "AccessKeyId"), text_of(*c, "SessionToken")};
    auto expiration = parse_iso8601(text_of(*c, "Expiration"));
    r.expiration = expiration ? *expiration : m_clock.now() + m_options.role_session;
    s.role = r;
    // The history: most recent first, one entry per account and role, at most five.
    RoleSwitch entry = r;
    entry.credentials = {};
    std::erase_if(s.history, [&](const RoleSwitch& h) { return h.account == r.account && h.role == r.role; });
    s.history.insert(s.history.begin(), entry);
    if (s.history.size() > k_role_history) s.history.resize(k_role_history);
    m_sessions.put(s);
    return redirect_to(m_options.prefix);
}

wire::HttpResponse Console::switchback_post(Exchange& x) {
    Session& s = *x.session;
    s.role.reset();
    m_sessions.put(s);
    return redirect_to(m_options.prefix);
}

}  // namespace jg::console
