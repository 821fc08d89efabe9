#include "cloud/operations.hpp"

#include <array>

#include "cloud/iam/iam.hpp"
#include "cloud/s3/s3.hpp"
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
    Operation{"s3", "CopyObject", s3::copy_object},
    Operation{"s3", "CreateBucket", s3::create_bucket},
    Operation{"s3", "DeleteBucket", s3::delete_bucket},
    Operation{"s3", "DeleteBucketPolicy", s3::delete_bucket_policy},
    Operation{"s3", "DeleteObject", s3::delete_object},
    Operation{"s3", "GetBucketLocation", s3::get_bucket_location},
    Operation{"s3", "GetBucketPolicy", s3::get_bucket_policy},
    Operation{"s3", "GetObject", s3::get_object},
    Operation{"s3", "HeadBucket", s3::head_bucket},
    Operation{"s3", "HeadObject", s3::head_object},
    Operation{"s3", "ListBuckets", s3::list_buckets},
    Operation{"s3", "ListObjectsV2", s3::list_objects_v2},
    Operation{"s3", "PutBucketPolicy", s3::put_bucket_policy},
    Operation{"s3", "PutObject", s3::put_object},
};

}  // namespace

std::span<const Operation> operations() { return k_operations; }

const Operation* find_operation(std::string_view service, std::string_view action) {
    for (const Operation& op : k_operations)
        if (op.service == service && op.action == action) return &op;
    return nullptr;
}

}  // namespace jg::cloud
