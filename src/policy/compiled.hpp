// Policies compiled once into an indexed form: action patterns grouped by service and by
// exact name, condition values pre-parsed, resource patterns pre-split. Evaluating a
// request then touches only the statements whose actions can match.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "policy/conditions.hpp"
#include "policy/model.hpp"
#include "policy/pattern.hpp"
#include "policy/request.hpp"

namespace jg::policy {

// Where a policy sits in an authorisation decision.
enum class Slot { identity, resource, boundary, session };
const char* slot_name(Slot slot);

struct NamedPolicy {
    std::string name;
    Policy policy;
};

// How a resource-based policy's Principal matched the caller; the decision rules differ.
enum class PrincipalMatch {
    none,
    account,    // the caller's account ("123456789012" or ":root"): delegates to its IAM policies
    wildcard,   // "*"
    role,       // the role ARN of a role session
    exact,      // the user, root, session, service, federated or canonical principal itself
};

// "svc:Name*" split in two lower-case globs; `all` for "*".
struct ActionPattern {
    bool all = false;
    Glob service, name;
    bool match(const RequestContext& r) const { return all || (service.match(r.action_service) && name.match(r.action_name)); }
};

struct ResourcePattern {
    Template text;  // used when it holds variables
    ArnGlob glob;   // otherwise
};

struct AwsPrincipal {
    std::string text;
    std::string account;  // set when the entry names an account (id or :root ARN)
};

struct CompiledStatement {
    uint32_t policy = 0;     // index into the slot's policies
    uint32_t statement = 0;  // index into that policy's statements
    Effect effect = Effect::allow;
    bool not_action = false;
    std::vector<ActionPattern> actions;
    bool has_resource = false;
    bool not_resource = false;
    std::vector<ResourcePattern> resources;
    bool has_principal = false;
    bool not_principal = false;
    bool any_principal = false;
    std::vector<AwsPrincipal> aws;
    std::vector<std::string> service, federated, canonical_user;
    std::vector<CompiledCondition> conditions;
};

// All statements of one slot with the action index over them.
class CompiledSlot {
public:
    bool present() const { return !m_policies.empty(); }
    const std::vector<NamedPolicy>& policies() const { return m_policies; }
    const std::vector<CompiledStatement>& statements() const { return m_statements; }

    void add(NamedPolicy policy);
    // Indices of the statements whose Action/NotAction can match, in document order.
    void candidates(const RequestContext& request, std::vector<uint32_t>& out) const;

private:
    struct ServiceBucket {
        std::unordered_map<std::string, std::vector<uint32_t>> exact;  // lower-case action name
        std::vector<std::pair<Glob, uint32_t>> wildcard;               // action-name pattern
    };
    std::vector<NamedPolicy> m_policies;
    std::vector<CompiledStatement> m_statements;
    std::unordered_map<std::string, ServiceBucket> m_services;       // lower-case service prefix
    std::vector<std::pair<ActionPattern, uint32_t>> m_any_service;   // patterns with a wildcard service
    std::vector<uint32_t> m_not_action;                              // NotAction statements

    void compile(uint32_t policy_index);
};

// The four slots of one decision by reference, so that slots compiled for different
// owners (a caller's identity policies, a role's trust policy) combine without copies.
struct PolicyView {
    const CompiledSlot& identity;
    const CompiledSlot& resource;
    const CompiledSlot& boundary;
    const CompiledSlot& session;
};

// The policies of one decision: identity policies, a resource (or trust) policy,
// permissions boundaries and a session policy.
struct PolicySet {
    CompiledSlot identity, resource, boundary, session;
    const CompiledSlot& slot(Slot s) const;
    PolicyView view() const { return {identity, resource, boundary, session}; }
};

// Statement matching, one element at a time.
bool action_matches(const CompiledStatement& s, const RequestContext& request);
// `parts`: the request resource's ARN parts, nullptr when it is not an ARN.
bool resource_matches(const CompiledStatement& s, const RequestContext& request,
                      const std::array<std::string_view, 6>* parts);
PrincipalMatch principal_matches(const CompiledStatement& s, const RequestContext& request);

}  // namespace jg::policy
