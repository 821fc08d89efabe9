// Internals shared by graph.cpp (building) and edges.cpp (deciding): the indexes over
// principals and the request builder. Not part of the audit's interface.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "jump/audit/graph.hpp"
#include "policy/request.hpp"

namespace jg::jump::audit {

// Names of resources that do not exist: a call allowed on one is allowed on (almost) any.
inline constexpr const char* k_probe = "jumpgate-audit-probe-7f3c";
// The session name a role session uses when it assumes another role (the caller picks
// it freely; users are taken to use their own name, as `jumpgate assume` and the
// console's switch-role do).
inline constexpr const char* k_chain_session = "jumpgate-audit";

struct Graph::Impl {
    // Roles by the principals their trust policies name (account id, ARN or unique id).
    std::unordered_map<std::string, std::vector<uint32_t>> trust_by_account, trust_by_principal;
    std::vector<uint32_t> trust_any;  // "*" or NotPrincipal
    // Nodes of each account, by kind.
    std::unordered_map<std::string, std::vector<uint32_t>> users_of, roles_of;
    // Customer managed policy ARN -> the nodes whose identity policies include it.
    std::unordered_map<std::string, std::vector<uint32_t>> holders;
    // Per node: customer managed policies and groups its identity policies come from.
    std::vector<std::vector<std::string>> own_policies, own_groups;
    // Identity resource pattern (account|pattern) -> the account-delegated roles it names.
    std::unordered_map<std::string, std::vector<uint32_t>> pattern_roles;
    // may_allow answers per (policy set, action literal), and one request per action.
    std::map<std::pair<const void*, const char*>, bool> may;
    std::map<const char*, policy::RequestContext> action_requests;
};

// The request of `node` acting with credentials `c`: principal, MFA keys (none for a
// long-term key, "false" for a session without MFA, "true" and an age of 60 s with
// MFA), aws:userid / aws:username / aws:PrincipalArn as AWS sets them.
Result<policy::RequestContext> request_for(const GraphNode& node, Cred c, std::string_view action,
                                           std::string_view resource, std::string_view resource_account,
                                           std::vector<std::pair<std::string, std::vector<std::string>>> extra = {});

}  // namespace jg::jump::audit
