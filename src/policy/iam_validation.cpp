#include "policy/iam_validation.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <set>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/strings.hpp"
#include "policy/operators.hpp"

namespace jg::policy {
namespace {

constexpr const char* k_code = "MalformedPolicyDocument";
constexpr const char* k_syntax = "Syntax errors in policy.";
constexpr const char* k_version = "Policy document must be version 2012-10-17 or greater.";
constexpr const char* k_principal = "Policy document should not specify a principal.";
constexpr const char* k_legacy = "The policy failed legacy parsing";
constexpr const char* k_sid = "Statement IDs (SID) in a single policy must be unique.";
constexpr const char* k_sid_chars =
    "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*";
constexpr const char* k_actions = "Policy statement must contain actions.";
constexpr const char* k_resources = "Policy statement must contain resources.";
constexpr const char* k_vendor = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
constexpr const char* k_one_colon = "Actions/Condition can contain only one colon.";
constexpr const char* k_trust_principal = "Missing required field Principal";
constexpr const char* k_trust_action = "AssumeRole policy may only specify STS AssumeRole actions.";

constexpr std::array<std::string_view, 9> k_partitions = {"*",       "aws",       "aws-cn",    "aws-us-gov", "aws-iso",
                                                          "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"};
constexpr std::array<std::string_view, 13> k_iam_paths = {
    "user/",   "federated-user/", "role/",         "group/",         "instance-profile/", "mfa/",         "server-certificate/",
    "policy/", "sms-mfa/",        "saml-provider/", "oidc-provider/", "report/",           "access-report/"};
constexpr std::array<std::string_view, 9> k_statement_elements = {
    "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"};

Unexpected malformed(std::string message) { return fail(k_code, std::move(message)); }

bool alphanumeric(std::string_view s) {
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
    return true;
}

bool has_duplicate_keys(const Node& object) {
    std::set<std::string_view> seen;
    for (const auto& [key, value] : object.members)
        if (!seen.insert(key).second) return true;
    return false;
}

// Action/Resource and their Not forms: a string or an array of strings; a Resource array
// may also hold null, which IAM skips.
bool strings_shape(const Node& n, bool null_allowed) {
    if (n.is_string()) return true;
    if (!n.is_array()) return false;
    for (const auto& item : n.items)
        if (!item.is_string() && !(null_allowed && item.is_null())) return false;
    return true;
}

std::vector<std::string_view> strings_of(const Node& n) {
    std::vector<std::string_view> out;
    if (n.is_string()) out.push_back(n.text);
    for (const auto& item : n.items)
        if (item.is_string()) out.push_back(item.text);
    return out;
}

bool principal_shape(const Node& n) {
    if (n.is_string()) return n.text == "*";
    if (!n.is_object() || has_duplicate_keys(n)) return false;
    for (const auto& [key, value] : n.members) {
        if (key != "AWS" && key != "Service" && key != "Federated" && key != "CanonicalUser") return false;
        if (!strings_shape(value, false)) return false;
    }
    return true;
}

bool condition_shape(const Node& n) {
    if (!n.is_object() || has_duplicate_keys(n)) return false;
    for (const auto& [op, block] : n.members) {
        if (!block.is_object() || has_duplicate_keys(block)) return false;
        // An operator IAM does not know is accepted only with nothing under it.
        if (!parse_operator(op) && !block.members.empty()) return false;
        for (const auto& [key, value] : block.members) {
            if (value.is_array()) {
                for (const auto& v : value.items)
                    if (!v.is_string() && !v.is_number() && !v.is_bool()) return false;
            } else if (!value.is_string() && !value.is_number() && !value.is_bool()) {
                return false;
            }
        }
    }
    return true;
}

bool statement_shape(const Node& s) {
    if (!s.is_object() || has_duplicate_keys(s)) return false;
    for (const auto& [key, value] : s.members) {
        bool known = false;
        for (auto e : k_statement_elements) known = known || key == e;
        if (!known) return false;
    }
    if ((s.find("Action") && s.find("NotAction")) || (s.find("Resource") && s.find("NotResource")) ||
        (s.find("Principal") && s.find("NotPrincipal")))
        return false;
    const Node* effect = s.find("Effect");
    if (!effect || !effect->is_string()) return false;
    std::string e = to_lower(effect->text);
    if (e != "allow" && e != "deny") return false;
    if (const Node* sid = s.find("Sid"); sid && !sid->is_string()) return false;
    for (const char* key : {"Action", "NotAction"})
        if (const Node* a = s.find(key); a && !strings_shape(*a, false)) return false;
    for (const char* key : {"Resource", "NotResource"})
        if (const Node* r = s.find(key); r && !strings_shape(*r, true)) return false;
    for (const char* key : {"Principal", "NotPrincipal"})
        if (const Node* p = s.find(key); p && !principal_shape(*p)) return false;
    if (const Node* c = s.find("Condition"); c && !condition_shape(*c)) return false;
    return true;
}

// A whole decimal number within [lo, hi] (an optional leading '-' only where lo < 0).
bool int_in(std::string_view s, long long lo, long long hi) {
    long long v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size() && v >= lo && v <= hi;
}

// "hh" or "hh:mm" of a time-zone offset.
bool offset_ok(std::string_view s) {
    auto colon = s.find(':');
    std::string_view h = s.substr(0, colon);
    if (h.size() != 2 || !int_in(h, 0, 23)) return false;
    if (colon == std::string_view::npos) return true;
    std::string_view m = s.substr(colon + 1);
    return m.size() == 2 && int_in(m, 0, 59);
}

// ISO 8601 as IAM's legacy parser reads it (lower-cased): [-]year[-month[-day]] then
// optionally "t" hours[:minutes[:seconds[.fraction]][z|+hh[:mm]|-hh[:mm]]].
bool iso_date_ok(const std::string& text) {
    auto t = text.find('t');
    std::string_view date = std::string_view(text).substr(0, t);
    std::string_view time = t == std::string::npos ? std::string_view() : std::string_view(text).substr(t + 1);
    bool negative = !date.empty() && date.front() == '-';
    auto parts = split(negative ? date.substr(1) : date, '-');
    if (parts.empty() || parts.size() > 3) return false;
    if (!int_in(negative ? "-" + parts[0] : parts[0], -292275054, 292278993)) return false;
    if (parts.size() > 1 && !int_in(parts[1], 1, 12)) return false;
    if (parts.size() > 2 && !int_in(parts[2], 1, 31)) return false;
    if (time.empty()) return true;
    auto first_colon = time.find(':');
    std::string_view hours = time.substr(0, first_colon);
    if (!int_in(hours, 0, 23)) return false;
    if (first_colon == std::string_view::npos) return true;
    std::string_view rest = time.substr(first_colon + 1);
    auto second_colon = rest.find(':');
    if (!int_in(rest.substr(0, second_colon), 0, 59)) return false;
    if (second_colon == std::string_view::npos) return true;
    std::string_view seconds = rest.substr(second_colon + 1);
    if (auto z = seconds.find('z'); z != std::string_view::npos) {
        if (z + 1 != seconds.size()) return false;
        seconds = seconds.substr(0, z);
    } else if (auto sign = seconds.find_first_of("+-"); sign != std::string_view::npos) {
        if (!offset_ok(seconds.substr(sign + 1))) return false;
        seconds = seconds.substr(0, sign);
    }
    auto dot = seconds.find('.');
    if (!int_in(seconds.substr(0, dot), 0, 59)) return false;
    return dot == std::string_view::npos || int_in(seconds.substr(dot + 1), 0, 999999999);
}

bool date_value_ok(const Node& v) {
    if (v.is_bool()) return false;
    std::string text = to_lower(v.text);
    if (text.find('t') != std::string::npos || text.find('-') != std::string::npos) return iso_date_ok(text);
    return int_in(text, 0, 9223372036854775807LL);
}

// The first legacy-parser objection to a statement's Effect and Date conditions.
bool legacy_statement_ok(const Node& s) {
    const std::string& effect = s.find("Effect")->text;
    if (effect != "Allow" && effect != "Deny") return false;
    const Node* condition = s.find("Condition");
    if (!condition) return true;
    for (const auto& [op, block] : condition->members) {
        auto parsed = parse_operator(op);
        if (!parsed || value_type(parsed->op) != ValueType::date) continue;
        for (const auto& [key, value] : block.members) {
            if (value.is_array()) {
                for (const auto& v : value.items)
                    if (!date_value_ok(v)) return false;
            } else if (!date_value_ok(value)) {
                return false;
            }
        }
    }
    return true;
}

bool legacy_resource_ok(std::string_view r) {
    if (r == "*") return true;
    size_t colons = 0;
    for (char c : r) colons += c == ':';
    if (colons < 5 && r.find("::") != std::string_view::npos) return false;
    auto parts = split(r, ':');
    return parts.size() > 2 && !parts[2].empty();
}

// The text IAM answers for a resource it cannot read as an ARN, or nothing.
std::optional<std::string> resource_format_error(std::string_view r) {
    if (r == "*") return std::nullopt;
    auto colon = r.find(':');
    if (colon == std::string_view::npos) return fmt::format("Resource {} must be in ARN format or \"*\".", r);
    std::string_view rest = r.substr(colon + 1);
    auto p = rest.find(':');
    std::string_view partition = rest.substr(0, p);
    bool known = false;
    for (auto k : k_partitions) known = known || partition == k;
    if (!known) {
        auto parts = split(p == std::string_view::npos ? std::string_view() : rest.substr(p + 1), ':');
        auto part = [&](size_t i) { return parts.size() > i ? parts[i] : std::string("*"); };
        std::string a1 = parts[0].empty() && parts.size() == 1 ? "*" : parts[0];
        std::string a4 = "*";
        if (parts.size() > 3) {
            a4 = parts[3];
            for (size_t i = 4; i < parts.size(); ++i) a4 += ":" + parts[i];
        }
        return fmt::format("Partition \"{}\" is not valid for resource \"arn:{}:{}:{}:{}:{}\".", partition, partition, a1,
                           part(1), part(2), a4);
    }
    if (p == std::string_view::npos) return std::string("Resource vendor must be fully qualified and cannot contain regexes.");
    std::string_view after = rest.substr(p + 1);
    auto s = after.find(':');
    std::string_view service = after.substr(0, s);
    std::string_view region_on = s == std::string_view::npos ? std::string_view() : after.substr(s + 1);
    // What follows the account: region_on is "REGION:ACCOUNT:RESOURCE".
    std::string_view resource_id;
    if (auto a = region_on.find(':'); a != std::string_view::npos)
        if (auto b = region_on.find(':', a + 1); b != std::string_view::npos) resource_id = region_on.substr(b + 1);
    bool has_region = region_on.empty() || region_on.front() != ':';
    if (service == "iam" && has_region) return fmt::format("IAM resource {} cannot contain region information.", r);
    if (service == "s3" && has_region && !resource_id.starts_with("accesspoint/"))
        return fmt::format("Resource {} can not contain region information.", r);
    if (service == "iam") {
        bool ok = false;
        for (auto prefix : k_iam_paths) ok = ok || resource_id.starts_with(prefix);
        if (!ok) {
            std::string list;
            for (auto prefix : k_iam_paths) list += (list.empty() ? "" : ", ") + std::string(prefix);
            return fmt::format("IAM resource path must either be \"*\" or start with {}.", list);
        }
    }
    return std::nullopt;
}

std::optional<std::string> action_error(std::string_view a) {
    auto parts = split(a, ':');
    if (parts.size() == 1 && a != "*") return std::string(k_vendor);
    if (parts.size() > 2) return std::string(k_one_colon);
    const std::string& vendor = parts[0];
    if (vendor == "*") return std::nullopt;
    for (char c : vendor)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
            return fmt::format("Vendor {} is not valid", vendor);
    return std::nullopt;
}

bool non_empty(const Node* n) { return n && !(n->is_array() && n->items.empty()); }

class Validator {
public:
    explicit Validator(PolicyUse use) : m_trust(use == PolicyUse::trust) {}

