#include "cloud/iam/password_policy.hpp"

#include <charconv>
#include <vector>

#include <fmt/format.h>

#include "core/strings.hpp"

namespace jg::cloud::iam {

namespace {

// One range violation in AWS's wording. AWS leaves the value out for these integer members
// (recorded: "Value at 'minimumPasswordLength' failed to satisfy constraint: ...").
std::string range_violation(std::string_view member, bool too_large, std::int64_t bound) {
    return fmt::format("Value at '{}' failed to satisfy constraint: Member must have value {} {}", member,
                       too_large ? "less than or equal to" : "greater than or equal to", bound);
}

void check_range(std::vector<std::string>& errors, std::string_view member, std::optional<std::int64_t> value,
                 std::int64_t min, std::int64_t max) {
    if (!value) return;
    if (*value > max) errors.push_back(range_violation(member, true, max));
    else if (*value < min) errors.push_back(range_violation(member, false, min));
}

Unexpected validation_errors(const std::vector<std::string>& errors) {
    return fail("ValidationError", fmt::format("{} validation error{} detected: {}", errors.size(),
                                               errors.size() == 1 ? "" : "s", join(errors, "; ")));
}

// Decodes one UTF-8 sequence at `i`; nullopt on malformed input (overlong forms too).
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    std::size_t len = 0;
    char32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) len = 2, cp = b0 & 0x1F;
    else if ((b0 & 0xF0) == 0xE0) len = 3, cp = b0 & 0x0F;
    else if ((b0 & 0xF8) == 0xF0) len = 4, cp = b0 & 0x07;
    else return std::nullopt;
    if (i + len > s.size()) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return std::nullopt;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr char32_t k_min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < k_min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    i += len;
    return cp;
}

bool allowed_in_password(char32_t c) {
    return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0xFF);
}

// The character classes of the policy, in the order AWS lists unmet requirements.
struct CharClasses {
    bool upper = false;
    bool lower = false;
    bool number = false;
    bool symbol = false;
};

CharClasses classify(std::string_view password) {
    CharClasses classes;
    std::size_t i = 0;
    while (i < password.size()) {
        const auto c = next_code_point(password, i);
        if (!c) break;  // check_password_input has refused such input already
        if (*c >= 'A' && *c <= 'Z') classes.upper = true;
        else if (*c >= 'a' && *c <= 'z') classes.lower = true;
        else if (*c >= '0' && *c <= '9') classes.number = true;
        else if (is_password_symbol(*c)) classes.symbol = true;
    }
    return classes;
}

constexpr std::string_view k_need_upper = "Password should have at least one uppercase letter";
constexpr std::string_view k_need_lower = "Password should have at least one lowercase letter";
constexpr std::string_view k_need_number = "Password should have at least one number";
constexpr std::string_view k_need_symbol = "Password should have at least one symbol";

// AWS's default policy for accounts without a custom one (IAM user guide,
// id_credentials_passwords_account-policy: "Minimum of 8 characters and a minimum of
// three of the following mixture of character types: uppercase, lowercase, numbers, and
// non-alphanumeric characters").
constexpr std::size_t k_default_min_length = 8;
constexpr int k_default_classes_needed = 3;

Result<void> check_default_policy(std::string_view password, std::size_t chars) {
    if (chars < k_default_min_length)
        return fail("PasswordPolicyViolation",
                    fmt::format("Password should have a minimum length of {}", k_default_min_length));
    const CharClasses c = classify(password);
    std::vector<std::string> missing;
    if (!c.upper) missing.emplace_back(k_need_upper);
    if (!c.lower) missing.emplace_back(k_need_lower);
    if (!c.number) missing.emplace_back(k_need_number);
    if (!c.symbol) missing.emplace_back(k_need_symbol);
    const int present = 4 - static_cast<int>(missing.size());
    if (present >= k_default_classes_needed) return {};
    // Wording recorded from AWS: "Password should meet 1 more of the following
    // requirements: Password should have at least one uppercase letter, Password should
    // have at least one symbol".
    return fail("PasswordPolicyViolation",
                fmt::format("Password should meet {} more of the following requirements: {}",
                            k_default_classes_needed - present, join(missing, ", ")));
}

std::optional<int> int_member(const Node& node, std::string_view key) {
    const Node* n = node.find(key);
    if (!n || !n->is_scalar()) return std::nullopt;
    int value = 0;
    const auto* end = n->text.data() + n->text.size();
    const auto [ptr, ec] = std::from_chars(n->text.data(), end, value);
    if (ec != std::errc() || ptr != end) return std::nullopt;
    return value;
}

std::optional<bool> bool_member(const Node& node, std::string_view key) {
    const Node* n = node.find(key);
    if (!n || !n->is_scalar()) return std::nullopt;
    if (n->text == "true") return true;
    if (n->text == "false") return false;
    return std::nullopt;
}

}  // namespace

