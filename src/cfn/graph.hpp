// The dependency graph of a stack's resources: creation order in waves (each wave may be
// created concurrently), deletion in reverse, and cycles reported as CloudFormation does.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace jg::cfn {

struct Order {
    std::vector<std::vector<std::string>> waves;  // creation: wave 0 first
    std::vector<std::string> creation;            // flattened waves
    std::vector<std::string> deletion;            // reverse of creation
};

// `ids` in template order; `deps[id]` = the ids it needs first (ids not in `ids` are
// ignored). A cycle is an error "Circular dependency between resources: [A, B]" listing
// every resource that cannot be ordered, in template order.
Result<Order> order_resources(const std::vector<std::string>& ids,
                              const std::map<std::string, std::set<std::string>>& deps);

}  // namespace jg::cfn
