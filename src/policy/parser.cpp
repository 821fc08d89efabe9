#include "policy/parser.hpp"

#include <fmt/format.h>

#include <set>

#include "core/json.hpp"
#include "core/strings.hpp"
#include "policy/operators.hpp"

namespace jg::policy {
namespace {

constexpr const char* k_code = "MalformedPolicyDocument";
constexpr const char* k_syntax = "Syntax errors in policy.";

// "detail (AWS: "wording")" — our precise reason, then what AWS itself would answer.
Unexpected malformed(const Location& where, const std::string& detail, const char* aws) {
    return fail_at(where, k_code, fmt::format("{} (AWS: \"{}\")", detail, aws));
}

std::string describe(const Node& n) {
    if (n.is_string()) return fmt::format("string {}", json_quote(n.text));
    return n.kind_name();
}

class Parser {
public:
    explicit Parser(PolicyKind kind) : m_kind(kind) {}

    Result<Policy> document(const Node& root) {
        Policy policy;
        policy.loc = root.loc;
        if (!root.is_object())
            return malformed(root.loc, fmt::format("a policy must be a JSON object, found {}", describe(root)),
                             k_syntax);
        if (auto dup = duplicate_key(root)) return *dup;
        const Node* statements = nullptr;
        for (size_t i = 0; i < root.members.size(); ++i) {
            const auto& [key, value] = root.members[i];
            if (key == "Version") {
                if (!value.is_string() || (value.text != "2012-10-17" && value.text != "2008-10-17"))
                    return malformed(value.loc,
                                     fmt::format("Version must be \"2012-10-17\" or \"2008-10-17\", found {}",
                                                 describe(value)),
                                     k_syntax);
                policy.version = value.text == "2012-10-17" ? Version::v2012_10_17 : Version::v2008_10_17;
                policy.version_present = true;
                policy.version_loc = value.loc;
            } else if (key == "Id") {
                if (!value.is_string())
                    return malformed(value.loc, fmt::format("Id must be a string, found {}", describe(value)),
                                     k_syntax);
                policy.id = value.text;
            } else if (key == "Statement") {
                statements = &value;
            } else {
                return malformed(root.key_locs[i],
                                 fmt::format("unknown element \"{}\" at the top level (expected Version, Id, Statement)", key),
                                 k_syntax);
            }
        }
        if (!statements) return malformed(root.loc, "the policy has no Statement", k_syntax);
        if (statements->is_object()) {
            auto s = statement(*statements, 0);
            if (!s) return tl::unexpected(s.error());
            policy.statements.push_back(std::move(*s));
        } else if (statements->is_array()) {
            if (statements->items.empty())
                return malformed(statements->loc, "Statement is an empty array", k_syntax);
            for (size_t i = 0; i < statements->items.size(); ++i) {
                auto s = statement(statements->items[i], i);
                if (!s) return tl::unexpected(s.error());
                policy.statements.push_back(std::move(*s));
            }
        } else {
            return malformed(statements->loc,
                             fmt::format("Statement must be an object or an array of objects, found {}",
                                         describe(*statements)),
                             k_syntax);
        }
        if (auto e = unique_sids(policy)) return *e;
        policy.size = policy_size(root);
        return policy;
    }

private:
    PolicyKind m_kind;

    static std::optional<Unexpected> duplicate_key(const Node& object) {
        std::set<std::string_view> seen;
        for (size_t i = 0; i < object.members.size(); ++i)
            if (!seen.insert(object.members[i].first).second)
                return malformed(object.key_locs[i],
                                 fmt::format("duplicate element \"{}\"", object.members[i].first), k_syntax);
        return std::nullopt;
    }

    static std::optional<Unexpected> unique_sids(const Policy& policy) {
        std::set<std::string_view> seen;
        for (const auto& s : policy.statements)
            if (!s.sid.empty() && !seen.insert(s.sid).second)
                return malformed(s.loc, fmt::format("Sid \"{}\" is used by more than one statement", s.sid),
                                 "Statement IDs (SID) in a single policy must be unique.");
        return std::nullopt;
    }

    // A string, or an array of strings (non-empty strings; an array may be empty only
    // where the caller says so).
    static Result<std::vector<Value>> strings(const Node& n, std::string_view what, bool skip_null = false) {
        std::vector<Value> out;
        if (n.is_string()) {
            out.push_back(Value{n.text, n.loc});
            return out;
        }
        if (!n.is_array())
            return malformed(n.loc, fmt::format("{} must be a string or an array of strings, found {}", what,
                                                describe(n)),
                             k_syntax);
        for (const auto& item : n.items) {
            if (skip_null && item.is_null()) continue;  // IAM accepts and ignores null in a Resource array
            if (!item.is_string())
                return malformed(item.loc, fmt::format("{} must hold only strings, found {}", what, describe(item)),
                                 k_syntax);
            out.push_back(Value{item.text, item.loc});
        }
        return out;
    }

