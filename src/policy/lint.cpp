#include "policy/lint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "core/strings.hpp"
#include "policy/action_catalog.hpp"
#include "policy/lint_conditions.hpp"
#include "policy/parser.hpp"

namespace jg::policy {
namespace {

void add(std::vector<Finding>& out, std::string code, Severity severity, const Location& where,
         std::string message) {
    out.push_back(Finding{std::move(code), severity, where, std::move(message)});
}

// The string values of an Action/Resource element (a string or an array of strings);
// anything else is a grammar error that the parser reports.
std::vector<const Node*> strings_of(const Node& n) {
    std::vector<const Node*> out;
    if (n.is_string()) out.push_back(&n);
    if (n.is_array())
        for (const Node& item : n.items)
            if (item.is_string()) out.push_back(&item);
    return out;
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

// Unknown services and actions. An action pattern that matches nothing grants or denies
// nothing, which is never what the author meant. Returns the actions that are known.
std::vector<const Node*> check_actions(const std::vector<const Node*>& actions, std::vector<Finding>& out) {
    const ActionCatalog& catalog = ActionCatalog::instance();
    std::vector<const Node*> known;
    for (const Node* a : actions) {
        const std::string& text = a->text;
        std::size_t colon = text.find(':');
        if (text == "*" || colon == std::string::npos || text.find(':', colon + 1) != std::string::npos) {
            known.push_back(a);  // "*" is fine; a malformed action is a grammar error
            continue;
        }
        std::string_view service(text.data(), colon);
        std::string_view action = std::string_view(text).substr(colon + 1);
        bool known_service = has_wildcard(service) ? !catalog.expand(std::string(service) + ":*").empty()
                                                   : catalog.find_service(service) != nullptr;
        if (!known_service) {
            add(out, "unknown-service", Severity::error, a->loc,
                fmt::format("\"{}\": no AWS service has the prefix \"{}\"", text, service));
        } else if (catalog.expand(text).empty()) {
            add(out, "unknown-action", Severity::error, a->loc,
                has_wildcard(action) ? fmt::format("\"{}\" matches no action of the service", text)
                                     : fmt::format("\"{}\" is not an action of \"{}\"", text, service));
        } else {
            known.push_back(a);
        }
    }
    return known;
}

// Values already covered by another value of the same list (a duplicate, or a pattern
// that matches it). `ignore_case`: actions match case-insensitively, resources do not.
void check_redundant(const std::vector<const Node*>& values, bool ignore_case, std::string_view what,
                     std::vector<Finding>& out) {
    // A value can only cover v if its text before the first wildcard is a prefix of v, so
    // values are indexed by that literal prefix: lists of thousands of actions (such as
    // AWS's ReadOnlyAccess) are then not compared pairwise.
    std::vector<std::string> folded;
    folded.reserve(values.size());
    for (const Node* v : values) folded.push_back(ignore_case ? to_lower(v->text) : v->text);
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_literal;
    for (std::size_t j = 0; j < values.size(); ++j) {
        // A pattern holding a policy variable stands for one value only at request time.
        if (folded[j].find("${") != std::string::npos) continue;
        std::string_view f = folded[j];
        by_literal[f.substr(0, f.find_first_of("*?"))].push_back(j);
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::string_view v = folded[i];
        // The first value in list order that covers v; of two equal values the later one
        // is the redundant one.
        std::size_t cover = values.size();
        for (std::size_t k = 0; k <= v.size(); ++k) {
            auto it = by_literal.find(v.substr(0, k));
            if (it == by_literal.end()) continue;
            for (std::size_t j : it->second) {
                if (j == i || j >= cover) continue;
                if (folded[j] == v ? j < i : wildcard_match(folded[j], v)) cover = j;
            }
        }
        if (cover == values.size()) continue;
        const std::string& text = values[i]->text;
        const std::string& other = values[cover]->text;
        add(out, fmt::format("redundant-{}", what), Severity::info, values[i]->loc,
            folded[cover] == v ? fmt::format("{} \"{}\" is listed twice", what, text)
                               : fmt::format("{} \"{}\" is already covered by \"{}\"", what, text, other));
    }
}

// Allowing iam:PassRole on every role lets the holder hand any role, however powerful, to
// a service it controls. Only actions written for IAM count ("iam:PassRole", "iam:Pass*",
// "iam:*"); a bare "*" grants everything anyway and is not an iam:PassRole mistake.
void check_pass_role(const std::vector<const Node*>& actions, const std::vector<const Node*>& resources,
                     std::vector<Finding>& out) {
    const Node* pass = nullptr;
    for (const Node* a : actions)
        if (starts_with_icase(a->text, "iam:") && wildcard_match(a->text, "iam:PassRole", true)) pass = a;
    if (!pass) return;
    for (const Node* r : resources) {
        std::string_view res = r->text;
        std::size_t role = res.rfind(":role/");
        bool every_role = res == "*" || (role != std::string_view::npos && res.substr(role) == ":role/*");
        if (every_role) {
            add(out, "pass-role-star", Severity::warning, r->loc,
                fmt::format("\"{}\" allows iam:PassRole on every role (\"{}\"): list the roles that may be passed, "
                            "and restrict the services with iam:PassedToService",
                            pass->text, res));
            return;
        }
    }
}

void lint_statement(const Node& s, std::vector<Finding>& out) {
    if (!s.is_object()) return;
    const Node* effect = s.find("Effect");
    bool allow = effect && effect->is_string() && effect->text == "Allow";
    const Node* action = s.find("Action");
    const Node* not_action = s.find("NotAction");
    const Node* resource = s.find("Resource");
    const Node* not_resource = s.find("NotResource");

    const Node* action_list = action ? action : not_action;
    const Node* resource_list = resource ? resource : not_resource;
    std::vector<const Node*> actions, resources;
    if (action_list) actions = strings_of(*action_list);
    if (resource_list) resources = strings_of(*resource_list);
    // An unknown action is reported once, not again as redundant.
    check_redundant(check_actions(actions, out), true, "action", out);
    check_redundant(resources, false, "resource", out);
    if (allow && action && resource) check_pass_role(actions, resources, out);
    if (const Node* condition = s.find("Condition")) lint_conditions(*condition, allow, out);
}

void check_version(const Node& document, std::vector<Finding>& out) {
    std::size_t i = 0;
    for (; i < document.members.size(); ++i)
        if (document.members[i].first == "Version") break;
    if (i == document.members.size()) {
        add(out, "missing-version", Severity::warning, document.loc,
            "the policy has no Version, so IAM reads it as \"2008-10-17\" and treats policy variables such as "
            "${aws:username} as literal text; add \"Version\": \"2012-10-17\"");
        return;
    }
    const Node& v = document.members[i].second;
    if (v.is_string() && v.text == "2008-10-17")
        add(out, "old-version", Severity::warning, v.loc,
            "Version \"2008-10-17\" treats policy variables such as ${aws:username} as literal text; use "
            "\"2012-10-17\"");
}

void check_size(const Node& document, PolicyUse use, std::vector<Finding>& out) {
    std::size_t size = policy_size(document), quota = size_quota(use);
    if (size > quota)
        add(out, "policy-size", Severity::error, document.loc,
            fmt::format("the policy has {} characters (whitespace not counted), over the quota of {} for {}",
                        size, quota,
                        use == PolicyUse::managed ? "managed policies"
                        : use == PolicyUse::trust ? "role trust policies"
                                                  : fmt::format("inline {} policies", to_string(use))));
}

bool same_place(const Location& a, const Location& b) { return a.line == b.line && a.col == b.col; }

}  // namespace

std::vector<Finding> lint_policy(const Node& document, const LintOptions& options) {
    std::vector<Finding> out;
    // Step 1: the grammar, as IAM checks it on upload. The parser stops at the first
    // error; lint then still runs its own checks on what it can read.
    PolicyKind kind = options.use == PolicyUse::trust ? PolicyKind::resource : PolicyKind::identity;
    auto parsed = parse_policy(document, kind);

    // Step 2: element checks on the located document tree.
    if (document.is_object()) {
        check_version(document, out);
        if (const Node* statements = document.find("Statement")) {
            if (statements->is_object()) lint_statement(*statements, out);
            if (statements->is_array())
                for (const Node& s : statements->items) lint_statement(s, out);
        }
        check_size(document, options.use, out);
    }

    // The grammar error, unless a finding above already explains that very place (an
    // unknown condition operator is both).
    if (!parsed) {
        const Error& e = parsed.error();
        Location where = e.where ? *e.where : document.loc;
        bool explained = std::any_of(out.begin(), out.end(), [&](const Finding& f) {
            return f.severity == Severity::error && same_place(f.where, where);
        });
        if (!explained) add(out, "malformed-policy", Severity::error, where, e.message);
    }
    std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.where.line, a.where.col) < std::tie(b.where.line, b.where.col);
    });
    return out;
}

