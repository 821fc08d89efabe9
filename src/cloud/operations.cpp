#include "cloud/operations.hpp"

#include <array>

#include "cloud/iam/iam.hpp"
#include "cloud/sts/sts.hpp"

namespace jg::cloud {

namespace {

// One line per operation. Each service keeps its own block; keep a block's lines sorted
// by action name.
constexpr std::array k_operations{
    // --- iam ---------------------------------------------------------------------
    Operation{"iam", "CreateUser", iam::create_user},
    Operation{"iam", "GetUser", iam::get_user},

    // --- iam: credentials, MFA, account (helper iamcred) -------------------------

    // --- sts ---------------------------------------------------------------------
    Operation{"sts", "GetCallerIdentity", sts::get_caller_identity},

    // --- s3 (helper s3) ----------------------------------------------------------
};

}  // namespace

std::span<const Operation> operations() { return k_operations; }

const Operation* find_operation(std::string_view service, std::string_view action) {
    for (const Operation& op : k_operations)
        if (op.service == service && op.action == action) return &op;
    return nullptr;
}

}  // namespace jg::cloud
