// The browser console of the local cloud, served by `jumpgate serve` under a path no S3
// bucket can have (bucket names hold neither '_' nor capitals): sign-in as an IAM user
// (password, forced change, MFA), the user's security credentials, switch role, and
// service pages. Transport-independent: one HttpRequest in, one HttpResponse out.
//
// A signed-in session is a real STS-sealed session of the user (cloud/console_signin),
// held server-side; every page acts by calling the local cloud with the session's
// credentials (Cloud::call, the path the AWS API takes), so the policy engine decides
// what a page may show or do exactly as it decides for the API.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "cloud/cloud.hpp"
#include "console/form.hpp"
#include "console/sessions.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/webauthn.hpp"
#include "jump/user/console_url.hpp"
#include "wire/http_message.hpp"

namespace jg::console {

inline constexpr std::string_view k_default_prefix = jump::user::k_local_console_prefix;

struct ConsoleOptions {
    std::string prefix = std::string(k_default_prefix);  // starts and ends with '/'
    // Cookies marked Secure (the console is served over TLS, e.g. behind a proxy); a
    // request with X-Forwarded-Proto: https gets them too.
    bool secure_cookies = false;
    std::chrono::seconds user_session{12 * 3600};  // AWS's console session of an IAM user
    std::chrono::seconds pending_session{15 * 60};  // sign-in form, MFA step
    std::chrono::seconds role_session{3600};        // AssumeRole's DurationSeconds
    // The origin browsers reach the console at, for WebAuthn ("https://console.example");
    // empty: the request's scheme and Host. Passkeys are bound to its host (the RP ID).
    std::string origin{};
    int lockout_failures = 5;                       // per user; a source address gets 4x
    std::chrono::seconds lockout_window{15 * 60};
};

class Console {
public:
    Console(cloud::Cloud& cloud, Clock& clock, Random& random, ConsoleOptions options = {});

    // Whether `path` (raw, without the query) is the console's.
    bool owns(std::string_view path) const;
    // Answers one request for a console path. Safe to call from many threads at once.
    wire::HttpResponse handle(const wire::HttpRequest& request, std::string_view source_ip);

    const std::string& prefix() const { return m_options.prefix; }
    Sessions& sessions() { return m_sessions; }

    // One request being answered (defined in console_internal.hpp).
    struct Exchange;

private:
    wire::HttpResponse route(Exchange& x);
    // Cloud::call with the page's credentials; an AccessDenied always names the action
    // ("service:Action"), as AWS's console shows it, also where the API's message does
    // not (S3's "Access Denied").
    Result<Node> call(const cloud::Credentials& who, std::string_view service, std::string_view action,
                      const Node& input, const cloud::RequestInfo& info);

    // Sign-in (signin_pages.cpp)
    wire::HttpResponse signin_page(Exchange& x, std::string_view error = {}, int status = 200);
    wire::HttpResponse signin_post(Exchange& x);
    wire::HttpResponse mfa_page(Exchange& x, std::string_view error = {}, int status = 200);
    wire::HttpResponse mfa_post(Exchange& x);
    wire::HttpResponse password_page(Exchange& x, std::string_view error = {}, std::string_view notice = {},
                                     int status = 200);
    wire::HttpResponse password_post(Exchange& x);
    wire::HttpResponse signout_post(Exchange& x);
    wire::HttpResponse home_page(Exchange& x);
    // The MFA step passed at `mfa_time` (code or passkey): the user's console session.
    wire::HttpResponse finish_mfa(Exchange& x, Time mfa_time);
    // Passkeys (passkey_pages.cpp)
    wire::HttpResponse webauthn_script();
    std::string origin_of(const Exchange& x) const;
    std::string issue_challenge(Exchange& x);                // base64url; kept in the session
    webauthn::Expectation take_challenge(Exchange& x);       // the session's, used up
    std::string passkey_register_form(Exchange& x, std::string_view error = {});
    wire::HttpResponse passkey_register_post(Exchange& x);
    std::string passkey_signin_form(Exchange& x);
    wire::HttpResponse passkey_signin_post(Exchange& x);
    // Security credentials (security_pages.cpp)
    wire::HttpResponse security_page(Exchange& x, std::string_view error = {}, std::string_view notice = {},
                                     int status = 200);
    wire::HttpResponse mfa_assign_page(Exchange& x, std::string_view error = {}, int status = 200);
    wire::HttpResponse mfa_assign_post(Exchange& x);
    wire::HttpResponse mfa_enable_post(Exchange& x);
    wire::HttpResponse mfa_qr(Exchange& x);
    wire::HttpResponse mfa_remove_post(Exchange& x);
    wire::HttpResponse key_create_post(Exchange& x);
    wire::HttpResponse key_created_page(Exchange& x);
    wire::HttpResponse key_csv(Exchange& x);
    wire::HttpResponse key_update_post(Exchange& x);
    wire::HttpResponse key_delete_post(Exchange& x);
    // Switch role (role_pages.cpp)
    wire::HttpResponse switchrole_page(Exchange& x, std::string_view error = {}, int status = 200);
    wire::HttpResponse switchrole_post(Exchange& x);
    wire::HttpResponse switchback_post(Exchange& x);
    // Services (service_pages.cpp)
    wire::HttpResponse iam_page(Exchange& x, std::string_view error = {}, int status = 200);
    wire::HttpResponse iam_policy_page(Exchange& x);
    wire::HttpResponse iam_create_user_post(Exchange& x);
    wire::HttpResponse cfn_page(Exchange& x);
    wire::HttpResponse cfn_stack_page(Exchange& x);
    wire::HttpResponse cfn_stackset_page(Exchange& x);
    wire::HttpResponse s3_page(Exchange& x, std::string_view error = {}, int status = 200);
    wire::HttpResponse s3_bucket_page(Exchange& x);
    wire::HttpResponse s3_object(Exchange& x);
    wire::HttpResponse s3_create_post(Exchange& x);
    // Access at a glance (access_page.cpp)
    wire::HttpResponse access_page(Exchange& x);

    cloud::Cloud& m_cloud;
    Clock& m_clock;
    Random& m_random;
    ConsoleOptions m_options;
    Sessions m_sessions;
    Lockout m_lockout;
};

}  // namespace jg::console
