// SigV4 authentication of a request against the local cloud's secrets, as AWS does it:
// the request time (per protocol: S3's RequestTimeTooSkewed, the Query services'
// "Signature expired"), the access key, every x-amz-* header signed (S3), the signature
// over headers and payload hash, and the body itself. The unsigned and streaming payload
// modes are S3's: for S3 the body is de-chunked (chunk signatures, the announced decoded
// length, only the checksum trailer x-amz-trailer names) and Content-MD5, every
// x-amz-checksum-* (header or trailer) and x-amz-content-sha256 are checked; for the
// Query services the signature always covers the SHA-256 of the body as received.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "cloud/cloud.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "wire/http_message.hpp"
#include "wire/sigv4.hpp"

namespace jg::wire {

struct Authenticated {
    cloud::Credentials credentials;  // who signed
    // The caller they resolve to (or why not), read with the secret: for Cloud::call_as.
    std::optional<Result<cloud::Caller>> caller;
    std::string payload;  // the body, aws-chunked framing removed (S3)
};

// Errors (AWS's codes): RequestTimeTooSkewed (S3) or SignatureDoesNotMatch "Signature
// expired: …" (Query services), AccessDenied "Request has expired" (presigned),
// InvalidClientTokenId, AccessDenied k_headers_not_signed (S3: unsigned x-amz-* headers;
// unsigned_amz_headers() names them), SignatureDoesNotMatch, XAmzContentSHA256Mismatch,
// BadDigest, InvalidDigest, InvalidRequest (a malformed checksum value),
// MissingContentLength (aws-chunked without x-amz-decoded-content-length),
// IncompleteBody (the decoded length differs), MalformedTrailerError (a trailer other
// than the one x-amz-trailer names), EntityTooLarge (payload above `max_payload`).
[[nodiscard]] Result<Authenticated> authenticate(cloud::Cloud& cloud, const HttpRequest& request,
                                                 const SignatureClaim& claim, Time now, std::size_t max_payload);

// The request-time rule of the Query services (IAM, STS, CloudFormation): within 15
// minutes either way, else SignatureDoesNotMatch with AWS's "Signature expired: SIGNED is
// now earlier than NOW-15 (NOW - 15 min.)" / "Signature not yet current: …" wording.
[[nodiscard]] Result<void> check_query_request_time(const SignatureClaim& claim, Time now);

}  // namespace jg::wire
