// SigV4 authentication of a request against the local cloud's secrets, as AWS does it:
// the request time (per protocol: S3's RequestTimeTooSkewed, the Query services'
// "Signature expired"), the access key, the signature over headers and payload hash, and
// the body itself (aws-chunked decoding with chunk signatures, Content-MD5,
// x-amz-checksum-crc32 and x-amz-content-sha256 checked when sent).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cloud/cloud.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "wire/http_message.hpp"
#include "wire/sigv4.hpp"

namespace jg::wire {

struct Authenticated {
    cloud::Credentials credentials;  // who signed (the cloud resolves the caller)
    std::string payload;             // the body, aws-chunked framing removed
    std::vector<Header> trailers;    // aws-chunked trailing headers (x-amz-checksum-crc32, …)
};

// Errors (AWS's codes): RequestTimeTooSkewed (S3) or SignatureDoesNotMatch "Signature
// expired: …" (Query services), AccessDenied "Request has expired" (presigned),
// InvalidClientTokenId, SignatureDoesNotMatch, XAmzContentSHA256Mismatch, BadDigest,
// InvalidDigest, IncompleteBody, EntityTooLarge (payload above `max_payload`).
[[nodiscard]] Result<Authenticated> authenticate(cloud::Cloud& cloud, const HttpRequest& request,
                                                 const SignatureClaim& claim, Time now, std::size_t max_payload);

// The request-time rule of the Query services (IAM, STS, CloudFormation): within 15
// minutes either way, else SignatureDoesNotMatch with AWS's "Signature expired: SIGNED is
// now earlier than NOW-15 (NOW - 15 min.)" / "Signature not yet current: …" wording.
[[nodiscard]] Result<void> check_query_request_time(const SignatureClaim& claim, Time now);

}  // namespace jg::wire
