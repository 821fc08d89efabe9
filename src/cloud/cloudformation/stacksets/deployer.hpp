// Deploying one stack instance once the target's execution-role session exists: the
// stack `StackSet-NAME-UUID` in the target account and region is created, updated or
// deleted through CloudFormation's public stack API (Cloud::call with the session,
// exactly as a client would), and waited for.
//
// The seam: tests replace this step for one Cloud (override_instance_deployer) to drive
// the operation engine and the role chain without stacks.
#pragma once

#include <functional>
#include <string>

#include "cloud/caller.hpp"
#include "cloud/cloud.hpp"
#include "cloud/cloudformation/stacksets/engine.hpp"
#include "cloud/cloudformation/stacksets/model.hpp"
#include "core/node.hpp"

namespace jg::cloud::stacksets {

struct InstanceWork {
    Action action = Action::create;
    Target target;
    std::string stack_set_name;
    std::string stack_id;       // the instance's stack so far, "" when it has none
    std::string template_body;
    Node parameters;            // the stack set's, with the instance's overrides applied
    Node capabilities;          // [..]
    Node tags;                  // [{Key, Value}]
    bool retain_stacks = false;
};

using InstanceDeployer = std::function<Outcome(Cloud& cloud, const Credentials& session, const InstanceWork& work)>;

// The real step: CreateStack / UpdateStack / DeleteStack and DescribeStacks until the
// stack reaches a final status.
Outcome deploy_with_stacks(Cloud& cloud, const Credentials& session, const InstanceWork& work);

// The deployer operations of `cloud` use: deploy_with_stacks unless overridden.
InstanceDeployer instance_deployer(const Cloud& cloud);
void override_instance_deployer(const Cloud& cloud, InstanceDeployer deployer);
void clear_instance_deployer(const Cloud& cloud);

}  // namespace jg::cloud::stacksets
