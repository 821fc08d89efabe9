// The console's handler without a browser: sign-in (password, lockout, forced change,
// MFA), security credentials under the article's MFA policy, switch role, service pages,
// and the web-security rules (CSRF, cookie flags, CSP, expiry).
#include "console/console.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "../cloud/fixture.hpp"
#include "../support/webauthn_authenticator.hpp"
#include "console/i18n.hpp"
#include "core/encoding.hpp"
#include "core/json.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/login_profile.hpp"
#include "core/totp.hpp"

namespace jg::console {
namespace {

using cloud::Credentials;

constexpr const char* k_jump = "111111111111";
constexpr const char* k_prod = "222222222222";
constexpr const char* k_first_password = "First-Pass-123!";
constexpr const char* k_new_password = "Second-Pass-456!";

// The article's policy-enforce-mfa (seed template iam-global-groups.yaml), for user names.
const char* k_enforce_mfa = R"({"Version":"2012-10-17","Statement":[
{"Sid":"AllowViewAccountInfo","Effect":"Allow","Action":["iam:GetAccountPasswordPolicy","iam:GetAccountSummary","iam:ListVirtualMFADevices","iam:ListUsers"],"Resource":"*"},
{"Sid":"AllowManageOwnPasswords","Effect":"Allow","Action":["iam:ChangePassword","iam:GetUser"],"Resource":"arn:aws:iam::111111111111:user/${aws:username}"},
{"Sid":"AllowManageOwnAccessKeys","Effect":"Allow","Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:ListAccessKeys","iam:UpdateAccessKey"],"Resource":"arn:aws:iam::111111111111:user/${aws:username}"},
{"Sid":"AllowManageOwnVirtualMFADevice","Effect":"Allow","Action":["iam:CreateVirtualMFADevice","iam:DeleteVirtualMFADevice"],"Resource":"arn:aws:iam::111111111111:mfa/${aws:username}"},
{"Sid":"AllowManageOwnUserMFA","Effect":"Allow","Action":["iam:DeactivateMFADevice","iam:EnableMFADevice","iam:ListMFADevices","iam:ResyncMFADevice"],"Resource":"arn:aws:iam::111111111111:user/${aws:username}"},
{"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ListUsers","iam:ResyncMFADevice","iam:ChangePassword","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]})";

const char* k_assume_operator = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/role-operator","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}}]})";

const char* k_trust_jump = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]})";

std::string json_string(std::string_view s) { return json_quote(s); }

// A browser without JavaScript: one cookie jar, forms posted with the page's CSRF token,
// redirects followed.
class Browser {
public:
    Browser(Console& console, std::string lang = "en") : m_console(console), m_lang(std::move(lang)) {}

    wire::HttpResponse get(const std::string& path_and_query) { return follow(request("GET", path_and_query, "")); }
    // POSTs `fields` (urlencoded) plus the CSRF token of the last page seen.
    wire::HttpResponse post(const std::string& path, std::vector<std::pair<std::string, std::string>> fields,
                            bool with_csrf = true) {
        std::string body;
        if (with_csrf) fields.push_back({"csrf", m_csrf});
        for (const auto& [k, v] : fields) body += (body.empty() ? "" : "&") + uri_encode(k) + "=" + uri_encode(v);
        return follow(request("POST", path, body));
    }
    wire::HttpResponse raw(const std::string& method, const std::string& path, const std::string& body) {
        return request(method, path, body);
    }
    const std::string& cookie() const { return m_cookie; }
    std::string last_set_cookie;

private:
    wire::HttpResponse request(const std::string& method, const std::string& target, const std::string& body) {
        wire::HttpRequest r;
        r.method = method;
        const auto q = target.find('?');
        r.path = target.substr(0, q);
        r.query = q == std::string::npos ? "" : target.substr(q + 1);
        r.body = body;
        if (!m_cookie.empty()) r.headers.push_back({"Cookie", std::string(k_cookie) + "=" + m_cookie});
        r.headers.push_back({"Accept-Language", m_lang});
        if (method == "POST") r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
        wire::HttpResponse resp = m_console.handle(r, "192.0.2.7");
        for (const auto& h : resp.headers) {
            if (h.name != "Set-Cookie") continue;
            last_set_cookie = h.value;
            const std::string v = h.value.substr(0, h.value.find(';'));
            m_cookie = v.substr(v.find('=') + 1);
        }
        std::smatch m;
        static const std::regex k_csrf_re("name=\"csrf\" value=\"([0-9a-f]+)\"");
        if (std::regex_search(resp.body, m, k_csrf_re)) m_csrf = m[1];
        return resp;
    }
    wire::HttpResponse follow(wire::HttpResponse r) {
        for (int i = 0; i < 5 && r.status == 303; ++i) {
            std::string location;
            for (const auto& h : r.headers)
                if (h.name == "Location") location = h.value;
            r = request("GET", location, "");
        }
        return r;
    }
    static constexpr const char* k_cookie = "jg_console";
    Console& m_console;
    std::string m_lang;
    std::string m_cookie;
    std::string m_csrf;
};

