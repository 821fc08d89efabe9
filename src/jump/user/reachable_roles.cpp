#include "jump/user/reachable_roles.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/encoding.hpp"
#include "core/strings.hpp"
#include "policy/evaluator.hpp"
#include "policy/parser.hpp"

namespace jg::jump::user {

namespace {

std::string text_of(const Node& n, std::string_view key) {
    const Node* v = n.find(key);
    return v && v->is_scalar() ? v->text : std::string{};
}

// GetAccountAuthorizationDetails with `filter`, every page.
Result<std::vector<Node>> details(const IamSource& s, const char* filter, const char* list_name) {
    std::vector<Node> out;
    std::string marker;
    for (;;) {
        Node input = Node::make_object();
        Node filters = Node::make_array();
        filters.push(Node::make_string(filter));
        input.add("Filter", std::move(filters));
        if (!marker.empty()) input.add("Marker", Node::make_string(marker));
        auto page = s.api.call(s.admin, "iam", "GetAccountAuthorizationDetails", input, s.region);
        if (!page) return Unexpected(page.error());
        if (const Node* list = page->find(list_name))
            for (const Node& n : list->items) out.push_back(n);
        if (text_of(*page, "IsTruncated") != "true") return out;
        marker = text_of(*page, "Marker");
    }
}

// Policy documents come URL-encoded from AWS's IAM API (botocore leaves them so for
// GetAccountAuthorizationDetails) and as plain JSON from the local cloud.
Result<policy::Policy> parse_document(const std::string& document, const std::string& label) {
    std::string text = document;
    if (!text.empty() && text.front() == '%') {
        auto decoded = uri_decode(text);
        if (!decoded) return Unexpected(decoded.error());
        text = std::move(*decoded);
    }
    return policy::parse_policy_text(text, policy::PolicyKind::identity, label);
}

// The default version's document of a managed policy.
Result<std::string> managed_document(const IamSource& s, const std::string& arn) {
    Node in = Node::make_object();
    in.add("PolicyArn", Node::make_string(arn));
    auto p = s.api.call(s.admin, "iam", "GetPolicy", in, s.region);
    if (!p) return Unexpected(p.error());
    const Node* pol = p->find("Policy");
    in.add("VersionId", Node::make_string(pol ? text_of(*pol, "DefaultVersionId") : std::string{}));
    auto v = s.api.call(s.admin, "iam", "GetPolicyVersion", in, s.region);
    if (!v) return Unexpected(v.error());
    const Node* version = v->find("PolicyVersion");
    return version ? text_of(*version, "Document") : std::string{};
}

struct Granting {
    std::string via;  // what grants it, for the reader
    policy::Policy policy;
};

// Adds the inline and attached policies of one entity detail (user or group).
Result<void> collect(const IamSource& s, const Node& detail, const char* inline_list, const std::string& via,
                     std::vector<Granting>& out) {
    if (const Node* list = detail.find(inline_list))
        for (const Node& p : list->items) {
            auto pol = parse_document(text_of(p, "PolicyDocument"), via + ":" + text_of(p, "PolicyName"));
            if (!pol) return Unexpected(pol.error());
            out.push_back({via, std::move(*pol)});
        }
    if (const Node* list = detail.find("AttachedManagedPolicies"))
        for (const Node& p : list->items) {
            auto doc = managed_document(s, text_of(p, "PolicyArn"));
            if (!doc) return Unexpected(doc.error());
            auto pol = parse_document(*doc, text_of(p, "PolicyArn"));
            if (!pol) return Unexpected(pol.error());
            out.push_back({via, std::move(*pol)});
        }
    return {};
}

bool allows_assume_role(const policy::Statement& st) {
    if (st.effect != policy::Effect::allow || st.not_action) return false;
    return std::any_of(st.actions.begin(), st.actions.end(),
                       [](const policy::Value& a) { return wildcard_match(a.text, "sts:AssumeRole", true); });
}

// arn:aws:iam::ACCOUNT:role/NAME -> {ACCOUNT pattern, NAME}; nullopt for other resources.
std::optional<std::pair<std::string, std::string>> role_pattern(const std::string& resource) {
    auto parts = split(resource, ':');
    if (parts.size() != 6 || parts[0] != "arn" || parts[2] != "iam") return std::nullopt;
    if (parts[5].rfind("role/", 0) != 0) return std::nullopt;
    return std::pair{parts[4], parts[5].substr(5)};
}

}  // namespace

Result<std::vector<ReachableRole>> reachable_from_iam(const IamSource& s, const std::string& user) {
    auto users = details(s, "User", "UserDetailList");
    if (!users) return Unexpected(users.error());
    auto found = std::find_if(users->begin(), users->end(), [&](const Node& u) { return text_of(u, "UserName") == user; });
    if (found == users->end()) return fail("NoSuchEntity", "The user with name " + user + " cannot be found.");
    const std::string user_arn = text_of(*found, "Arn");

    std::vector<Granting> grants;
    if (auto ok = collect(s, *found, "UserPolicyList", "user " + user, grants); !ok) return Unexpected(ok.error());
    std::set<std::string> member_of;
    if (const Node* groups = found->find("GroupList"))
        for (const Node& g : groups->items) member_of.insert(g.text);
    if (!member_of.empty()) {
        auto groups = details(s, "Group", "GroupDetailList");
        if (!groups) return Unexpected(groups.error());
        for (const Node& g : *groups)
            if (member_of.count(text_of(g, "GroupName")))
                if (auto ok = collect(s, g, "GroupPolicyList", text_of(g, "GroupName"), grants); !ok)
                    return Unexpected(ok.error());
    }

    // Candidates: every role an Allow statement for sts:AssumeRole names, by account.
    std::map<std::pair<std::string, std::string>, std::set<std::string>> candidates;
    for (const auto& g : grants)
        for (const auto& st : g.policy.statements) {
            if (!allows_assume_role(st) || st.not_resource) continue;
            for (const auto& r : st.resources) {
                auto pattern = role_pattern(r.text);
                if (!pattern || pattern->second.find_first_of("*?$") != std::string::npos) continue;
                for (const auto& account : s.known_accounts)
                    if (wildcard_match(pattern->first, account)) candidates[{account, pattern->second}].insert(g.via);
            }
        }

    // Each candidate decided by the engine as the user's MFA-authenticated request, with
    // the role's trust policy on the other side.
    std::vector<ReachableRole> out;
    const std::string user_account = split(user_arn, ':').size() == 6 ? split(user_arn, ':')[4] : std::string{};
    for (const auto& [key, via] : candidates) {
        const auto& [account, role] = key;
        std::string trust_text;
        if (s.role_trust) {
            auto trust = s.role_trust(account, role);
            if (!trust) return Unexpected(trust.error());
            if (!*trust) continue;  // no such role there
            trust_text = **trust;
        } else {
            trust_text = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::)" +
                         user_account + R"(:root"},"Action":"sts:AssumeRole"}]})";
        }
        if (!trust_text.empty() && trust_text.front() == '%') {
            auto decoded = uri_decode(trust_text);
            if (!decoded) return Unexpected(decoded.error());
            trust_text = std::move(*decoded);
        }
        auto trust = policy::parse_policy_text(trust_text, policy::PolicyKind::resource, account + ":role/" + role);
        if (!trust) return Unexpected(trust.error());
        policy::PolicySet set;
        for (const auto& g : grants) set.identity.add({g.via, g.policy});
        set.resource.add({"trust policy of role " + role, std::move(*trust)});
        policy::RequestInput input;
        input.principal = user_arn;
        input.action = "sts:AssumeRole";
        input.resource = "arn:aws:iam::" + account + ":role/" + role;
        // As `jumpgate assume` asks: with a fresh MFA session, the session named after the user
        // (the hardened trust policies demand both).
        input.context = {{"aws:MultiFactorAuthPresent", {"true"}},
                         {"aws:MultiFactorAuthAge", {"0"}},
                         {"sts:RoleSessionName", {user}}};
        auto request = policy::make_request(input);
        if (!request) return Unexpected(request.error());
        if (policy::decide(set, *request) != policy::Decision::allowed) continue;
        out.push_back({account, role, std::vector<std::string>(via.begin(), via.end())});
    }
    return out;
}

}  // namespace jg::jump::user
