// The CloudFormation side of the runbook (the article's sections 1, 2-1 to 2-4 and 5),
// as the file asks for it: which stacks in which accounts, with which template and
// parameters; the template bucket with its objects and policy; the role StackSet and the
// accounts it reaches. Derived from the file and the template set alone (no live state).
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/node.hpp"
#include "jump/config/config.hpp"
#include "jump/render/templates.hpp"

namespace jg::jump {

inline constexpr const char* k_execution_role_stack = "stackset-execution-role";
inline constexpr const char* k_admin_role_stack = "stackset-admin-role";
inline constexpr const char* k_global_groups_stack = "iam-global-groups";
inline constexpr const char* k_project_groups_stack_prefix = "iam-groups-";
inline constexpr const char* k_role_stack_set = "iam-roles";
inline constexpr const char* k_execution_role_name = "AWSCloudFormationStackSetExecutionRole";

struct StackSpec {
    std::string account;
    std::string name;           // the article's stack name
    std::string template_name;  // one of the five files
    Parameters parameters;
    bool termination_protection = false;  // the article's "削除保護: アクティブ化済み"
    bool from_bucket = false;             // TemplateURL of the template bucket, else TemplateBody
};

struct Deployment {
    TemplateBundle templates;
    std::string admin_account;
    std::string region;
    // 2-1: the execution role in every account the role StackSet reaches.
    std::vector<StackSpec> execution_roles;
    // 1: the template bucket, the templates uploaded to it, and its policy.
    std::string bucket;                // aws-iam-templates-ADMIN
    std::vector<std::string> objects;  // template file names (= keys)
    std::string bucket_policy;         // the article's policy, as JSON text
    // 2-2, 2-3-1: the admin account's stacks from the bucket: the administration role and
    // the global groups (which export the MFA policy the project groups import).
    std::vector<StackSpec> admin_stacks;
    // 2-3-2: one project-groups stack per project (iam-groups-NAME).
    std::vector<StackSpec> project_stacks;
    // 2-4: the role StackSet and the accounts of its instances.
    Parameters stack_set_parameters;
    std::vector<std::string> instance_accounts;

    const std::string& body(const std::string& template_name) const { return templates.file(template_name).body; }
    // https://BUCKET.s3.REGION.amazonaws.com/KEY, as the article writes it.
    std::string template_url(const std::string& template_name) const;
    // The stack of either list named `name` in `account`; nullptr when none.
    const StackSpec* find_stack(const std::string& account, const std::string& name) const;
};

// Inputs shared by the stack and StackSet calls: [{ParameterKey, ParameterValue}], the
// CAPABILITY_NAMED_IAM acknowledgement, and the ManagedBy=jumpgate tag list.
Node parameters_input(const Parameters& params);
Node named_iam_capabilities();
Node managed_tags_input();

// Reads the file's template set; errors name the folder and file at fault.
Result<Deployment> desired_deployment(const Config& config);

}  // namespace jg::jump