std::string header_of(const wire::HttpResponse& r, std::string_view name) {
    for (const auto& h : r.headers)
        if (h.name == name) return h.value;
    return {};
}

bool has(const wire::HttpResponse& r, std::string_view text) { return r.body.find(text) != std::string::npos; }

class ConsoleTest : public cloud::testing::CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        root = account(k_jump, "jumpgate-demo");
        prod_root = account(k_prod);
        ok(root, "iam", "CreatePolicy",
           R"({"PolicyName":"policy-enforce-mfa","PolicyDocument":)" + json_string(k_enforce_mfa) + "}");
        ok(root, "iam", "CreatePolicy",
           R"({"PolicyName":"policy-assume-role-operator","PolicyDocument":)" + json_string(k_assume_operator) + "}");
        ok(root, "iam", "CreateGroup", R"({"GroupName":"group-operator"})");
        ok(root, "iam", "CreateGroup", R"({"GroupName":"group-nothing"})");
        for (const char* g : {"group-operator", "group-nothing"})
            ok(root, "iam", "AttachGroupPolicy",
               std::string(R"({"GroupName":")") + g + R"(","PolicyArn":"arn:aws:iam::111111111111:policy/policy-enforce-mfa"})");
        ok(root, "iam", "AttachGroupPolicy",
           R"({"GroupName":"group-operator","PolicyArn":"arn:aws:iam::111111111111:policy/policy-assume-role-operator"})");
        add_user("alice", "group-operator");
        add_user("bob", "group-nothing");
        ok(prod_root, "iam", "CreateRole",
           R"({"RoleName":"role-operator","AssumeRolePolicyDocument":)" + json_string(k_trust_jump) + "}");
        ok(prod_root, "iam", "AttachRolePolicy",
           R"({"RoleName":"role-operator","PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})");
        console = std::make_unique<Console>(cloud(), clock, random);
    }
    void add_user(const std::string& name, const std::string& group) {
        ok(root, "iam", "CreateUser", R"({"UserName":")" + name + "\"}");
        ok(root, "iam", "CreateLoginProfile",
           R"({"UserName":")" + name + R"(","Password":")" + k_first_password + R"(","PasswordResetRequired":true})");
        ok(root, "iam", "AddUserToGroup", R"({"UserName":")" + name + R"(","GroupName":")" + group + "\"}");
    }
    wire::HttpResponse sign_in(Browser& b, const std::string& user, const std::string& password,
                               const std::string& account = k_jump) {
        b.get("/_console/signin");
        return b.post("/_console/signin", {{"account", account}, {"username", user}, {"password", password}});
    }
    // Signs `user` in with the first password and makes the forced change.
    wire::HttpResponse onboard(Browser& b, const std::string& user) {
        sign_in(b, user, k_first_password);
        return b.post("/_console/password", {{"old_password", k_first_password},
                                             {"new_password", k_new_password},
                                             {"confirm_password", k_new_password}});
    }
    // Finishes assigning the virtual MFA device named on the previous page (secret shown
    // on request, two consecutive codes); returns its raw secret.
    std::string assign_mfa_pending(Browser& b) {
        auto shown = b.get("/_console/mfa/assign?show_secret=1");
        std::smatch m;
        std::regex re("id=\"mfa-secret\">([A-Z2-7=]+)<");
        EXPECT_TRUE(std::regex_search(shown.body, m, re)) << shown.body;
        auto secret = base32_decode(m[1].str());
        EXPECT_TRUE(secret);
        const Time now = clock.now();
        auto done = b.post("/_console/mfa/enable", {{"device_name", "x"},
                                                    {"code1", totp_code(*secret, now - std::chrono::seconds(30))},
                                                    {"code2", totp_code(*secret, now)}});
        EXPECT_EQ(done.status, 200) << done.body;
        EXPECT_TRUE(has(done, "arn:aws:iam::111111111111:mfa/")) << done.body;
        return *secret;
    }

    Credentials root, prod_root;
    std::unique_ptr<Console> console;
};

