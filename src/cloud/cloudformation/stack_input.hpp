// Reading the input the stack operations share: the stack name, the template (TemplateBody
// or TemplateURL read from the local S3 as the caller), Parameters, Capabilities, and the
// credentials the operation will act with.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cfn/plan.hpp"
#include "cfn/template.hpp"
#include "cloud/call_context.hpp"
#include "cloud/cloudformation/stack.hpp"

namespace jg::cloud::cloudformation {

// StackName of CreateStack: [a-zA-Z][-a-zA-Z0-9]*, at most 128 characters.
Result<std::string> read_new_stack_name(const Node& in);
// The template text from TemplateBody or TemplateURL (exactly one of them).
Result<std::string> read_template_text(CallContext& ctx, bool allow_previous = false);
// The template parsed; the first problem as AWS's ValidationError.
Result<cfn::Template> parse_template_text(const std::string& text);

struct GivenParameter {
    std::string key;
    std::optional<std::string> value;
    bool use_previous = false;
};
Result<std::vector<GivenParameter>> read_parameters(const Node& in);
Result<std::vector<std::string>> read_capabilities(const Node& in);

// InsufficientCapabilitiesException "Requires capabilities : [CAPABILITY_NAMED_IAM]".
Result<void> check_capabilities(const std::vector<std::string>& required, const std::vector<std::string>& given);

// cloudformation:ACTION on `resource` for the caller.
Result<void> authorize_stack(CallContext& ctx, std::string_view action, std::string_view resource);
std::string stack_resource_arn(CallContext& ctx, std::string_view name_or_id);

// The credentials the stack operation acts with: the caller's own (a session re-sealed
// with the same claims), or, with RoleARN, a session of that role assumed by
// CloudFormation after iam:PassRole is checked.
Result<Credentials> operation_credentials(CallContext& ctx, const std::optional<std::string>& role_arn);

// The plan at call time: template checks, parameters, imports that must exist.
// `imports` receives the names of the exports the template imports.
Result<cfn::Plan> plan_for_call(CallContext& ctx, const cfn::Template& t, const cfn::StackInfo& stack,
                                const std::map<std::string, std::string>& parameters, std::vector<std::string>* imports);

}  // namespace jg::cloud::cloudformation
