// A stack's plan: everything CloudFormation works out before it touches a resource —
// parameter values, conditions, each resource's properties with intrinsics applied (values
// of resources not yet created stay symbolic), creation order and waves, outputs and the
// required capabilities.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cfn/graph.hpp"
#include "cfn/resolve.hpp"
#include "cfn/template.hpp"

namespace jg::cfn {

struct PlanInput {
    StackInfo stack;
    std::map<std::string, std::string> parameters;
    ExportLookup exports;                  // empty: imports stay symbolic
    bool missing_export_is_error = false;  // true when deploying for real
    ResourceLookup resources;              // empty: every resource is symbolic
};

struct PlannedResource {
    std::string logical_id;
    std::string type;
    std::optional<std::string> condition;
    std::vector<std::string> depends_on;  // direct: Ref/GetAtt/Sub and DependsOn, template order
    Node properties;                      // object
    std::string deletion_policy;
    std::string update_replace_policy;
    size_t wave = 0;
};

struct PlannedOutput {
    std::string name;
    Node value;
    std::string description;
    std::optional<std::string> export_name;
};

struct Plan {
    StackInfo stack;
    std::vector<PlannedResource> resources;  // creation order
    Order order;
    std::vector<PlannedOutput> outputs;
    std::vector<std::string> capabilities;
    std::map<std::string, Node> parameters;
    std::vector<std::pair<std::string, bool>> conditions;  // template order
    std::vector<std::string> omitted;  // resources whose condition is false
};

tl::expected<Plan, Errors> plan_template(const Template& t, const PlanInput& input);

// The plan as JSON: {"resources": [...], "outputs": {...}, "capabilities": [...], ...}.
std::string plan_json(const Plan& plan, const Template& t);
// The plan for people.
std::string plan_text(const Plan& plan, const Template& t);

}  // namespace jg::cfn
