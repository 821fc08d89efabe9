// Sign-in: password, MFA code, the forced password change, sign-out, and the home page.
#include <fmt/format.h>

#include "cloud/console_signin.hpp"
#include "console/console_internal.hpp"
#include "core/strings.hpp"

namespace jg::console {

std::string lockout_key_user(std::string_view account, std::string_view user) {
    return "user|" + to_lower(account) + "|" + to_lower(user);
}
std::string lockout_key_ip(std::string_view ip) { return "ip|" + std::string(ip); }

namespace {

// The rules of the account's password policy as a list (AWS's default ones without one).
std::string rules_list(Lang lang, const std::optional<cloud::iam::PasswordPolicy>& policy) {
    std::string out = "<h2>" + esc(tr(lang, "password_rules")) + "</h2><ul class=\"rules\">";
    if (!policy) return out + "<li>" + esc(tr(lang, "rule_default")) + "</li></ul>";
    out += "<li>" + esc(tr(lang, "rule_min_length")) + ": " + std::to_string(policy->minimum_password_length) + "</li>";
    if (policy->require_uppercase_characters) out += "<li>" + esc(tr(lang, "rule_upper")) + "</li>";
    if (policy->require_lowercase_characters) out += "<li>" + esc(tr(lang, "rule_lower")) + "</li>";
    if (policy->require_numbers) out += "<li>" + esc(tr(lang, "rule_number")) + "</li>";
    if (policy->require_symbols) out += "<li>" + esc(tr(lang, "rule_symbol")) + "</li>";
    if (policy->password_reuse_prevention)
        out += "<li>" + esc(tr(lang, "rule_reuse")) + ": " + std::to_string(*policy->password_reuse_prevention) + "</li>";
    return out + "</ul>";
}

}  // namespace

wire::HttpResponse Console::signin_page(Exchange& x, std::string_view error, int status) {
    // The sign-in form's CSRF token lives in a pre-sign-in session of its own.
    if (!x.session || x.session->stage != Stage::anonymous) {
        x.session = m_sessions.create(m_random, m_clock.now(), m_clock.now() + m_options.pending_session);
        x.extra_headers.push_back({"Set-Cookie", session_cookie(m_options.prefix, x.session->id, x.secure)});
    }
    const Lang l = x.lang;
    std::string account = field(x.form, "account");
    if (account.empty()) account = field(x.query, "account");
    std::string b;
    if (!error.empty()) b += error_block(error);
    b += "<form class=\"stack\" method=\"post\" action=\"" + m_options.prefix + "signin\">" + csrf_input(*x.session);
    b += "<label for=\"account\">" + esc(tr(l, "account")) +
         "</label><input type=\"text\" id=\"account\" name=\"account\" required autocomplete=\"organization\" value=\"" +
         esc(account) + "\">";
    b += "<label for=\"username\">" + esc(tr(l, "username")) +
         "</label><input type=\"text\" id=\"username\" name=\"username\" required autocomplete=\"username\" value=\"" +
         esc(field(x.form, "username")) + "\">";
    b += "<label for=\"password\">" + esc(tr(l, "password")) +
         "</label><input type=\"password\" id=\"password\" name=\"password\" required autocomplete=\"current-password\">";
    b += "<button type=\"submit\">" + esc(tr(l, "signin")) + "</button></form>";
    return html_response(status, page(l, m_options.prefix, nullptr, tr(l, "signin_title"), b));
}

wire::HttpResponse Console::signin_post(Exchange& x) {
    const Time now = m_clock.now();
    const std::string account = trim(field(x.form, "account"));
    const std::string user = trim(field(x.form, "username"));
    const std::string user_key = lockout_key_user(account, user);
    const std::string ip_key = lockout_key_ip(x.source_ip);
    if (m_lockout.locked(user_key, 1, now) || m_lockout.locked(ip_key, 4, now))
        return signin_page(x, tr(x.lang, "locked"), 429);
    auto checked = cloud::check_console_password(m_cloud, account, user, field(x.form, "password"));
    if (!checked) {
        m_lockout.failure(user_key, now);
        m_lockout.failure(ip_key, now);
        if (checked.error().code == "AccessDenied") return signin_page(x, tr(x.lang, "signin_refused"), 401);
        return signin_page(x, checked.error().message, 500);
    }
    // A new id once the password passed (no session fixation); the pre-sign-in one goes.
    m_sessions.erase(x.session->id);
    Session s = m_sessions.create(m_random, now, now + m_options.pending_session);
    s.user = *checked;
    if (checked->has_mfa) {
        s.stage = Stage::mfa;
    } else {
        m_lockout.success(user_key);
        auto creds = cloud::issue_console_session(m_cloud, s.user, std::nullopt, m_options.user_session);
        s.credentials = creds.credentials;
        s.expiration = creds.expiration;
        s.stage = checked->password_reset_required ? Stage::change_password : Stage::signed_in;
    }
    m_sessions.put(s);
    x.extra_headers.push_back({"Set-Cookie", session_cookie(m_options.prefix, s.id, x.secure)});
    if (s.stage == Stage::mfa) return redirect_to(m_options.prefix + "mfa");
    if (s.stage == Stage::change_password) return redirect_to(m_options.prefix + "password");
    return redirect_to(m_options.prefix);
}

wire::HttpResponse Console::mfa_page(Exchange& x, std::string_view error, int status) {
    const Lang l = x.lang;
    std::string b;
    if (!error.empty()) b += error_block(error);
    // A passkey first (AWS's console asks for the device the user has), then the code.
    if (x.session->user.has_passkey) {
        b += passkey_signin_form(x);
        if (!x.session->user.has_totp) return html_response(status, page(l, m_options.prefix, nullptr, tr(l, "mfa_title"), b));
        b += "<p>" + esc(tr(l, "or_code")) + "</p>";
    } else {
        b += "<p>" + esc(tr(l, "mfa_hint")) + "</p>";
    }
    b += "<form class=\"stack\" method=\"post\" action=\"" + m_options.prefix + "mfa\">" + csrf_input(*x.session);
    b += "<label for=\"mfa_code\">" + esc(tr(l, "mfa_code")) +
         "</label><input type=\"text\" id=\"mfa_code\" name=\"mfa_code\" required inputmode=\"numeric\" "
         "autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\">";
    b += "<button type=\"submit\">" + esc(tr(l, "submit")) + "</button></form>";
    return html_response(status, page(l, m_options.prefix, nullptr, tr(l, "mfa_title"), b));
}

wire::HttpResponse Console::mfa_post(Exchange& x) {
    const Time now = m_clock.now();
    Session& s = *x.session;
    const std::string user_key = lockout_key_user(s.user.account, s.user.user_name);
    const std::string ip_key = lockout_key_ip(x.source_ip);
    if (m_lockout.locked(user_key, 1, now) || m_lockout.locked(ip_key, 4, now))
        return mfa_page(x, tr(x.lang, "locked"), 429);
    auto checked = cloud::check_console_mfa(m_cloud, s.user, trim(field(x.form, "mfa_code")));
    if (!checked) {
        m_lockout.failure(user_key, now);
        m_lockout.failure(ip_key, now);
        return mfa_page(x, tr(x.lang, "mfa_refused"), 401);
    }
    m_lockout.success(user_key);
    return finish_mfa(x, *checked);
}

wire::HttpResponse Console::finish_mfa(Exchange& x, Time mfa_time) {
    Session& s = *x.session;
    auto creds = cloud::issue_console_session(m_cloud, s.user, mfa_time, m_options.user_session);
    s.credentials = creds.credentials;
    s.expiration = creds.expiration;
    s.mfa_time = mfa_time;
    s.stage = s.user.password_reset_required ? Stage::change_password : Stage::signed_in;
    m_sessions.put(s);
    return redirect_to(s.stage == Stage::change_password ? m_options.prefix + "password" : m_options.prefix);
}

wire::HttpResponse Console::password_page(Exchange& x, std::string_view error, std::string_view notice, int status) {
    const Lang l = x.lang;
    const Session& s = *x.session;
    std::string b;
    if (!error.empty()) b += error_block(error);
    if (!notice.empty()) b += "<p class=\"notice\" role=\"status\">" + esc(notice) + "</p>";
    if (s.stage == Stage::change_password) b += "<p class=\"notice\">" + esc(tr(l, "forced_change")) + "</p>";
    auto policy = cloud::console_password_policy(m_cloud, s.user.account);
    if (policy) b += rules_list(l, *policy);
    b += "<form class=\"stack\" method=\"post\" action=\"" + m_options.prefix + "password\">" + csrf_input(s);
    b += "<label for=\"old_password\">" + esc(tr(l, "old_password")) +
         "</label><input type=\"password\" id=\"old_password\" name=\"old_password\" required "
         "autocomplete=\"current-password\">";
    b += "<label for=\"new_password\">" + esc(tr(l, "new_password")) +
         "</label><input type=\"password\" id=\"new_password\" name=\"new_password\" required "
         "autocomplete=\"new-password\">";
    b += "<label for=\"confirm_password\">" + esc(tr(l, "confirm_password")) +
         "</label><input type=\"password\" id=\"confirm_password\" name=\"confirm_password\" required "
         "autocomplete=\"new-password\">";
    b += "<button type=\"submit\">" + esc(tr(l, "change_password")) + "</button></form>";
    return html_response(status, page(l, m_options.prefix, &s, tr(l, "change_password"), b));
}

wire::HttpResponse Console::password_post(Exchange& x) {
    Session& s = *x.session;
    const std::string old_password = field(x.form, "old_password");
    const std::string new_password = field(x.form, "new_password");
    if (new_password != field(x.form, "confirm_password")) return password_page(x, tr(x.lang, "passwords_differ"), {}, 400);
    // The change is the user's own iam:ChangePassword, decided by the user's policies
    // (or the account's AllowUsersToChangePassword) and checked against the policy there.
    Node in = Node::make_object();
    in.add("OldPassword", Node::make_string(old_password));
    in.add("NewPassword", Node::make_string(new_password));
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    info.secure_transport = x.secure;
    auto changed = call(s.credentials, "iam", "ChangePassword", in, info);
    if (!changed) {
        const int status = changed.error().code == "AccessDenied" ? 403 : 400;
        return password_page(x, (changed.error().code.empty() ? "" : changed.error().code + ": ") + changed.error().message,
                             {}, status);
    }
    s.user.password_reset_required = false;
    if (s.stage == Stage::change_password) {
        s.stage = Stage::signed_in;
        m_sessions.put(s);
        return redirect_to(m_options.prefix);
    }
    m_sessions.put(s);
    return password_page(x, {}, tr(x.lang, "password_changed"));
}

wire::HttpResponse Console::signout_post(Exchange& x) {
    m_sessions.erase(x.session->id);
    x.extra_headers.push_back({"Set-Cookie", cleared_cookie(m_options.prefix, x.secure)});
    return redirect_to(m_options.prefix + "signin");
}

wire::HttpResponse Console::home_page(Exchange& x) {
    const Lang l = x.lang;
    const Session& s = *x.session;
    const std::string& p = m_options.prefix;
    std::string b = "<p>" + esc(tr(l, "welcome")) + " <strong>" + esc(s.role ? s.role->arn : s.user.arn) + "</strong></p>";
    b += "<ul class=\"services\">";
    b += "<li><a href=\"" + p + "iam\">" + esc(tr(l, "iam")) + "</a></li>";
    b += "<li><a href=\"" + p + "cloudformation\">" + esc(tr(l, "cloudformation")) + "</a></li>";
    b += "<li><a href=\"" + p + "s3\">" + esc(tr(l, "s3")) + "</a></li>";
    b += "<li><a href=\"" + p + "access\">" + esc(tr(l, "access_glance")) + "</a></li>";
    b += "<li><a href=\"" + p + "security\">" + esc(tr(l, "security_credentials")) + "</a></li>";
    b += "<li><a href=\"" + p + "switchrole\">" + esc(tr(l, "switch_role")) + "</a></li>";
    b += "</ul>";
    return html_response(200, page(l, p, &s, tr(l, "home"), b));
}

}  // namespace jg::console
