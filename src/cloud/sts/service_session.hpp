// A role session for an AWS service that assumes a customer's role on the customer's
// behalf (CloudFormation with a stack's RoleARN, the StackSet administration role): the
// role's trust policy alone decides, for the service principal (cloudformation.amazonaws.com),
// as it does in AWS. Not an API: the services of the local cloud call it.
#pragma once

#include <string_view>

#include "cloud/cloud.hpp"

namespace jg::cloud::sts {

// Credentials of a one-hour session `session_name` of `role_arn`. Errors: AccessDenied
// "Role ARN is invalid or cannot be assumed" style refusal when the role does not exist
// or does not trust `service` (message given by the caller's service, see below), else
// store errors.
Result<Credentials> assume_role_as_service(Cloud& cloud, std::string_view role_arn, std::string_view service,
                                           std::string_view session_name, const RequestInfo& info = {});

}  // namespace jg::cloud::sts
