#include "cloud/s3/errors.hpp"

#include <array>
#include <utility>

namespace jg::cloud::s3 {
namespace {

// From the "List of error codes" of S3's API reference (also the signature and integrity
// errors the wire layer answers for S3).
constexpr std::array<std::pair<std::string_view, int>, 36> k_statuses{{
    {"AccessDenied", 403},
    {"AuthorizationHeaderMalformed", 400},
    {"AuthorizationQueryParametersError", 400},
    {"BadDigest", 400},
    {"BucketAlreadyExists", 409},
    {"BucketAlreadyOwnedByYou", 409},
    {"BucketNotEmpty", 409},
    {"EntityTooLarge", 400},
    {"ExpiredToken", 400},
    {"IllegalLocationConstraintException", 400},
    {"IncompleteBody", 400},
    {"InternalError", 500},
    {"InvalidAccessKeyId", 403},
    {"InvalidArgument", 400},
    {"InvalidBucketName", 400},
    {"InvalidDigest", 400},
    {"InvalidLocationConstraint", 400},
    {"InvalidRange", 416},
    {"InvalidRequest", 400},
    {"InvalidToken", 400},
    {"InvalidURI", 400},
    {"KeyTooLongError", 400},
    {"MalformedPolicy", 400},
    {"MalformedXML", 400},
    {"MetadataTooLarge", 400},
    {"MethodNotAllowed", 405},
    {"MissingContentLength", 411},
    {"NoSuchBucket", 404},
    {"NoSuchBucketPolicy", 404},
    {"NoSuchKey", 404},
    {"NotImplemented", 501},
    {"PreconditionFailed", 412},
    {"RequestTimeTooSkewed", 403},
    {"SignatureDoesNotMatch", 403},
    {"ValidationError", 400},
    {"XAmzContentSHA256Mismatch", 400},
}};

}  // namespace

int http_status(std::string_view code) {
    for (const auto& [c, status] : k_statuses)
        if (c == code) return status;
    return 0;
}

}  // namespace jg::cloud::s3