Result<PasswordPolicy> make_password_policy(const PasswordPolicyInput& in) {
    // AWS reports these three in this order (recorded response with all three too large).
    std::vector<std::string> errors;
    check_range(errors, "minimumPasswordLength", in.minimum_password_length, k_min_password_length_floor,
                k_min_password_length_ceiling);
    check_range(errors, "passwordReusePrevention", in.password_reuse_prevention, 1, k_password_reuse_ceiling);
    check_range(errors, "maxPasswordAge", in.max_password_age, 1, k_max_password_age_ceiling);
    if (!errors.empty()) return validation_errors(errors);

    PasswordPolicy p;
    if (in.minimum_password_length) p.minimum_password_length = static_cast<int>(*in.minimum_password_length);
    p.require_symbols = in.require_symbols.value_or(false);
    p.require_numbers = in.require_numbers.value_or(false);
    p.require_uppercase_characters = in.require_uppercase_characters.value_or(false);
    p.require_lowercase_characters = in.require_lowercase_characters.value_or(false);
    p.allow_users_to_change_password = in.allow_users_to_change_password.value_or(false);
    if (in.max_password_age) p.max_password_age = static_cast<int>(*in.max_password_age);
    if (in.password_reuse_prevention) p.password_reuse_prevention = static_cast<int>(*in.password_reuse_prevention);
    p.hard_expiry = in.hard_expiry;
    return p;
}

Node password_policy_to_node(const PasswordPolicy& p) {
    Node n = Node::make_object();
    n.add("MinimumPasswordLength", Node::make_number(std::to_string(p.minimum_password_length)));
    n.add("RequireSymbols", Node::make_bool(p.require_symbols));
    n.add("RequireNumbers", Node::make_bool(p.require_numbers));
    n.add("RequireUppercaseCharacters", Node::make_bool(p.require_uppercase_characters));
    n.add("RequireLowercaseCharacters", Node::make_bool(p.require_lowercase_characters));
    n.add("AllowUsersToChangePassword", Node::make_bool(p.allow_users_to_change_password));
    n.add("ExpirePasswords", Node::make_bool(p.expire_passwords()));
    if (p.max_password_age) n.add("MaxPasswordAge", Node::make_number(std::to_string(*p.max_password_age)));
    if (p.password_reuse_prevention)
        n.add("PasswordReusePrevention", Node::make_number(std::to_string(*p.password_reuse_prevention)));
    if (p.hard_expiry) n.add("HardExpiry", Node::make_bool(*p.hard_expiry));
    return n;
}

Result<PasswordPolicy> password_policy_from_node(const Node& n) {
    if (!n.is_object()) return fail("InternalFailure", "stored password policy is not an object");
    const auto min_length = int_member(n, "MinimumPasswordLength");
    if (!min_length) return fail("InternalFailure", "stored password policy has no MinimumPasswordLength");
    PasswordPolicy p;
    p.minimum_password_length = *min_length;
    p.require_symbols = bool_member(n, "RequireSymbols").value_or(false);
    p.require_numbers = bool_member(n, "RequireNumbers").value_or(false);
    p.require_uppercase_characters = bool_member(n, "RequireUppercaseCharacters").value_or(false);
    p.require_lowercase_characters = bool_member(n, "RequireLowercaseCharacters").value_or(false);
    p.allow_users_to_change_password = bool_member(n, "AllowUsersToChangePassword").value_or(false);
    p.max_password_age = int_member(n, "MaxPasswordAge");
    p.password_reuse_prevention = int_member(n, "PasswordReusePrevention");
    p.hard_expiry = bool_member(n, "HardExpiry");
    return p;
}

bool is_password_symbol(char32_t c) {
    static constexpr std::string_view k_symbols = "!@#$%^&*()_+-=[]{}|'";
    return c < 0x80 && k_symbols.find(static_cast<char>(c)) != std::string_view::npos;
}

std::optional<std::size_t> password_chars(std::string_view password) {
    std::size_t count = 0;
    std::size_t i = 0;
    while (i < password.size()) {
        const auto c = next_code_point(password, i);
        if (!c || !allowed_in_password(*c)) return std::nullopt;
        ++count;
    }
    return count;
}

Result<void> check_password_input(std::string_view member, std::string_view password) {
    const auto chars = password_chars(password);
    // AWS keeps passwords out of its validation messages ("Value at 'password' ...").
    if (!chars)
        return fail("ValidationError",
                    fmt::format("1 validation error detected: Value at '{}' failed to satisfy constraint: Member "
                                "must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
                                member));
    if (*chars < 1 || *chars > k_password_max_chars)
        return fail("ValidationError",
                    fmt::format("1 validation error detected: Value at '{}' failed to satisfy constraint: Member "
                                "must have length {} {}",
                                member, *chars < 1 ? "greater than or equal to" : "less than or equal to",
                                *chars < 1 ? 1 : k_password_max_chars));
    return {};
}

Result<void> check_password(const std::optional<PasswordPolicy>& policy, std::string_view password) {
    const auto chars = password_chars(password);
    if (!chars) return check_password_input("password", password);
    if (!policy) return check_default_policy(password, *chars);

    // A custom policy: every unmet rule, length first, joined as AWS joins the unmet
    // requirements of its default policy. (AWS's wording of each rule is recorded; how it
    // combines several under a custom policy is not, so we list them all.)
    std::vector<std::string> unmet;
    if (*chars < static_cast<std::size_t>(policy->minimum_password_length))
        unmet.push_back(fmt::format("Password should have a minimum length of {}", policy->minimum_password_length));
    const CharClasses c = classify(password);
    if (policy->require_uppercase_characters && !c.upper) unmet.emplace_back(k_need_upper);
    if (policy->require_lowercase_characters && !c.lower) unmet.emplace_back(k_need_lower);
    if (policy->require_numbers && !c.number) unmet.emplace_back(k_need_number);
    if (policy->require_symbols && !c.symbol) unmet.emplace_back(k_need_symbol);
    if (unmet.empty()) return {};
    return fail("PasswordPolicyViolation", join(unmet, ", "));
}

}  // namespace jg::cloud::iam
