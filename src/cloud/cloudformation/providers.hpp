// The resource providers, by family (one file each); provider_call.hpp's make_providers
// puts them together.
#pragma once

#include "cloud/cloudformation/provider_call.hpp"

namespace jg::cloud::cloudformation {

void add_iam_principal_providers(cfn::ProviderRegistry& registry, const ActAs& as);  // Role, Group, User
void add_iam_policy_providers(cfn::ProviderRegistry& registry, const ActAs& as);     // ManagedPolicy, Policy, *Policy, UserToGroupAddition, AccessKey
void add_iam_identity_provider_providers(cfn::ProviderRegistry& registry, const ActAs& as);  // OIDCProvider
void add_s3_providers(cfn::ProviderRegistry& registry, const ActAs& as);             // Bucket, BucketPolicy

}  // namespace jg::cloud::cloudformation
