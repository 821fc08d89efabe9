#include "cloud/s3/bucket_policy.hpp"

#include <string>

#include "core/json.hpp"
#include "core/strings.hpp"
#include "policy/action_catalog.hpp"
#include "policy/parser.hpp"

namespace jg::cloud::s3 {
namespace {

constexpr std::string_view k_code = "MalformedPolicy";
constexpr std::string_view k_s3_arn = "arn:aws:s3:::";

Unexpected malformed(std::string message) { return fail(std::string(k_code), std::move(message)); }

bool all_digits(std::string_view s, std::size_t n) {
    if (s.size() != n) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// An account id, or the ARN of an account's root, user, role or role session, as S3
// accepts them in Principal.AWS.
bool well_formed_aws_principal(std::string_view p) {
    if (all_digits(p, 12)) return true;
    const auto parts = split(p, ':');
    if (parts.size() != 6 || parts[0] != "arn" || parts[1] != "aws" || !parts[3].empty() ||
        !all_digits(parts[4], 12))
        return false;
    const std::string_view rest = parts[5];
    if (parts[2] == "iam")
        return rest == "root" || (rest.starts_with("user/") && rest.size() > 5) ||
               (rest.starts_with("role/") && rest.size() > 5);
    if (parts[2] == "sts") return rest.starts_with("assumed-role/") && split(rest, '/').size() >= 3;
    return false;
}

// The resource types of S3 a Resource entry can name: "bucket" for the bucket's ARN,
// "object" for the ARN of (a pattern of) its objects. False when it is not about `bucket`.
bool classify_resource(std::string_view resource, std::string_view bucket, bool& is_bucket, bool& is_object) {
    if (resource == "*") {
        is_bucket = is_object = true;
        return true;
    }
    if (!resource.starts_with(k_s3_arn)) return false;
    const auto rest = resource.substr(k_s3_arn.size());
    const auto slash = rest.find('/');
    if (!wildcard_match(rest.substr(0, slash), bucket)) return false;
    if (slash == std::string_view::npos) {
        is_bucket = true;
        // A pattern such as "arn:aws:s3:::bucket*" also covers the bucket's objects.
        if (rest.find('*') != std::string_view::npos) is_object = true;
    } else {
        is_object = true;
    }
    return true;
}

// The S3 actions an Action entry names; empty when it names none (another service, an
// unknown action).
std::vector<const policy::ActionInfo*> s3_actions(std::string_view pattern) {
    if (pattern == "*") return policy::ActionCatalog::instance().expand("s3:*");
    const auto colon = pattern.find(':');
    if (colon == std::string_view::npos || !iequals(pattern.substr(0, colon), "s3")) return {};
    return policy::ActionCatalog::instance().expand(pattern);
}

bool applies(const policy::ActionInfo& action, bool to_bucket, bool to_object) {
    for (const auto& type : action.resource_types) {
        if (to_bucket && type.name == "bucket") return true;
        if (to_object && type.name == "object") return true;
    }
    return false;
}

// S3's own checks on the raw document, before the engine's parser sees it.
Result<void> check_shape(const Node& root) {
    const Node* statements = root.find("Statement");
    if (!statements) return malformed("Missing required field Statement");
    if ((statements->is_array() && statements->items.empty()) ||
        (statements->is_object() && statements->members.empty()))
        return malformed("Could not parse the policy: Statement is empty!");
    auto check_one = [](const Node& s) -> Result<void> {
        if (s.is_object() && !s.find("Principal") && !s.find("NotPrincipal"))
            return malformed("Missing required field Principal");
        return {};
    };
    if (statements->is_object()) return check_one(*statements);
    if (statements->is_array())
        for (const auto& s : statements->items)
            if (auto r = check_one(s); !r) return r;
    return {};
}

Result<void> check_statement(const policy::Statement& s, std::string_view bucket, const PrincipalExists& exists) {
    for (const auto& p : s.principal.aws) {
        if (p.text == "*") continue;
        if (!well_formed_aws_principal(p.text) || (exists && !exists(p.text)))
            return malformed("Invalid principal in policy");
    }
    for (const auto& p : s.principal.service)
        if (!p.text.ends_with(".amazonaws.com")) return malformed("Invalid principal in policy");

    bool to_bucket = false, to_object = false;
    for (const auto& r : s.resources)
        if (!classify_resource(r.text, bucket, to_bucket, to_object)) return malformed("Policy has invalid resource");

    for (const auto& a : s.actions) {
        const auto actions = s3_actions(a.text);
        if (actions.empty()) return malformed("Policy has invalid action");
        // NotAction and NotResource describe what is excluded: nothing to apply to.
        if (s.not_action || s.not_resource) continue;
        bool any = false;
        for (const auto* action : actions) any = any || applies(*action, to_bucket, to_object);
        if (!any) return malformed("Action does not apply to any resource(s) in statement");
    }
    return {};
}

}  // namespace

Result<policy::Policy> validate_bucket_policy(std::string_view text, std::string_view bucket,
                                              const PrincipalExists& exists) {
    if (text.empty() || text.front() != '{')
        return malformed("Policies must be valid JSON and the first byte must be '{'");
    if (text.size() > k_max_bucket_policy_bytes)
        return malformed("Policy exceeds the maximum allowed document size.");
    auto root = parse_json(text, "policy");
    if (!root) return malformed("This policy contains invalid Json");
    if (auto shape = check_shape(*root); !shape) return Unexpected(shape.error());

    auto parsed = policy::parse_policy(*root, policy::PolicyKind::resource);
    if (!parsed) return malformed(parsed.error().str());
    for (const auto& s : parsed->statements)
        if (auto r = check_statement(s, bucket, exists); !r) return Unexpected(r.error());
    return parsed;
}

}  // namespace jg::cloud::s3