std::size_t size_quota(PolicyUse use) {
    switch (use) {
        case PolicyUse::managed: return 6144;
        case PolicyUse::user: return 2048;
        case PolicyUse::group: return 5120;
        case PolicyUse::role: return 10240;
        case PolicyUse::trust: return 2048;
    }
    return 6144;
}

std::string_view to_string(Severity severity) {
    switch (severity) {
        case Severity::info: return "info";
        case Severity::warning: return "warning";
        case Severity::error: return "error";
    }
    return "error";
}

std::string_view to_string(PolicyUse use) {
    switch (use) {
        case PolicyUse::managed: return "managed";
        case PolicyUse::user: return "user";
        case PolicyUse::group: return "group";
        case PolicyUse::role: return "role";
        case PolicyUse::trust: return "trust";
    }
    return "managed";
}

std::optional<Severity> parse_severity(std::string_view text) {
    for (Severity s : {Severity::info, Severity::warning, Severity::error})
        if (text == to_string(s)) return s;
    return std::nullopt;
}

std::optional<PolicyUse> parse_policy_use(std::string_view text) {
    for (PolicyUse u : {PolicyUse::managed, PolicyUse::user, PolicyUse::group, PolicyUse::role, PolicyUse::trust})
        if (text == to_string(u)) return u;
    return std::nullopt;
}

}  // namespace jg::policy
