// The role an AssumeRole* call names, with its compiled trust policy — shared by
// AssumeRole and AssumeRoleWithWebIdentity.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "cloud/cloud.hpp"
#include "core/arn.hpp"
#include "core/error.hpp"
#include "policy/compiled.hpp"

namespace jg::cloud::sts {

struct Role {
    std::string name, id, arn, account;
    std::int64_t max_session = 3600;
    std::shared_ptr<const policy::PolicySet> trust;  // the trust policy in the resource slot
};

// The role and its compiled trust policy, cached until the account's IAM generation
// moves; nullopt when `arn` names no stored role.
Result<std::optional<Role>> load_role(Cloud& cloud, const Arn& arn);

}  // namespace jg::cloud::sts
