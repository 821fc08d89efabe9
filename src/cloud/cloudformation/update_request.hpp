// An update as UpdateStack and change sets read it: the new template, parameters,
// capabilities and tags, checked; and starting it on the stack.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "cloud/call_context.hpp"
#include "cloud/cloudformation/stack.hpp"

namespace jg::cloud::cloudformation {

struct UpdateRequest {
    std::string template_body;
    std::vector<std::pair<std::string, std::string>> parameters;
    std::vector<std::string> no_echo, capabilities, imports;
    std::string description, role_arn;
    Tags tags;
    Credentials credentials;
};

// From the call's input (TemplateBody | TemplateURL | UsePreviousTemplate, Parameters with
// UsePreviousValue, Capabilities, Tags, RoleARN), against the stack `s`.
Result<UpdateRequest> read_update(CallContext& ctx, const Stack& s);
// ValidationError "Stack:ID is in STATE state and can not be updated." unless it can be.
Result<void> check_updatable(const Stack& s);
// Records UPDATE_IN_PROGRESS with the operation and queues the engine; `also` runs in the
// same transaction (ExecuteChangeSet records the execution with it).
Result<void> start_update(CallContext& ctx, const Stack& s, const UpdateRequest& u,
                          const std::function<Result<void>(store::Tx&)>& also = {});

}  // namespace jg::cloud::cloudformation