    Result<void> run(std::string_view text) {
        // Grammar first: anything IAM cannot read as a policy is a syntax error.
        auto root = parse_json(text);
        if (!root || !syntax_ok(*root)) return malformed(k_syntax);
        const Node* version = root->find("Version");
        if (!m_trust && (!version || version->text != "2012-10-17")) return malformed(k_version);
        // Statement ids of identity policies are letters and digits only.
        for (const Node* s : m_statements)
            if (const Node* sid = s->find("Sid"); !m_trust && sid && !alphanumeric(sid->text)) return malformed(k_sid_chars);
        // Who the policy is about: identity policies never name a principal.
        for (const Node* s : m_statements)
            if (!m_trust && (s->find("Principal") || s->find("NotPrincipal"))) return malformed(k_principal);
        // The legacy parser: exact Effect, readable dates, then resources shaped like ARNs.
        for (const Node* s : m_statements)
            if (!legacy_statement_ok(*s)) return malformed(k_legacy);
        std::optional<std::string> resource_error;
        for (const char* key : {"Resource", "NotResource"})
            for (const Node* s : m_statements) {
                const Node* r = s->find(key);
                if (!r) continue;
                for (auto value : strings_of(*r))
                    if (!resource_error) resource_error = resource_format_error(value);
                if (resource_error) continue;
                for (auto value : strings_of(*r))
                    if (!legacy_resource_ok(value)) return malformed(k_legacy);
            }
        std::set<std::string_view> sids;
        for (const Node* s : m_statements)
            if (const Node* sid = s->find("Sid"); sid && !sid->text.empty() && !sids.insert(sid->text).second)
                return malformed(k_sid);
        for (const Node* s : m_statements)
            if (!non_empty(s->find("Action")) && !non_empty(s->find("NotAction"))) return malformed(k_actions);
        if (resource_error) return malformed(*resource_error);
        for (const char* key : {"Action", "NotAction"})
            for (const Node* s : m_statements)
                if (const Node* a = s->find(key))
                    for (auto value : strings_of(*a))
                        if (auto e = action_error(value)) return malformed(*e);
        if (!m_trust) {
            for (const Node* s : m_statements)
                if (!non_empty(s->find("Resource")) && !non_empty(s->find("NotResource"))) return malformed(k_resources);
            return {};
        }
        return trust_rules();
    }

private:
    bool m_trust;
    std::vector<const Node*> m_statements;

