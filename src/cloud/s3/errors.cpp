#include "cloud/s3/errors.hpp"

#include <array>
#include <utility>

namespace jg::cloud::s3 {
namespace {

// From the "List of error codes" of S3's API reference.
constexpr std::array<std::pair<std::string_view, int>, 19> k_statuses{{
    {"AccessDenied", 403},
    {"BucketAlreadyExists", 409},
    {"BucketAlreadyOwnedByYou", 409},
    {"BucketNotEmpty", 409},
    {"EntityTooLarge", 400},
    {"IllegalLocationConstraintException", 400},
    {"InternalError", 500},
    {"InvalidArgument", 400},
    {"InvalidBucketName", 400},
    {"InvalidLocationConstraint", 400},
    {"InvalidRequest", 400},
    {"KeyTooLongError", 400},
    {"MalformedPolicy", 400},
    {"MetadataTooLarge", 400},
    {"MethodNotAllowed", 405},
    {"NoSuchBucket", 404},
    {"NoSuchBucketPolicy", 404},
    {"NoSuchKey", 404},
    {"ValidationError", 400},
}};

}  // namespace

int http_status(std::string_view code) {
    for (const auto& [c, status] : k_statuses)
        if (c == code) return status;
    return 0;
}

}  // namespace jg::cloud::s3
