#include "jump/apply/deployment.hpp"

#include <fmt/format.h>

#include "jump/apply/identities.hpp"
#include "jump/api/connection.hpp"

namespace jg::jump {

namespace {

// The article's bucket policy (section 1): only the admin account may read the templates.
std::string bucket_policy(const std::string& admin, const std::string& bucket) {
    return fmt::format(R"({{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Effect": "Allow",
      "Principal": {{
        "AWS": "arn:aws:iam::{}:root"
      }},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::{}/*"
    }}
  ]
}})",
                       admin, bucket);
}

}  // namespace

Node parameters_input(const Parameters& params) {
    Node list = Node::make_array();
    for (const auto& [k, v] : params) list.push(input_of({{"ParameterKey", k}, {"ParameterValue", v}}));
    return list;
}

Node named_iam_capabilities() {
    Node caps = Node::make_array();
    caps.push(Node::make_string("CAPABILITY_NAMED_IAM"));
    return caps;
}

Node managed_tags_input() {
    Node tags = Node::make_array();
    tags.push(input_of({{"Key", k_managed_tag_key}, {"Value", k_managed_tag_value}}));
    return tags;
}

std::string Deployment::template_url(const std::string& template_name) const {
    return fmt::format("https://{}.s3.{}.amazonaws.com/{}", bucket, region, template_name);
}

const StackSpec* Deployment::find_stack(const std::string& account, const std::string& name) const {
    for (const auto* list : {&execution_roles, &admin_stacks, &project_stacks})
        for (const StackSpec& s : *list)
            if (s.account == account && s.name == name) return &s;
    return nullptr;
}

Result<Deployment> desired_deployment(const Config& config) {
    auto bundle = load_templates(config);
    if (!bundle) return Unexpected(bundle.error());
    Deployment d;
    d.templates = std::move(*bundle);
    d.admin_account = config.admin_account;
    d.region = config.region;
    d.instance_accounts = role_instance_accounts(config);

    // 2-1: every account the StackSet deploys to needs the execution role first.
    for (const std::string& account : d.instance_accounts)
        d.execution_roles.push_back(StackSpec{account, k_execution_role_stack, k_execution_role_template,
                                              template_parameters(d.templates, config, k_execution_role_template),
                                              true, false});

    // 1: the article uploads the four templates deployed from the bucket.
    d.bucket = "aws-iam-templates-" + config.admin_account;
    d.objects = {k_admin_role_template, k_global_groups_template, k_project_groups_template, k_roles_template};
    d.bucket_policy = bucket_policy(config.admin_account, d.bucket);

    // 2-2 and 2-3 (termination protection on the first two, as the article sets it).
    const std::string& admin = config.admin_account;
    d.admin_stacks.push_back(StackSpec{admin, k_admin_role_stack, k_admin_role_template,
                                       template_parameters(d.templates, config, k_admin_role_template), true, true});
    d.admin_stacks.push_back(StackSpec{admin, k_global_groups_stack, k_global_groups_template,
                                       template_parameters(d.templates, config, k_global_groups_template), true,
                                       true});
    for (const Project& p : config.projects)
        d.project_stacks.push_back(StackSpec{admin, k_project_groups_stack_prefix + p.name, k_project_groups_template,
                                           template_parameters(d.templates, config, k_project_groups_template, &p),
                                           false, true});

    // 2-4.
    d.stack_set_parameters = template_parameters(d.templates, config, k_roles_template);
    return d;
}

}  // namespace jg::jump
