#include "jump/apply/first_password.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "core/atomic_file.hpp"

namespace jg::jump {

namespace {

constexpr std::string_view k_upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
constexpr std::string_view k_lower = "abcdefghijkmnopqrstuvwxyz";
constexpr std::string_view k_digits = "23456789";
constexpr std::string_view k_symbols = "!@#$%^&*()_+-=";  // the article's set, all AWS symbols
constexpr int k_min_length = 14;
constexpr int k_reuse = 24;

}  // namespace

Node password_policy_input() {
    Node n = Node::make_object();
    n.add("MinimumPasswordLength", Node::make_number(std::to_string(k_min_length)));
    n.add("RequireSymbols", Node::make_bool(true));
    n.add("RequireNumbers", Node::make_bool(true));
    n.add("RequireUppercaseCharacters", Node::make_bool(true));
    n.add("RequireLowercaseCharacters", Node::make_bool(true));
    n.add("AllowUsersToChangePassword", Node::make_bool(true));
    n.add("PasswordReusePrevention", Node::make_number(std::to_string(k_reuse)));
    return n;
}

bool password_policy_matches(const Node& live) {
    Node want = password_policy_input();
    for (const auto& [key, value] : want.members) {
        const Node* have = live.find(key);
        if (!have || have->text != value.text) return false;
    }
    // No expiry: MaxPasswordAge absent (ExpirePasswords false).
    const Node* expire = live.find("ExpirePasswords");
    return !live.find("MaxPasswordAge") && (!expire || expire->text != "true");
}

std::string first_password(Random& random) {
    const std::string all = std::string(k_upper) + std::string(k_lower) + std::string(k_digits) + std::string(k_symbols);
    std::string p;
    p += random.string_from(k_upper, 1);
    p += random.string_from(k_lower, 1);
    p += random.string_from(k_digits, 1);
    p += random.string_from(k_symbols, 1);
    p += random.string_from(all, 16);
    // Shuffle so that the classes are not at fixed places (Fisher-Yates).
    for (size_t i = p.size() - 1; i > 0; --i) std::swap(p[i], p[random.uniform(i + 1)]);
    return p;
}

std::string sign_in_url(const std::string& account) {
    return fmt::format("https://{}.signin.aws.amazon.com/console", account);
}

Result<std::string> write_first_password(const std::string& dir, const std::string& user, const std::string& password,
                                         const std::string& url) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return fail("SecretsFileError", fmt::format("{}: cannot create the folder: {}", dir, ec.message()));
    ::chmod(dir.c_str(), 0700);
    std::string path = (std::filesystem::path(dir) / (user + ".csv")).string();
    std::string body = "User name,Password,Console sign-in URL\n" + user + "," + password + "," + url + "\n";
    if (auto ok = replace_file(path, body, FileMode::private_0600, "SecretsFileError"); !ok) return Unexpected(ok.error());
    return path;
}

}  // namespace jg::jump