    static std::optional<Unexpected> check_action(const Value& a) {
        if (a.text == "*") return std::nullopt;
        auto colon = a.text.find(':');
        if (colon == std::string::npos)
            return malformed(a.loc, fmt::format("action \"{}\" has no service prefix", a.text),
                             "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
        if (a.text.find(':', colon + 1) != std::string::npos)
            return malformed(a.loc, fmt::format("action \"{}\" has more than one colon", a.text),
                             "Actions/Condition can contain only one colon.");
        std::string_view vendor(a.text.data(), colon);
        for (char c : vendor) {
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '*' || c == '?';
            if (!ok || vendor.empty())
                return fail_at(a.loc, k_code,
                               fmt::format("service prefix \"{}\" of action \"{}\" is not valid (AWS: \"Vendor {} is not valid\")",
                                           vendor, a.text, vendor));
        }
        return std::nullopt;
    }

    static Result<Principals> principals(const Node& n, std::string_view element) {
        Principals p;
        p.loc = n.loc;
        if (n.is_string()) {
            if (n.text != "*")
                return malformed(n.loc,
                                 fmt::format("{} must be \"*\" or an object such as {{\"AWS\": ...}}, found {}",
                                             element, describe(n)),
                                 k_syntax);
            p.any = true;
            return p;
        }
        if (!n.is_object())
            return malformed(n.loc, fmt::format("{} must be \"*\" or an object, found {}", element, describe(n)),
                             k_syntax);
        if (auto dup = duplicate_key(n)) return *dup;
        if (n.members.empty()) return malformed(n.loc, fmt::format("{} is an empty object", element), k_syntax);
        for (size_t i = 0; i < n.members.size(); ++i) {
            const auto& [key, value] = n.members[i];
            std::vector<Value>* target = nullptr;
            if (key == "AWS") target = &p.aws;
            else if (key == "Service") target = &p.service;
            else if (key == "Federated") target = &p.federated;
            else if (key == "CanonicalUser") target = &p.canonical_user;
            else
                return malformed(n.key_locs[i],
                                 fmt::format("unknown principal type \"{}\" (expected AWS, Service, Federated, CanonicalUser)",
                                             key),
                                 k_syntax);
            auto values = strings(value, fmt::format("{}.{}", element, key));
            if (!values) return tl::unexpected(values.error());
            if (values->empty())
                return malformed(value.loc, fmt::format("{}.{} is an empty array", element, key), k_syntax);
            for (auto& v : *values) {
                if (v.text.empty())
                    return malformed(v.loc, fmt::format("empty principal in {}.{}", element, key),
                                     "Invalid principal in policy");
                target->push_back(std::move(v));
            }
        }
        return p;
    }

    static Result<std::vector<Condition>> conditions(const Node& n) {
        std::vector<Condition> out;
        if (!n.is_object())
            return malformed(n.loc, fmt::format("Condition must be an object, found {}", describe(n)), k_syntax);
        if (auto dup = duplicate_key(n)) return *dup;
        for (size_t i = 0; i < n.members.size(); ++i) {
            const auto& [op_text, block] = n.members[i];
            auto op = parse_operator(op_text);
            // IAM accepts an operator it does not know when nothing is under it.
            if (!op && block.is_object() && block.members.empty()) continue;
            if (!op)
                return malformed(n.key_locs[i], fmt::format("unknown condition operator \"{}\"", op_text), k_syntax);
            if (!block.is_object())
                return malformed(block.loc,
                                 fmt::format("the keys under \"{}\" must be an object, found {}", op_text, describe(block)),
                                 k_syntax);
            if (auto dup = duplicate_key(block)) return *dup;
            for (size_t k = 0; k < block.members.size(); ++k) {
                const auto& [key, values] = block.members[k];
                Condition c;
                c.operator_text = op_text;
                c.op = op->op;
                c.qualifier = op->qualifier;
                c.if_exists = op->if_exists;
                c.key = key;
                c.loc = block.key_locs[k];
                if (key.empty()) return malformed(c.loc, "empty condition key", k_syntax);
                auto scalar = [&](const Node& v) -> std::optional<Unexpected> {
                    if (v.is_string() || v.is_number() || v.is_bool()) {
                        c.values.push_back(Value{v.text, v.loc});
                        return std::nullopt;
                    }
                    return malformed(v.loc,
                                     fmt::format("value of condition key \"{}\" must be a string, number or boolean, found {}",
                                                 key, describe(v)),
                                     k_syntax);
                };
                if (values.is_array()) {
                    for (const auto& v : values.items)
                        if (auto e = scalar(v)) return *e;
                } else if (auto e = scalar(values)) {
                    return *e;
                }
                out.push_back(std::move(c));
            }
        }
        return out;
    }

    Result<Statement> statement(const Node& n, size_t index) {
        Statement s;
        s.index = index;
        s.loc = n.loc;
        if (!n.is_object())
            return malformed(n.loc, fmt::format("statement {} must be an object, found {}", index + 1, describe(n)),
                             k_syntax);
        if (auto dup = duplicate_key(n)) return *dup;
        const Node *effect = nullptr, *action = nullptr, *resource = nullptr, *principal = nullptr;
        for (size_t i = 0; i < n.members.size(); ++i) {
            const auto& [key, value] = n.members[i];
            auto both = [&](const Node* first, std::string_view a, std::string_view b) -> std::optional<Unexpected> {
                if (!first) return std::nullopt;
                return malformed(n.key_locs[i], fmt::format("statement {} has both {} and {}", index + 1, a, b),
                                 k_syntax);
            };
            if (key == "Sid") {
                if (!value.is_string())
                    return malformed(value.loc, fmt::format("Sid must be a string, found {}", describe(value)), k_syntax);
                s.sid = value.text;
            } else if (key == "Effect") {
                effect = &value;
            } else if (key == "Action" || key == "NotAction") {
                if (auto e = both(action, "Action", "NotAction")) return *e;
                action = &value;
                s.not_action = key == "NotAction";
            } else if (key == "Resource" || key == "NotResource") {
                if (auto e = both(resource, "Resource", "NotResource")) return *e;
                resource = &value;
                s.not_resource = key == "NotResource";
            } else if (key == "Principal" || key == "NotPrincipal") {
                if (auto e = both(principal, "Principal", "NotPrincipal")) return *e;
                if (m_kind == PolicyKind::identity)
                    return malformed(n.key_locs[i],
                                     fmt::format("statement {} has a {}, which only resource-based policies may have",
                                                 index + 1, key),
                                     "Policy document should not specify a principal.");
                principal = &value;
                s.not_principal = key == "NotPrincipal";
            } else if (key == "Condition") {
                auto c = conditions(value);
                if (!c) return tl::unexpected(c.error());
                s.conditions = std::move(*c);
            } else {
                return malformed(n.key_locs[i],
                                 fmt::format("unknown element \"{}\" in statement {} (expected Sid, Effect, Principal, "
                                             "NotPrincipal, Action, NotAction, Resource, NotResource, Condition)",
                                             key, index + 1),
                                 k_syntax);
            }
        }
        if (!effect) return malformed(n.loc, fmt::format("statement {} has no Effect", index + 1), k_syntax);
        if (!effect->is_string() || (effect->text != "Allow" && effect->text != "Deny"))
            return malformed(effect->loc,
                             fmt::format("Effect must be \"Allow\" or \"Deny\", found {}", describe(*effect)), k_syntax);
        s.effect = effect->text == "Allow" ? Effect::allow : Effect::deny;

        if (!action)
            return malformed(n.loc, fmt::format("statement {} has no Action or NotAction", index + 1),
                             "Policy statement must contain actions.");
        auto actions = strings(*action, s.not_action ? "NotAction" : "Action");
        if (!actions) return tl::unexpected(actions.error());
        if (actions->empty())
            return malformed(action->loc, fmt::format("statement {} has an empty action list", index + 1),
                             "Policy statement must contain actions.");
        for (const auto& a : *actions)
            if (auto e = check_action(a)) return *e;
        s.actions = std::move(*actions);

        if (resource) {
            auto resources = strings(*resource, s.not_resource ? "NotResource" : "Resource", true);
            if (!resources) return tl::unexpected(resources.error());
            if (resource->is_array() && resource->items.empty())
                return malformed(resource->loc, fmt::format("statement {} has an empty resource list", index + 1),
                                 "Policy statement must contain resources.");
            for (const auto& r : *resources)
                if (r.text.empty())
                    return malformed(r.loc, "empty resource", "Policy statement must contain resources.");
            s.resources = std::move(*resources);
            s.has_resource = true;
        } else if (m_kind == PolicyKind::identity) {
            return malformed(n.loc, fmt::format("statement {} has no Resource or NotResource", index + 1),
                             "Policy statement must contain resources.");
        }

        if (principal) {
            auto p = principals(*principal, s.not_principal ? "NotPrincipal" : "Principal");
            if (!p) return tl::unexpected(p.error());
            s.principal = std::move(*p);
            s.has_principal = true;
        } else if (m_kind == PolicyKind::resource) {
            return malformed(n.loc, fmt::format("statement {} of a resource-based policy has no Principal", index + 1),
                             "Missing required field Principal");
        }
        return s;
    }
};

size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

}  // namespace

Result<Policy> parse_policy(const Node& document, PolicyKind kind) { return Parser(kind).document(document); }

Result<Policy> parse_policy_text(std::string_view text, PolicyKind kind, std::string file_name) {
    auto node = parse_json(text, std::move(file_name));
    if (!node) return tl::unexpected(node.error());
    return parse_policy(*node, kind);
}

size_t policy_size(const Node& document) { return utf8_length(to_json(document)); }

}  // namespace jg::policy
