// Simulation cases in the shape the iam-simulate project uses for its tests:
//   {"request": {"principal": ARN, "action": "svc:Action",
//                "resource": {"resource": ARN, "accountId": "123456789012"},
//                "context": {"key": "v" | ["v1", "v2"]}},
//    "identityPolicies": [{"name": N, "policy": {...} | "arn:aws:iam::aws:policy/NAME"}],
//    "resourcePolicy": {...}, "permissionBoundaries": [...], "sessionPolicy": {...}}
// A file holds one case object or an array of them.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/node.hpp"
#include "policy/compiled.hpp"
#include "policy/request.hpp"

namespace jg::policy {

// Default-version JSON of an AWS managed policy by ARN, or nullopt when unknown.
using ManagedPolicyLookup = std::function<std::optional<std::string>(std::string_view arn)>;

struct SimulationCase {
    size_t index = 0;  // 1-based position in the file
    Location loc;
    RequestContext request;
    // Cases with identical policies share one compiled set.
    std::shared_ptr<const PolicySet> policies;
};

// Errors say which case and where: "input.json:12:7: case 2: ...".
[[nodiscard]] Result<std::vector<SimulationCase>> load_simulation(const Node& root,
                                                                  const ManagedPolicyLookup& managed);

}  // namespace jg::policy
