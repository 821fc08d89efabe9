// CloudFormation (2010-05-15) handlers for stacks, one function per API operation, named
// and shaped like botocore's cloudformation operations. Each authorises the caller with
// cloudformation:ACTION on the stack's ARN (arn:aws:cloudformation:REGION:ACCOUNT:stack/
// NAME/UUID, or stack/NAME/* before the stack exists, "*" for account-wide listings),
// acts in the caller's account and the request's region, and answers in AWS's words.
// CreateStack, UpdateStack, DeleteStack and ExecuteChangeSet return once the operation
// is recorded; the stack engine (engine.hpp) carries it out in the background.
#pragma once

#include "cloud/call_context.hpp"

namespace jg::cloud::cloudformation {

// create_stack.cpp
Result<Node> create_stack(CallContext& ctx);
// delete_stack.cpp
Result<Node> delete_stack(CallContext& ctx);
Result<Node> update_termination_protection(CallContext& ctx);
// update_stack.cpp
Result<Node> update_stack(CallContext& ctx);
// describe_stacks.cpp
Result<Node> describe_stacks(CallContext& ctx);
Result<Node> list_stacks(CallContext& ctx);
// stack_resources.cpp
Result<Node> describe_stack_events(CallContext& ctx);
Result<Node> describe_stack_resources(CallContext& ctx);
Result<Node> describe_stack_resource(CallContext& ctx);
Result<Node> list_stack_resources(CallContext& ctx);
// exports_ops.cpp
Result<Node> list_exports(CallContext& ctx);
Result<Node> list_imports(CallContext& ctx);
// templates.cpp
Result<Node> get_template(CallContext& ctx);
Result<Node> validate_template(CallContext& ctx);
Result<Node> get_template_summary(CallContext& ctx);
// create_change_set.cpp
Result<Node> create_change_set(CallContext& ctx);
// change_sets.cpp
Result<Node> describe_change_set(CallContext& ctx);
Result<Node> list_change_sets(CallContext& ctx);
Result<Node> delete_change_set(CallContext& ctx);
Result<Node> execute_change_set(CallContext& ctx);

}  // namespace jg::cloud::cloudformation
