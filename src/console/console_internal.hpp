// What the console's page files share: the request being answered and small helpers to
// answer it. Not part of the console's interface.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "console/console.hpp"
#include "console/html.hpp"
#include "console/i18n.hpp"
#include "core/node.hpp"

namespace jg::console {

struct Console::Exchange {
    Exchange(const wire::HttpRequest& r, std::string ip) : request(r), source_ip(std::move(ip)) {}

    const wire::HttpRequest& request;
    std::string source_ip;
    Lang lang = Lang::en;
    std::string route;  // the path after the prefix: "" (home), "signin", "iam/users", ...
    Form query;
    Form form;  // a POST's urlencoded body
    std::optional<Session> session;
    bool secure = false;  // served over TLS (cookies get Secure)
    std::vector<wire::Header> extra_headers;  // Set-Cookie, ...

    bool post() const { return request.method == "POST"; }
    bool signed_in() const { return session && session->stage == Stage::signed_in; }
};

wire::HttpResponse html_response(int status, std::string body);
wire::HttpResponse redirect_to(std::string location);
wire::HttpResponse with_headers(wire::HttpResponse response, const std::vector<wire::Header>& extra);

// The cookie that carries the session id, limited to the console's paths.
std::string session_cookie(std::string_view prefix, std::string_view id, bool secure);
std::string cleared_cookie(std::string_view prefix, bool secure);
inline constexpr std::string_view k_cookie_name = "jg_console";

// Keys of the sign-in throttling (Lockout): per account and user, and per source address.
std::string lockout_key_user(std::string_view account, std::string_view user);
std::string lockout_key_ip(std::string_view ip);

// Whether a POST carries the session's CSRF token.
bool csrf_ok(const Console::Exchange& x);

// The credentials pages act with: the role switched to, else the user's session.
const cloud::Credentials& active_credentials(const Session& s);

// "AccessDenied: MESSAGE" as the console shows an error of the cloud, in id="error".
std::string cloud_error(const Error& e);

// String member of an output node ("" when absent), and the items of an array member.
std::string text_of(const Node& n, std::string_view key);
const std::vector<Node>& items_of(const Node& n, std::string_view key);

}  // namespace jg::console
