#include "cloud/iam/trust_principals.hpp"

#include <fmt/format.h>

#include "cloud/iam/keys.hpp"
#include "cloud/iam/user_lookup.hpp"
#include "core/arn.hpp"
#include "core/json.hpp"

namespace jg::cloud::iam {

namespace {

// Current unique id of a user or role ARN, "" when it does not exist (or the ARN is not
// a user or role).
Result<std::string> current_id(store::Reader& r, const std::string& text) {
    auto arn = parse_arn(text);
    if (!arn || arn->service != "iam") return std::string{};
    bool user = arn->resource.rfind("user/", 0) == 0;
    bool role = arn->resource.rfind("role/", 0) == 0;
    if (!user && !role) return std::string{};
    std::string name = arn->resource.substr(arn->resource.rfind('/') + 1);
    auto doc = get_doc(r, arn->account, user ? k_user : k_role, entity_key(name));
    if (!doc) return Unexpected(doc.error());
    if (!*doc || member(**doc, "Arn") != text) return std::string{};
    return member(**doc, user ? "UserId" : "RoleId");
}

bool names_user_or_role(const std::string& text) {
    auto arn = parse_arn(text);
    return arn && arn->service == "iam" &&
           (arn->resource.rfind("user/", 0) == 0 || arn->resource.rfind("role/", 0) == 0);
}

void collect(const Node& principal, std::vector<std::string>& out) {
    const Node* aws = principal.is_object() ? principal.find("AWS") : nullptr;
    if (!aws) return;
    if (aws->is_string()) out.push_back(aws->text);
    for (const Node& item : aws->items)
        if (item.is_string()) out.push_back(item.text);
}

}  // namespace

Result<std::vector<TrustPrincipal>> resolve_trust_principals(store::Reader& r, std::string_view trust_json) {
    auto doc = parse_json(trust_json);
    if (!doc) return fail("MalformedPolicyDocument", "Syntax errors in policy.");
    std::vector<std::string> named;
    if (const Node* statements = doc->find("Statement")) {
        if (statements->is_object()) {
            if (const Node* p = statements->find("Principal")) collect(*p, named);
        }
        for (const Node& s : statements->items)
            if (const Node* p = s.find("Principal")) collect(*p, named);
    }
    std::vector<TrustPrincipal> out;
    for (const std::string& arn : named) {
        if (!names_user_or_role(arn)) continue;
        auto id = current_id(r, arn);
        if (!id) return Unexpected(id.error());
        if (id->empty()) return fail("MalformedPolicyDocument", fmt::format("Invalid principal in policy: \"AWS\":\"{}\"", arn));
        out.push_back({arn, *id});
    }
    return out;
}

Node trust_principals_node(const std::vector<TrustPrincipal>& principals) {
    Node list = Node::make_array();
    for (const auto& p : principals) {
        Node n = Node::make_object();
        n.add("Arn", Node::make_string(p.arn));
        n.add("Id", Node::make_string(p.id));
        list.push(std::move(n));
    }
    return list;
}

Result<std::string> effective_trust(store::Reader& r, const Node& role_doc, std::string& stale) {
    std::string text = member(role_doc, "AssumeRolePolicyDocument");
    const Node* recorded = role_doc.find(k_trust_principals_member);
    if (!recorded) return text;
    for (const Node& p : recorded->items) {
        std::string arn = member(p, "Arn"), id = member(p, "Id");
        auto now = current_id(r, arn);
        if (!now) return Unexpected(now.error());
        if (*now == id) continue;
        // A user renamed since (UpdateUser) is the same principal: the trust follows it to
        // its new ARN, as AWS updates policies that name a renamed user as principal.
        std::string replacement = json_quote(id);
        if (auto parsed = parse_arn(arn); parsed && parsed->resource.rfind("user/", 0) == 0) {
            auto renamed = find_user(r, parsed->account, id, "");
            if (!renamed) return Unexpected(renamed.error());
            if (*renamed) replacement = json_quote(member(**renamed, "Arn"));
        }
        stale += arn + ">" + replacement + " ";
        std::string quoted = json_quote(arn);
        for (std::size_t at = text.find(quoted); at != std::string::npos; at = text.find(quoted, at + replacement.size()))
            text.replace(at, quoted.size(), replacement);
    }
    return text;
}

}  // namespace jg::cloud::iam
