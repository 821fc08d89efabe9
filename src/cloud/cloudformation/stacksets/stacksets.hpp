// CloudFormation StackSets with SELF_MANAGED permissions (API 2010-05-15): the handlers
// of the dispatch table. Input and output are botocore's shapes.
//
// A stack set lives in the administrator's account and region. Operations
// (CreateStackInstances, UpdateStackInstances, DeleteStackInstances, UpdateStackSet) are
// stored QUEUED and run in the cloud's background (runner.hpp): the call returns the
// OperationId at once and clients poll DescribeStackSetOperation. One operation at a time
// per stack set (OperationInProgressException); an OperationId given again for the same
// request returns the same operation.
#pragma once

#include "cloud/call_context.hpp"

namespace jg::cloud::stacksets {

Result<Node> create_stack_set(CallContext& ctx);
Result<Node> update_stack_set(CallContext& ctx);
Result<Node> delete_stack_set(CallContext& ctx);
Result<Node> describe_stack_set(CallContext& ctx);
Result<Node> list_stack_sets(CallContext& ctx);

Result<Node> create_stack_instances(CallContext& ctx);
Result<Node> update_stack_instances(CallContext& ctx);
Result<Node> delete_stack_instances(CallContext& ctx);
Result<Node> list_stack_instances(CallContext& ctx);
Result<Node> describe_stack_instance(CallContext& ctx);

Result<Node> describe_stack_set_operation(CallContext& ctx);
Result<Node> list_stack_set_operations(CallContext& ctx);
Result<Node> list_stack_set_operation_results(CallContext& ctx);
Result<Node> stop_stack_set_operation(CallContext& ctx);

}  // namespace jg::cloud::stacksets