    bool syntax_ok(const Node& root) {
        if (!root.is_object() || has_duplicate_keys(root)) return false;
        for (const auto& [key, value] : root.members)
            if (key != "Version" && key != "Id" && key != "Statement") return false;
        if (const Node* v = root.find("Version"); v && (!v->is_string() || (v->text != "2012-10-17" && v->text != "2008-10-17")))
            return false;
        if (const Node* id = root.find("Id"); id && !id->is_string()) return false;
        const Node* statements = root.find("Statement");
        if (!statements) return false;
        if (statements->is_object()) m_statements.push_back(statements);
        else if (statements->is_array())
            for (const auto& s : statements->items) m_statements.push_back(&s);
        else return false;
        if (m_statements.empty()) return false;
        for (const Node* s : m_statements)
            if (!statement_shape(*s)) return false;
        return true;
    }

    // A role trust policy says who may assume the role, and nothing else.
    Result<void> trust_rules() {
        for (const Node* s : m_statements)
            if (!s->find("Principal") && !s->find("NotPrincipal")) return malformed(k_trust_principal);
        for (const Node* s : m_statements)
            for (const char* key : {"Action", "NotAction"})
                if (const Node* a = s->find(key))
                    for (auto value : strings_of(*a))
                        if (!starts_with_icase(value, "sts:")) return malformed(k_trust_action);
        for (const Node* s : m_statements) {
            if (s->find("Resource")) return malformed("Has prohibited field Resource");
            if (s->find("NotResource")) return malformed("Has prohibited field NotResource");
        }
        return {};
    }
};

}  // namespace

Result<void> validate_iam_policy(std::string_view text, PolicyUse use) { return Validator(use).run(text); }

std::optional<Error> quota_error(PolicyUse use, std::size_t size, std::string_view entity) {
    std::size_t quota = size_quota(use);
    if (size <= quota) return std::nullopt;
    switch (use) {
        case PolicyUse::managed:
            return Error{"LimitExceeded", fmt::format("Cannot exceed quota for PolicySize: {}", quota), std::nullopt};
        case PolicyUse::trust:
            return Error{"LimitExceeded", fmt::format("Cannot exceed quota for ACLSizePerRole: {}", quota), std::nullopt};
        default:
            return Error{"LimitExceeded",
                         fmt::format("Maximum policy size of {} bytes exceeded for {} {}", quota, to_string(use), entity),
                         std::nullopt};
    }
}

}  // namespace jg::policy