TEST_F(ConsoleTest, SignInPageSetsAStrictHttpOnlyCookieAndNoInlineScriptPolicy) {
    Browser b(*console);
    auto page = b.get("/_console/signin");
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(has(page, "name=\"account\"") && has(page, "name=\"username\"") && has(page, "name=\"password\""));
    EXPECT_TRUE(has(page, "<label for=\"password\">"));
    EXPECT_NE(b.last_set_cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(b.last_set_cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(b.last_set_cookie.find("Path=/_console/"), std::string::npos);
    EXPECT_EQ(b.last_set_cookie.find("Secure"), std::string::npos);
    const std::string csp = header_of(page, "Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
    EXPECT_EQ(header_of(page, "X-Frame-Options"), "DENY");
    EXPECT_FALSE(has(page, "<script"));
}

TEST_F(ConsoleTest, SecureCookiesBehindTls) {
    Console tls(cloud(), clock, random, ConsoleOptions{.secure_cookies = true});
    Browser b(tls);
    b.get("/_console/signin");
    EXPECT_NE(b.last_set_cookie.find("; Secure"), std::string::npos);
}

TEST_F(ConsoleTest, PostWithoutTheCsrfTokenIsRefusedAndSignsNobodyIn) {
    Browser b(*console);
    b.get("/_console/signin");
    auto r = b.post("/_console/signin", {{"account", k_jump}, {"username", "alice"}, {"password", k_first_password}},
                    false);
    EXPECT_EQ(r.status, 403);
    EXPECT_TRUE(has(r, "id=\"error\""));
    auto home = b.get("/_console/");
    EXPECT_TRUE(has(home, "name=\"password\"")) << "still the sign-in page";
    EXPECT_FALSE(has(home, "id=\"identity\""));
    // A wrong token is no better.
    auto forged = b.post("/_console/signin", {{"account", k_jump}, {"username", "alice"}, {"password", k_first_password},
                                              {"csrf", std::string(64, '0')}},
                         false);
    EXPECT_EQ(forged.status, 403);
}

TEST_F(ConsoleTest, WrongPasswordsLockTheUserOutForAWhile) {
    Browser b(*console);
    for (int i = 0; i < 5; ++i) {
        auto r = sign_in(b, "alice", "wrong-password");
        EXPECT_EQ(r.status, 401);
        EXPECT_TRUE(has(r, "id=\"error\""));
        EXPECT_TRUE(has(r, "Your authentication information is incorrect"));
    }
    auto locked = sign_in(b, "alice", k_first_password);
    EXPECT_EQ(locked.status, 429);
    EXPECT_TRUE(has(locked, "Too many failed attempts"));
    clock.advance(std::chrono::minutes(16));
    auto later = sign_in(b, "alice", k_first_password);
    EXPECT_EQ(later.status, 200);
    EXPECT_TRUE(has(later, "name=\"new_password\"")) << later.body;
}

TEST_F(ConsoleTest, UnknownUserAndAliasAreRefusedAlike) {
    Browser b(*console);
    EXPECT_EQ(sign_in(b, "nobody", k_first_password).status, 401);
    EXPECT_EQ(sign_in(b, "alice", k_first_password, "999999999999").status, 401);
    // The alias works as the account id does.
    auto by_alias = sign_in(b, "alice", k_first_password, "jumpgate-demo");
    EXPECT_EQ(by_alias.status, 200);
    EXPECT_TRUE(has(by_alias, "name=\"confirm_password\""));
}

TEST_F(ConsoleTest, ForcedChangeEnforcesConfirmationAndPolicyThenSignsIn) {
    ok(root, "iam", "UpdateAccountPasswordPolicy",
       R"({"MinimumPasswordLength":14,"RequireSymbols":true,"PasswordReusePrevention":3,"AllowUsersToChangePassword":true})");
    Browser b(*console);
    auto forced = sign_in(b, "alice", k_first_password);
    EXPECT_TRUE(has(forced, "Minimum length: 14")) << forced.body;
    EXPECT_TRUE(has(forced, "Not one of your previous passwords (count): 3"));
    // Pages other than the change lead back to it.
    EXPECT_TRUE(has(b.get("/_console/iam/users"), "name=\"old_password\""));
    auto differ = b.post("/_console/password", {{"old_password", k_first_password},
                                                {"new_password", "Another-Pass-789!"},
                                                {"confirm_password", "Another-Pass-780!"}});
    EXPECT_EQ(differ.status, 400);
    EXPECT_TRUE(has(differ, "do not match"));
    auto reused = b.post("/_console/password", {{"old_password", k_first_password},
                                                {"new_password", k_first_password},
                                                {"confirm_password", k_first_password}});
    EXPECT_EQ(reused.status, 400);
    EXPECT_TRUE(has(reused, "PasswordPolicyViolation")) << reused.body;
    auto short_one = b.post("/_console/password", {{"old_password", k_first_password},
                                                   {"new_password", "Short-1!"},
                                                   {"confirm_password", "Short-1!"}});
    EXPECT_TRUE(has(short_one, "PasswordPolicyViolation"));
    auto home = b.post("/_console/password", {{"old_password", k_first_password},
                                              {"new_password", "Long-Enough-Pass-1!"},
                                              {"confirm_password", "Long-Enough-Pass-1!"}});
    EXPECT_EQ(home.status, 200);
    EXPECT_TRUE(has(home, "id=\"identity\">arn:aws:iam::111111111111:user/alice<")) << home.body;
    // The new password is the one that signs in now.
    Browser again(*console);
    EXPECT_EQ(sign_in(again, "alice", k_first_password).status, 401);
    EXPECT_TRUE(has(sign_in(again, "alice", "Long-Enough-Pass-1!"), "id=\"identity\""));
}

TEST_F(ConsoleTest, WithoutMfaTheArticlePolicyAllowsOnlyWhatItLists) {
    Browser b(*console);
    onboard(b, "alice");
    auto security = b.get("/_console/security");
    EXPECT_EQ(security.status, 200);
    EXPECT_TRUE(has(security, "No MFA device is assigned"));
    // ListAccessKeys is not among the NotAction list: denied, with the action named.
    EXPECT_TRUE(has(security, "AccessDenied")) << security.body;
    EXPECT_TRUE(has(security, "iam:ListAccessKeys"));
    auto key = b.post("/_console/keys/create", {});
    EXPECT_EQ(key.status, 403);
    EXPECT_TRUE(has(key, "iam:CreateAccessKey"));
    // ListUsers is allowed without MFA; CreateUser is not.
    auto users = b.get("/_console/iam/users");
    EXPECT_TRUE(has(users, "alice") && has(users, "bob"));
    auto create = b.post("/_console/iam/users/create", {{"user_name", "mallory"}});
    EXPECT_EQ(create.status, 403);
    EXPECT_TRUE(has(create, "iam:CreateUser"));
    auto role = b.post("/_console/switchrole", {{"account", k_prod}, {"role", "role-operator"}, {"display_name", "ops"}});
    EXPECT_EQ(role.status, 403);
    EXPECT_TRUE(has(role, "sts:AssumeRole"));
}

TEST_F(ConsoleTest, AssignMfaThenSignInWithACodeUsedOnlyOnce) {
    Browser b(*console);
    onboard(b, "alice");
    // The article's policy lets a user create only the device named after the user.
    auto other_name = b.post("/_console/mfa/assign", {{"device_name", "alice-phone"}});
    EXPECT_EQ(other_name.status, 403);
    EXPECT_TRUE(has(other_name, "iam:CreateVirtualMFADevice")) << other_name.body;
    auto step = b.post("/_console/mfa/assign", {{"device_name", "alice"}});
    EXPECT_TRUE(has(step, "<img class=\"qr\" src=\"/_console/mfa/qr.png\"")) << step.body;
    EXPECT_FALSE(has(step, "id=\"mfa-secret\"")) << "the secret only on request";
    auto png = b.get("/_console/mfa/qr.png");
    EXPECT_EQ(header_of(png, "Content-Type"), "image/png");
    EXPECT_EQ(png.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    // Wrong codes: refused, the device stays pending.
    auto wrong = b.post("/_console/mfa/enable", {{"device_name", "alice"}, {"code1", "000000"}, {"code2", "000001"}});
    EXPECT_TRUE(has(wrong, "id=\"error\""));
    const std::string secret = assign_mfa_pending(b);
    b.post("/_console/signout", {});
    EXPECT_FALSE(has(b.get("/_console/"), "id=\"identity\""));

    clock.advance(std::chrono::seconds(90));
    auto mfa = sign_in(b, "alice", k_new_password);
    EXPECT_TRUE(has(mfa, "name=\"mfa_code\"")) << mfa.body;
    EXPECT_TRUE(has(b.get("/_console/security"), "name=\"mfa_code\"")) << "no page before the code";
    auto bad = b.post("/_console/mfa", {{"mfa_code", "123456"}});
    EXPECT_EQ(bad.status, 401);
    const std::string code = totp_code(secret, clock.now());
    auto in = b.post("/_console/mfa", {{"mfa_code", code}});
    EXPECT_TRUE(has(in, "id=\"identity\">arn:aws:iam::111111111111:user/alice<")) << in.body;
    // With MFA the policy lets the user see and make access keys; the secret shows once.
    auto security = b.get("/_console/security");
    EXPECT_FALSE(has(security, "AccessDenied")) << security.body;
    auto created = b.post("/_console/keys/create", {});
    EXPECT_TRUE(has(created, "id=\"secret-access-key\"")) << created.body;
    auto csv = b.get("/_console/keys/created.csv");
    EXPECT_EQ(csv.status, 200);
    EXPECT_EQ(csv.body.rfind("Access key ID,Secret access key\nAKIA", 0), 0u) << csv.body;
    EXPECT_EQ(b.get("/_console/keys/created.csv").status, 410);
    EXPECT_FALSE(has(b.get("/_console/keys/created"), "id=\"secret-access-key\""));

    // The same code again, in another browser: refused (replay).
    Browser other(*console);
    sign_in(other, "alice", k_new_password);
    auto replay = other.post("/_console/mfa", {{"mfa_code", code}});
    EXPECT_EQ(replay.status, 401);
    EXPECT_FALSE(has(replay, "id=\"identity\""));
}

TEST_F(ConsoleTest, SwitchRoleByTheLinkThenReadOnlyThenBackToUser) {
    Browser b(*console);
    onboard(b, "alice");
    b.post("/_console/mfa/assign", {{"device_name", "alice"}});
    const std::string secret = assign_mfa_pending(b);
    b.post("/_console/signout", {});
    clock.advance(std::chrono::seconds(60));
    sign_in(b, "alice", k_new_password);
    b.post("/_console/mfa", {{"mfa_code", totp_code(secret, clock.now())}});

    auto form = b.get("/_console/switchrole?account=222222222222&roleName=role-operator&displayName=prod-ops");
    EXPECT_TRUE(has(form, "value=\"222222222222\"") && has(form, "value=\"role-operator\"") &&
                has(form, "value=\"prod-ops\""));
    auto switched = b.post("/_console/switchrole", {{"account", k_prod},
                                                    {"role", "role-operator"},
                                                    {"display_name", "prod-ops"},
                                                    {"color", "red"}});
    EXPECT_EQ(switched.status, 200) << switched.body;
    EXPECT_TRUE(has(switched, "id=\"identity\">arn:aws:sts::222222222222:assumed-role/role-operator/alice<"))
        << switched.body;
    EXPECT_TRUE(has(switched, "role-operator @ 222222222222"));
    EXPECT_TRUE(has(switched, "prod-ops"));
    EXPECT_TRUE(has(switched, "role-red"));
    // ReadOnlyAccess: the role's users list shows, creating one is denied.
    auto users = b.get("/_console/iam/users");
    EXPECT_EQ(users.status, 200);
    auto denied = b.post("/_console/iam/users/create", {{"user_name", "intruder"}});
    EXPECT_EQ(denied.status, 403);
    EXPECT_TRUE(has(denied, "AccessDenied")) << denied.body;
    EXPECT_TRUE(has(denied, "iam:CreateUser"));
    EXPECT_TRUE(has(denied, "assumed-role/role-operator/alice"));
    auto bucket = b.post("/_console/s3/create", {{"bucket", "ops-bucket"}});
    EXPECT_EQ(bucket.status, 403);
    EXPECT_TRUE(has(bucket, "AccessDenied") && has(bucket, "s3:CreateBucket")) << bucket.body;
    // History and back to user.
    EXPECT_TRUE(has(denied, "roleName=role-operator"));
    auto back = b.post("/_console/switchback", {});
    EXPECT_TRUE(has(back, "id=\"identity\">arn:aws:iam::111111111111:user/alice<"));
    EXPECT_TRUE(has(back, "roleName=role-operator")) << "history kept";
    // The role session ends with its duration; the user's goes on.
    b.post("/_console/switchrole", {{"account", k_prod}, {"role", "role-operator"}, {"display_name", "prod-ops"}});
    clock.advance(std::chrono::seconds(3601));
    EXPECT_TRUE(has(b.get("/_console/"), "id=\"identity\">arn:aws:iam::111111111111:user/alice<"));
    // The user's own session ends after 12 hours.
    clock.advance(std::chrono::hours(12));
    auto expired = b.get("/_console/");
    EXPECT_TRUE(has(expired, "name=\"username\"")) << "signed out";
}

TEST_F(ConsoleTest, AUserWhoMayNotSwitchGetsAccessDeniedAndNoRoleSession) {
    Browser b(*console);
    onboard(b, "bob");
    auto r = b.post("/_console/switchrole", {{"account", k_prod}, {"role", "role-operator"}, {"display_name", "x"}});
    EXPECT_EQ(r.status, 403);
    EXPECT_TRUE(has(r, "id=\"error\""));
    EXPECT_TRUE(has(r, "is not authorized to perform: sts:AssumeRole"));
    EXPECT_TRUE(has(b.get("/_console/"), "id=\"identity\">arn:aws:iam::111111111111:user/bob<"));
}

TEST_F(ConsoleTest, JapaneseByAcceptLanguage) {
    Browser b(*console, "ja,en;q=0.8");
    auto page = b.get("/_console/signin");
    EXPECT_TRUE(has(page, "<html lang=\"ja\">"));
    EXPECT_TRUE(has(page, "サインイン"));
    EXPECT_TRUE(has_text("signin") && has_text("switch_role") && has_text("mfa_code"));
}

TEST_F(ConsoleTest, SignOutIsAPostAndEndsTheSession) {
    Browser b(*console);
    auto home = onboard(b, "bob");
    EXPECT_TRUE(has(home, "<form method=\"post\" action=\"/_console/signout\">"));
    // A GET of the sign-out path does nothing.
    EXPECT_TRUE(has(b.get("/_console/signout"), "id=\"identity\""));
    auto out = b.post("/_console/signout", {});
    EXPECT_TRUE(has(out, "name=\"username\""));
    EXPECT_FALSE(has(b.get("/_console/iam/users"), "id=\"identity\""));
}

namespace passkeys {

using webauthn::base64url_encode;
using webauthn::testing::Authenticator;

std::string data_attr(const wire::HttpResponse& r, const std::string& name) {
    std::smatch m;
    const std::regex re(name + "=\"([^\"]*)\"");
    EXPECT_TRUE(std::regex_search(r.body, m, re)) << name << " in " << r.body;
    return m.size() > 1 ? m[1].str() : std::string();
}

std::string challenge_of(const wire::HttpResponse& r) {
    auto raw = webauthn::base64url_decode(data_attr(r, "data-challenge"));
    EXPECT_TRUE(raw);
    return raw ? *raw : std::string();
}

// The fields navigator.credentials.create gives webauthn.js for `challenge`.
std::vector<std::pair<std::string, std::string>> registration(const Authenticator& a, const std::string& challenge,
                                                               const std::string& name,
                                                               const std::string& origin = "http://localhost") {
    using namespace webauthn::testing;
    return {{"passkey_name", name},
            {"client_data", base64url_encode(client_data("webauthn.create", challenge, origin))},
            {"attestation", base64url_encode(attestation_object(a.auth_data("localhost", k_up | k_uv | k_at, 0, a.attested())))}};
}

// The fields navigator.credentials.get gives it.
std::vector<std::pair<std::string, std::string>> assertion(const Authenticator& a, const std::string& challenge,
                                                            std::uint32_t count,
                                                            const std::string& origin = "http://localhost") {
    using namespace webauthn::testing;
    const std::string cdj = client_data("webauthn.get", challenge, origin);
    const std::string ad = a.auth_data("localhost", k_up | k_uv, count);
    return {{"credential_id", base64url_encode(a.credential_id)},
            {"client_data", base64url_encode(cdj)},
            {"authenticator_data", base64url_encode(ad)},
            {"signature", base64url_encode(a.sign(ad + sha256(cdj)))}};
}

}  // namespace passkeys

TEST_F(ConsoleTest, PasskeyRegisteredAsMfaThenSignInWithItInsteadOfACode) {
    using namespace passkeys;
    Authenticator key;
    Browser b(*console);
    onboard(b, "alice");
    // The assign page offers a passkey beside the virtual device; its one script is the
    // console's own file.
    auto assign = b.get("/_console/mfa/assign");
    EXPECT_TRUE(has(assign, "data-webauthn=\"create\"")) << assign.body;
    EXPECT_TRUE(has(assign, "<script src=\"/_console/webauthn.js\" defer></script>"));
    EXPECT_EQ(data_attr(assign, "data-rp-id"), "localhost");
    auto script = b.get("/_console/webauthn.js");
    EXPECT_EQ(header_of(script, "Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_TRUE(has(script, "navigator.credentials.create"));
    const std::string challenge = challenge_of(assign);
    ASSERT_EQ(challenge.size(), 32u);

    // Without the ceremony's fields (no JavaScript): refused, nothing registered.
    auto nojs = b.post("/_console/passkey/register", {{"passkey_name", "alice-key"}});
    EXPECT_EQ(nojs.status, 400);
    EXPECT_TRUE(has(nojs, "JavaScript"));
    // The challenge of that page was spent by the attempt: a fresh page, a fresh one.
    auto again = b.get("/_console/mfa/assign");
    const std::string fresh = challenge_of(again);
    EXPECT_NE(fresh, challenge);
    // Another origin is refused.
    auto phished = b.post("/_console/passkey/register", registration(key, fresh, "alice-key", "http://evil.example"));
    EXPECT_EQ(phished.status, 403);
    EXPECT_TRUE(has(phished, "origin is")) << phished.body;
    auto page = b.get("/_console/mfa/assign");
    auto done = b.post("/_console/passkey/register", registration(key, challenge_of(page), "alice-key"));
    EXPECT_EQ(done.status, 200) << done.body;
    EXPECT_TRUE(has(done, "arn:aws:iam::111111111111:u2f/user/alice/alice-key-")) << done.body;
    // Replaying the same registration: its challenge is gone.
    auto replay = b.post("/_console/passkey/register", registration(key, challenge_of(page), "alice-key"));
    EXPECT_EQ(replay.status, 403);
    EXPECT_TRUE(has(replay, "challenge"));

    // IAM lists it among the user's MFA devices; STS cannot take it.
    auto listed = ok(root, "iam", "ListMFADevices", R"({"UserName":"alice"})");
    const Node* devices = listed.find("MFADevices");
    ASSERT_TRUE(devices && devices->items.size() == 1u);
    const std::string serial = devices->items[0].find("SerialNumber")->text;
    EXPECT_EQ(serial.rfind("arn:aws:iam::111111111111:u2f/user/alice/alice-key-", 0), 0u) << serial;
    const Credentials alice_key = user_key(k_jump, "alice");
    auto sts = cloud().call(alice_key, "sts", "GetSessionToken",
                            *parse_json(R"({"SerialNumber":")" + serial + R"(","TokenCode":"123456"})"));
    ASSERT_FALSE(sts);
    EXPECT_EQ(sts.error().code, "AccessDenied") << sts.error().message;

    // Sign in again: the password, then the passkey (no code field: alice has no TOTP device).
    b.post("/_console/signout", {});
    auto mfa = sign_in(b, "alice", k_new_password);
    EXPECT_TRUE(has(mfa, "data-webauthn=\"get\"")) << mfa.body;
    EXPECT_FALSE(has(mfa, "name=\"mfa_code\""));
    EXPECT_EQ(data_attr(mfa, "data-allow"), base64url_encode(key.credential_id));
    // A wrong signature (another key) is refused and counts as a failure.
    Authenticator thief;
    thief.credential_id = key.credential_id;
    auto forged = b.post("/_console/mfa/passkey", assertion(thief, challenge_of(mfa), 1));
    EXPECT_EQ(forged.status, 401);
    EXPECT_TRUE(has(forged, "signature does not verify")) << forged.body;
    auto signed_in = b.post("/_console/mfa/passkey", assertion(key, challenge_of(forged), 1));
    EXPECT_EQ(signed_in.status, 200) << signed_in.body;
    EXPECT_TRUE(has(signed_in, "id=\"identity\">arn:aws:iam::111111111111:user/alice<")) << signed_in.body;
    // The session has MFA: the role that requires it can be assumed.
    auto switched = b.post("/_console/switchrole", {{"account", k_prod}, {"role", "role-operator"}, {"display_name", "ops"}});
    EXPECT_TRUE(has(switched, "id=\"identity\">arn:aws:sts::222222222222:assumed-role/role-operator/alice<"))
        << switched.body;

    // A cloned authenticator (the counter did not grow) is refused.
    b.post("/_console/signout", {});
    auto next = sign_in(b, "alice", k_new_password);
    auto cloned = b.post("/_console/mfa/passkey", assertion(key, challenge_of(next), 1));
    EXPECT_EQ(cloned.status, 401);
    EXPECT_TRUE(has(cloned, "did not grow")) << cloned.body;
    auto later = b.post("/_console/mfa/passkey", assertion(key, challenge_of(cloned), 2));
    EXPECT_TRUE(has(later, "id=\"identity\">arn:aws:iam::111111111111:user/alice<")) << later.body;

    // The security page lists it with a Remove button (the user's own DeactivateMFADevice,
    // allowed by the article's policy in this MFA session); a second passkey is removed.
    auto other_page = b.get("/_console/mfa/assign");
    Authenticator spare;
    spare.credential_id = "spare-credential-id-0001";
    auto second = b.post("/_console/passkey/register", registration(spare, challenge_of(other_page), "alice-spare"));
    EXPECT_TRUE(has(second, "u2f/user/alice/alice-spare-")) << second.body;
    std::smatch spare_serial;
    ASSERT_TRUE(std::regex_search(second.body, spare_serial, std::regex("arn:aws:iam::111111111111:u2f/user/alice/alice-spare-[A-Z2-7]+")));
    auto removed = b.post("/_console/mfa/remove", {{"serial", spare_serial[0].str()}});
    EXPECT_EQ(removed.status, 200) << removed.body;
    EXPECT_FALSE(has(removed, "alice-spare-")) << removed.body;
    EXPECT_TRUE(has(removed, "u2f/user/alice/alice-key-"));

    // Stored with the user: it follows a rename, blocks deleting the user, and
    // DeactivateMFADevice removes it.
    ok(root, "iam", "UpdateUser", R"({"UserName":"alice","NewUserName":"alice2"})");
    auto renamed = ok(root, "iam", "ListMFADevices", R"({"UserName":"alice2"})");
    ASSERT_EQ(renamed.find("MFADevices")->items.size(), 1u);
    ok(root, "iam", "DeleteLoginProfile", R"({"UserName":"alice2"})");
    ok(root, "iam", "RemoveUserFromGroup", R"({"UserName":"alice2","GroupName":"group-operator"})");
    auto keys = ok(root, "iam", "ListAccessKeys", R"({"UserName":"alice2"})");
    for (const Node& k : keys.find("AccessKeyMetadata")->items)
        ok(root, "iam", "DeleteAccessKey", R"({"UserName":"alice2","AccessKeyId":")" + k.find("AccessKeyId")->text + "\"}");
    auto conflict = cloud().call(root, "iam", "DeleteUser", *parse_json(R"({"UserName":"alice2"})"));
    ASSERT_FALSE(conflict);
    EXPECT_EQ(conflict.error().code, "DeleteConflict");
    ok(root, "iam", "DeactivateMFADevice", R"({"UserName":"alice2","SerialNumber":")" + serial + "\"}");
    EXPECT_TRUE(ok(root, "iam", "ListMFADevices", R"({"UserName":"alice2"})").find("MFADevices")->items.empty());
    ok(root, "iam", "DeleteUser", R"({"UserName":"alice2"})");
}

TEST_F(ConsoleTest, APageWithSeveralErrorsHasOneErrorId) {
    Browser b(*console);
    onboard(b, "alice");  // no MFA: the article's policy denies the access keys list
    auto sec = b.get("/_console/security");
    auto failed = b.post("/_console/keys/create", {});
    for (const auto* r : {&sec, &failed}) {
        std::size_t n = 0;
        for (auto at = r->body.find("id=\"error\""); at != std::string::npos; at = r->body.find("id=\"error\"", at + 1)) ++n;
        EXPECT_LE(n, 1u) << r->body;
    }
    EXPECT_TRUE(has(failed, "id=\"error\"")) << failed.body;
}

TEST_F(ConsoleTest, AccessAtAGlanceDrawsTheEscalationThroughTheSessionsRights) {
    // carol reads IAM (ReadOnlyAccess) and may create dave's access keys: dave is an
    // administrator, so carol can become one.
    ok(root, "iam", "CreateGroup", R"({"GroupName":"group-readers"})");
    ok(root, "iam", "AttachGroupPolicy",
       R"({"GroupName":"group-readers","PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})");
    ok(root, "iam", "PutGroupPolicy",
       R"({"GroupName":"group-readers","PolicyName":"keys-of-dave","PolicyDocument":)" +
           json_string(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::111111111111:user/dave"},{"Effect":"Allow","Action":"iam:ChangePassword","Resource":"arn:aws:iam::111111111111:user/${aws:username}"}]})") +
           "}");
    ok(root, "iam", "CreateUser", R"({"UserName":"dave"})");
    ok(root, "iam", "AttachUserPolicy", R"({"UserName":"dave","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"})");
    add_user("carol", "group-readers");
    Browser b(*console);
    onboard(b, "carol");
    auto home = b.get("/_console/");
    EXPECT_TRUE(has(home, "href=\"/_console/access\""));
    auto glance = b.get("/_console/access");
    EXPECT_EQ(glance.status, 200);
    EXPECT_FALSE(has(glance, "<script")) << "the graph is server-rendered";
    EXPECT_TRUE(has(glance, "<code>111111111111</code> read")) << glance.body;
    EXPECT_TRUE(has(glance, "<svg id=\"access-graph\"")) << glance.body;
    EXPECT_TRUE(has(glance, "<line class=\"edge-path\"")) << glance.body;
    EXPECT_TRUE(has(glance, "<title>arn:aws:iam::111111111111:user/carol → arn:aws:iam::111111111111:user/dave</title>"))
        << glance.body;
    EXPECT_TRUE(has(glance, "<text x=\"16\" y=\"29\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#16191f\">carol @ 111111111111</text>"))
        << "carol's box in the first column";
    EXPECT_TRUE(has(glance, "<code>JG101</code>")) << glance.body;
    EXPECT_TRUE(has(glance, "<code>JG105</code>")) << "console users without MFA";
    // Japanese.
    Browser ja(*console, "ja");
    sign_in(ja, "carol", k_new_password);
    auto japanese = ja.get("/_console/access");
    EXPECT_TRUE(has(japanese, "アクセスの概要") && has(japanese, "権限昇格の経路と付与")) << japanese.body;

    // alice (the article's MFA policy, no MFA) may not read IAM: the denial, nothing drawn.
    Browser a(*console);
    onboard(a, "alice");
    auto denied = a.get("/_console/access");
    EXPECT_EQ(denied.status, 200);
    EXPECT_TRUE(has(denied, "AccessDenied") && has(denied, "iam:GetAccountAuthorizationDetails")) << denied.body;
    EXPECT_TRUE(has(denied, "may read no account")) << denied.body;
    EXPECT_FALSE(has(denied, "<svg"));
}

TEST_F(ConsoleTest, SignInRehashesAnOlderCheaperPasswordHashAsTheApiDoes) {
    // bob's profile as a home made before the cost was raised holds it: N = 2^12.
    auto stored = [&] {
        return cloud().store().read([&](store::Reader& r) -> Result<cloud::iam::LoginProfile> {
            auto doc = cloud::iam::get_doc(r, k_jump, cloud::iam::k_login_profile, "bob");
            if (!doc || !*doc) return fail("Test", "no login profile");
            return cloud::iam::login_profile_from_node(**doc);
        });
    };
    auto profile = stored();
    ASSERT_TRUE(profile);
    ASSERT_TRUE(cloud::iam::set_password(*profile, "Old-Cheap-Hash-1!", std::nullopt, clock.now(), random,
                                         ScryptParams{1 << 12, 8, 1}));
    profile->password_reset_required = false;
    ASSERT_TRUE(cloud().store().write([&](store::Tx& tx) {
        return cloud::iam::put_doc(tx, k_jump, cloud::iam::k_login_profile, "bob",
                                   cloud::iam::login_profile_to_node(*profile));
    }));
    ASSERT_EQ(stored()->password_hash.rfind("scrypt$4096$8$1$", 0), 0u);
    Browser b(*console);
    // A wrong password changes nothing.
    EXPECT_EQ(sign_in(b, "bob", "Wrong-Password-1!").status, 401);
    EXPECT_EQ(stored()->password_hash.rfind("scrypt$4096$8$1$", 0), 0u);
    auto home = sign_in(b, "bob", "Old-Cheap-Hash-1!");
    EXPECT_TRUE(has(home, "id=\"identity\">arn:aws:iam::111111111111:user/bob<")) << home.body;
    EXPECT_EQ(stored()->password_hash.rfind("scrypt$131072$8$1$", 0), 0u) << stored()->password_hash;
    // The same password still opens it.
    Browser again(*console);
    EXPECT_TRUE(has(sign_in(again, "bob", "Old-Cheap-Hash-1!"), "id=\"identity\""));
}

}  // namespace
}  // namespace jg::console
