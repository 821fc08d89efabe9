#include "jump/user/console_url.hpp"

#include <cctype>

namespace jg::jump::user {

namespace {

bool is_account_id(std::string_view s) {
    if (s.size() != 12) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// IAM's account alias rule: 3–63 of [a-z0-9-], no leading or trailing '-'.
bool is_account_alias(std::string_view s) {
    if (s.size() < 3 || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

// IAM role names: 1–64 of [\w+=,.@-]; a path in front adds '/'-separated segments.
bool is_role_name(std::string_view s) {
    if (s.empty() || s.front() == '/' || s.back() == '/') return false;
    const std::size_t name_start = s.rfind('/') == std::string_view::npos ? 0 : s.rfind('/') + 1;
    if (s.size() - name_start > 64) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view("_+=,.@-/").find(c) == std::string_view::npos)
            return false;
    return true;
}

}  // namespace

std::string encode_uri_component(std::string_view text) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (std::isalnum(c) || std::string_view("-_.!~*'()").find(static_cast<char>(c)) != std::string_view::npos) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 0xF];
        }
    }
    return out;
}

Result<std::string> switch_role_url(std::string_view account, std::string_view role, std::string_view display_name,
                                    std::string_view endpoint_url) {
    if (!is_account_id(account) && !is_account_alias(account))
        return fail("InvalidArgument", "account '" + std::string(account) +
                                           "' is neither a 12-digit account id nor an account alias");
    if (!is_role_name(role))
        return fail("InvalidArgument", "role '" + std::string(role) +
                                           "' is not an IAM role name (1-64 of letters, digits and +=,.@_-)");
    // The console limits the display name to 64 characters.
    if (display_name.size() > 64)
        return fail("InvalidArgument", "display name is longer than the console's 64 characters");
    std::string base = "https://signin.aws.amazon.com/switchrole";
    if (!endpoint_url.empty()) {
        if (endpoint_url.rfind("http://", 0) != 0 && endpoint_url.rfind("https://", 0) != 0)
            return fail("InvalidArgument", "endpoint url '" + std::string(endpoint_url) + "' is not http(s)://HOST[:PORT]");
        while (!endpoint_url.empty() && endpoint_url.back() == '/') endpoint_url.remove_suffix(1);
        base = std::string(endpoint_url) + std::string(k_local_console_prefix) + "switchrole";
    }
    std::string url = base + "?account=" + encode_uri_component(account) +
                      "&roleName=" + encode_uri_component(role);
    if (!display_name.empty()) url += "&displayName=" + encode_uri_component(display_name);
    return url;
}

}  // namespace jg::jump::user
