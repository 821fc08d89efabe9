// The policy simulator: SimulatePrincipalPolicy (the policies of a user, group or role,
// plus any given) and SimulateCustomPolicy (only the given ones), both decided by the
// same engine that authorises real requests, for every action × resource asked.
#include <charconv>

#include <fmt/format.h>

#include "cloud/iam/iamcred.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "cloud/principal_policies.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"
#include "policy/evaluator.hpp"
#include "policy/parser.hpp"
#include "policy/request.hpp"

namespace jg::cloud::iam {

namespace {

// One policy of the simulation, with what AWS reports about its source.
struct SourcePolicy {
    std::string id;    // SourcePolicyId: the policy name, ARN, or "PolicyInputList.N"
    std::string type;  // SourcePolicyType: user, group, role, aws-managed, user-managed, none
    policy::Policy policy;
};

struct Simulation {
    std::vector<SourcePolicy> identity, boundary;
    std::string resource_policy;  // JSON text, "" when none
    std::string caller_arn;
};

Result<std::vector<std::string>> string_list(const Node& input, std::string_view name, bool required) {
    std::vector<std::string> out;
    const Node* list = input.find(name);
    if (!list || list->is_null()) {
        if (required) return validation_error(name, std::nullopt, "Member must not be null");
        return out;
    }
    if (!list->is_array()) return validation_error(name, std::nullopt, "Member must be a list");
    for (const Node& item : list->items) {
        if (!item.is_scalar()) return validation_error(name, std::nullopt, "Member must be a list of strings");
        out.push_back(item.text);
    }
    return out;
}

// Policies given as JSON text (PolicyInputList, PermissionsBoundaryPolicyInputList).
Result<void> add_given(std::vector<SourcePolicy>& into, const Node& input, std::string_view member_name) {
    auto texts = string_list(input, member_name, false);
    if (!texts) return Unexpected(texts.error());
    for (std::size_t i = 0; i < texts->size(); ++i) {
        auto parsed = policy::parse_policy_text((*texts)[i], policy::PolicyKind::identity);
        if (!parsed)
            return fail("MalformedPolicyDocument", fmt::format("{}.{}: {}", member_name, i + 1, parsed.error().message));
        into.push_back({fmt::format("{}.{}", member_name, i + 1), "none", std::move(*parsed)});
    }
    return {};
}

Result<void> add_stored(std::vector<SourcePolicy>& into, std::string id, std::string type, std::string_view text) {
    auto parsed = policy::parse_policy_text(text, policy::PolicyKind::identity);
    if (!parsed) return fail("InternalFailure", "stored policy " + id + " no longer parses");
    into.push_back({std::move(id), std::move(type), std::move(*parsed)});
    return {};
}

// The inline and attached policies of one user, group or role.
Result<void> add_entity(store::Reader& r, const std::string& account, std::string_view inline_kind,
                        std::string_view attached_kind, std::string_view entity, std::string_view inline_type,
                        std::vector<SourcePolicy>& into) {
    const std::string prefix = entity_key(entity) + "/";
    auto inlines = r.list(account, inline_kind, {prefix, {}, 0});
    if (!inlines) return Unexpected(inlines.error());
    for (const auto& e : inlines->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", "stored inline policy is not JSON");
        if (auto ok = add_stored(into, member(*doc, "PolicyName"), std::string(inline_type), member(*doc, "PolicyDocument")); !ok)
            return ok;
    }
    auto attached = r.list(account, attached_kind, {prefix, {}, 0});
    if (!attached) return Unexpected(attached.error());
    for (const auto& e : attached->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", "stored attachment is not JSON");
        const std::string arn = member(*doc, "PolicyArn");
        auto text = managed_policy_document(r, account, arn);
        if (!text) return Unexpected(text.error());
        if (!*text) continue;
        const bool aws = arn.rfind("arn:aws:iam::aws:", 0) == 0;
        if (auto ok = add_stored(into, arn, aws ? "aws-managed" : "user-managed", **text); !ok) return ok;
    }
    return {};
}

Result<void> add_boundary(store::Reader& r, const std::string& account, const Node& entity,
                          std::vector<SourcePolicy>& into) {
    const std::string arn = member(entity, "PermissionsBoundary");
    if (arn.empty()) return {};
    auto text = managed_policy_document(r, account, arn);
    if (!text) return Unexpected(text.error());
    const bool aws = arn.rfind("arn:aws:iam::aws:", 0) == 0;
    return add_stored(into, arn, aws ? "aws-managed" : "user-managed",
                      text->value_or(R"({"Version":"2012-10-17","Statement":[]})"));
}

// ContextEntries: [{ContextKeyName, ContextKeyValues: [...], ContextKeyType}].
Result<std::vector<std::pair<std::string, std::vector<std::string>>>> read_context(const Node& input) {
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    const Node* list = input.find("ContextEntries");
    if (!list || list->is_null()) return out;
    if (!list->is_array()) return validation_error("ContextEntries", std::nullopt, "Member must be a list");
    for (const Node& entry : list->items) {
        auto name = required_string(entry, "ContextKeyName");
        if (!name) return Unexpected(name.error());
        if (auto ok = check_length("ContextKeyName", *name, 5, 256); !ok) return Unexpected(ok.error());
        auto values = string_list(entry, "ContextKeyValues", false);
        if (!values) return Unexpected(values.error());
        out.emplace_back(std::move(*name), std::move(*values));
    }
    return out;
}

// Statements of `source` that match the request on their own (an Allow that would allow,
// a Deny that would deny), as AWS's MatchedStatements.
void matched_statements(const SourcePolicy& source, const policy::RequestContext& request, Node& out) {
    for (const policy::Statement& st : source.policy.statements) {
        policy::Policy one = source.policy;
        one.statements = {st};
        policy::PolicySet set;
        set.identity.add(policy::NamedPolicy{source.id, std::move(one)});
        if (policy::decide(set, request) == policy::Decision::implicitly_denied) continue;
        Node m = Node::make_object();
        m.add("SourcePolicyId", str(source.id));
        m.add("SourcePolicyType", str(source.type));
        Node start = Node::make_object();
        start.add("Line", num(st.loc.line));
        start.add("Column", num(st.loc.col));
        m.add("StartPosition", std::move(start));
        out.push(std::move(m));
    }
}

const char* eval_decision(policy::Decision d) {
    switch (d) {
        case policy::Decision::allowed: return "allowed";
        case policy::Decision::explicitly_denied: return "explicitDeny";
        case policy::Decision::implicitly_denied: break;
    }
    return "implicitDeny";
}

// Runs the simulation for every action × resource of the input.
Result<Node> run(CallContext& ctx, const Simulation& sim) {
    const Node& in = ctx.input();
    auto actions = string_list(in, "ActionNames", true);
    if (!actions) return Unexpected(actions.error());
    if (actions->empty()) return validation_error("ActionNames", std::nullopt, "Member must have length greater than or equal to 1");
    auto resources = string_list(in, "ResourceArns", false);
    if (!resources) return Unexpected(resources.error());
    if (resources->empty()) resources->push_back("*");
    auto context = read_context(in);
    if (!context) return Unexpected(context.error());
    auto paging = read_paging(in);
    if (!paging) return Unexpected(paging.error());
    const std::string owner = optional_string(in, "ResourceOwner").value_or("");

    policy::PolicySet set;
    for (const auto& p : sim.identity) set.identity.add(policy::NamedPolicy{p.id, p.policy});
    for (const auto& p : sim.boundary) set.boundary.add(policy::NamedPolicy{p.id, p.policy});
    std::optional<SourcePolicy> resource_policy;
    if (!sim.resource_policy.empty()) {
        auto parsed = policy::parse_policy_text(sim.resource_policy, policy::PolicyKind::resource);
        if (!parsed) return fail("MalformedPolicyDocument", "ResourcePolicy: " + parsed.error().message);
        set.resource.add(policy::NamedPolicy{"ResourcePolicy", *parsed});
        resource_policy = SourcePolicy{"ResourcePolicy", "resource", std::move(*parsed)};
    }

    std::vector<Node> results;
    for (const std::string& action : *actions) {
        for (const std::string& resource : *resources) {
            policy::RequestInput request_input;
            request_input.principal = sim.caller_arn;
            request_input.action = action;
            request_input.resource = resource;
            // The owner: ResourceOwner (an account id or its root ARN), else the account in
            // the resource ARN, else (for "*" and account-less ARNs such as S3's) the caller's.
            std::string resource_account = owner;
            if (auto at = resource_account.find("iam::"); at != std::string::npos)
                resource_account = resource_account.substr(at + 5, 12);
            if (resource_account.empty()) {
                const auto parts = split(resource, ':');
                resource_account = parts.size() >= 6 && !parts[4].empty() ? parts[4] : ctx.account();
            }
            request_input.resource_account = resource_account;
            request_input.context = *context;
            auto request = policy::make_request(request_input);
            if (!request) return fail("InvalidInput", request.error().message);
            const policy::Decision decision = policy::decide(set, *request);
            Node matched = Node::make_array();
            for (const auto& p : sim.identity) matched_statements(p, *request, matched);
            for (const auto& p : sim.boundary) matched_statements(p, *request, matched);
            Node r = Node::make_object();
            r.add("EvalActionName", str(action));
            r.add("EvalResourceName", str(resource));
            r.add("EvalDecision", str(eval_decision(decision)));
            r.add("MatchedStatements", std::move(matched));
            r.add("MissingContextValues", Node::make_array());
            results.push_back(std::move(r));
        }
    }

    // Paging over the results: the Marker is the index of the next result.
    std::size_t start = 0;
    if (!paging->marker.empty()) {
        const char* end = paging->marker.data() + paging->marker.size();
        const auto [ptr, ec] = std::from_chars(paging->marker.data(), end, start);
        if (ec != std::errc() || ptr != end || start > results.size()) return fail("InvalidInput", "Invalid Marker.");
    }
    Node list = Node::make_array();
    std::size_t i = start;
    for (; i < results.size() && list.items.size() < paging->max_items; ++i) list.push(std::move(results[i]));
    Node out = Node::make_object();
    out.add("EvaluationResults", std::move(list));
    out.add("IsTruncated", boolean(i < results.size()));
    if (i < results.size()) out.add("Marker", str(std::to_string(i)));
    return out;
}

}  // namespace

Result<Node> simulate_custom_policy(CallContext& ctx) {
    if (auto ok = ctx.authorize("iam:SimulateCustomPolicy", "*"); !ok) return Unexpected(ok.error());
    Simulation sim;
    if (!ctx.input().find("PolicyInputList"))
        return validation_error("PolicyInputList", std::nullopt, "Member must not be null");
    if (auto ok = add_given(sim.identity, ctx.input(), "PolicyInputList"); !ok) return Unexpected(ok.error());
    if (auto ok = add_given(sim.boundary, ctx.input(), "PermissionsBoundaryPolicyInputList"); !ok)
        return Unexpected(ok.error());
    sim.resource_policy = optional_string(ctx.input(), "ResourcePolicy").value_or("");
    // Without CallerArn the request is the caller's own.
    sim.caller_arn = optional_string(ctx.input(), "CallerArn").value_or(ctx.caller().arn);
    return run(ctx, sim);
}

Result<Node> simulate_principal_policy(CallContext& ctx) {
    auto source = required_string(ctx.input(), "PolicySourceArn");
    if (!source) return Unexpected(source.error());
    if (auto ok = check_length("PolicySourceArn", *source, 20, 2048); !ok) return Unexpected(ok.error());
    if (auto ok = ctx.authorize("iam:SimulatePrincipalPolicy", *source); !ok) return Unexpected(ok.error());

    // arn:aws:iam::ACCOUNT:user|group|role/PATH/NAME of the caller's account.
    const std::string prefix = "arn:aws:iam::" + ctx.account() + ":";
    const std::string rest = source->rfind(prefix, 0) == 0 ? source->substr(prefix.size()) : std::string{};
    const std::string type = rest.substr(0, rest.find('/'));
    const std::string name = rest.substr(rest.rfind('/') + 1);
    if (rest.find('/') == std::string::npos || (type != "user" && type != "group" && type != "role") || name.empty())
        return fail("InvalidInput", fmt::format("Invalid ARN: {}", *source));

    Simulation sim;
    auto loaded = ctx.cloud().store().read([&](store::Reader& r) -> Result<void> {
        const std::string_view kind = type == "user" ? k_user : type == "group" ? k_group : k_role;
        auto doc = get_doc(r, ctx.account(), kind, entity_key(name));
        if (!doc) return Unexpected(doc.error());
        if (!*doc || member(**doc, "Arn") != *source)
            return fail("NoSuchEntity", fmt::format("The {} with name {} cannot be found.", type, name));
        if (type == "user") {
            if (auto ok = add_entity(r, ctx.account(), k_user_policy, k_user_attached, name, "user", sim.identity); !ok)
                return ok;
            auto groups = r.list(ctx.account(), k_user_group, {entity_key(name) + "/", {}, 0});
            if (!groups) return Unexpected(groups.error());
            for (const auto& g : groups->entries) {
                const std::string group = g.name.substr(g.name.find('/') + 1);
                if (auto ok = add_entity(r, ctx.account(), k_group_policy, k_group_attached, group, "group", sim.identity); !ok)
                    return ok;
            }
        } else if (type == "group") {
            if (auto ok = add_entity(r, ctx.account(), k_group_policy, k_group_attached, name, "group", sim.identity); !ok)
                return ok;
        } else {
            if (auto ok = add_entity(r, ctx.account(), k_role_policy, k_role_attached, name, "role", sim.identity); !ok)
                return ok;
        }
        return add_boundary(r, ctx.account(), **doc, sim.boundary);
    });
    if (!loaded) return Unexpected(loaded.error());
    if (auto ok = add_given(sim.identity, ctx.input(), "PolicyInputList"); !ok) return Unexpected(ok.error());
    if (ctx.input().find("PermissionsBoundaryPolicyInputList")) {
        sim.boundary.clear();  // given boundaries replace the stored one
        if (auto ok = add_given(sim.boundary, ctx.input(), "PermissionsBoundaryPolicyInputList"); !ok)
            return Unexpected(ok.error());
    }
    sim.resource_policy = optional_string(ctx.input(), "ResourcePolicy").value_or("");
    // The principal itself is the caller unless CallerArn says otherwise (a group has no
    // requests of its own: its simulation needs CallerArn to name a user).
    sim.caller_arn = optional_string(ctx.input(), "CallerArn").value_or(type == "group" ? ctx.caller().arn : *source);
    return run(ctx, sim);
}

}  // namespace jg::cloud::iam
