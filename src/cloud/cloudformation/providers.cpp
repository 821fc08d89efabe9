#include "cloud/cloudformation/providers.hpp"

namespace jg::cloud::cloudformation {

cfn::ProviderRegistry make_providers(const ActAs& as) {
    cfn::ProviderRegistry registry;
    add_iam_principal_providers(registry, as);
    add_iam_policy_providers(registry, as);
    add_iam_identity_provider_providers(registry, as);
    add_s3_providers(registry, as);
    return registry;
}

}  // namespace jg::cloud::cloudformation
