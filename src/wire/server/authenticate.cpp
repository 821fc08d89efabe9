#include "wire/server/authenticate.hpp"

#include "core/strings.hpp"
#include "wire/aws_chunked.hpp"
#include "wire/payload_checks.hpp"

namespace jg::wire {

namespace {

constexpr std::string_view k_streaming_signed_trailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";

Unexpected too_large(std::size_t size, std::size_t max_payload) {
    return fail("EntityTooLarge", "request body of " + std::to_string(size) + " bytes exceeds jumpgate's limit of " +
                                      std::to_string(max_payload) + " bytes");
}

// The checksums a body may carry in headers or aws-chunked trailers.
Result<void> check_body_digests(const HttpRequest& request, const std::vector<Header>& trailers,
                                std::string_view payload) {
    if (auto md5 = request.header("content-md5"))
        if (auto ok = check_content_md5(*md5, payload); !ok) return ok;
    std::optional<std::string_view> crc = request.header("x-amz-checksum-crc32");
    for (const auto& t : trailers)
        if (to_lower(t.name) == "x-amz-checksum-crc32") crc = t.value;
    if (crc)
        if (auto ok = check_checksum_crc32(*crc, payload); !ok) return ok;
    return {};
}

}  // namespace

Result<void> check_query_request_time(const SignatureClaim& claim, Time now) {
    if (claim.presigned) return check_request_time(claim, now);
    if (now - claim.time > k_max_clock_skew)
        return fail("SignatureDoesNotMatch", "Signature expired: " + claim.amz_date + " is now earlier than " +
                                                 format_amz_date(now - k_max_clock_skew) + " (" + format_amz_date(now) +
                                                 " - 15 min.)");
    if (claim.time - now > k_max_clock_skew)
        return fail("SignatureDoesNotMatch", "Signature not yet current: " + claim.amz_date +
                                                 " is still later than " + format_amz_date(now + k_max_clock_skew) +
                                                 " (" + format_amz_date(now) + " + 15 min.)");
    return {};
}

Result<Authenticated> authenticate(cloud::Cloud& cloud, const HttpRequest& request, const SignatureClaim& claim,
                                   Time now, std::size_t max_payload) {
    // 1. The request time, as each protocol words it.
    const bool s3 = claim.scope.service == "s3";
    if (auto ok = s3 ? check_request_time(claim, now) : check_query_request_time(claim, now); !ok)
        return Unexpected(ok.error());

    // 2. The access key (and session token) must be known: its secret signs the request.
    Authenticated out;
    out.credentials = cloud::Credentials{claim.access_key_id, claim.session_token};
    auto secret = cloud.secret_for(out.credentials);
    if (!secret) return Unexpected(secret.error());

    // 3. The signature over the request, with the payload hash the client declared.
    const std::string payload_hash = signed_payload_hash(request, claim, request.body);
    if (auto ok = check_content_sha256(payload_hash, request.body); !ok) return Unexpected(ok.error());
    if (auto ok = verify_signature(request, claim, *secret, payload_hash); !ok) return Unexpected(ok.error());

    // 4. The body: aws-chunked framing removed (each chunk's signature checked when the
    //    chunks are signed), then the digests the client sent.
    std::vector<Header> trailers;
    if (payload_hash == k_streaming_signed_payload || payload_hash == k_streaming_signed_trailer) {
        ChunkSigning signing{signing_key(*secret, claim.scope), claim.amz_date, claim.scope, to_lower(claim.signature)};
        auto decoded = decode_aws_chunked(request.body, &signing, max_payload);
        if (!decoded) return Unexpected(decoded.error());
        out.payload = std::move(decoded->payload);
        trailers = std::move(decoded->trailers);
    } else if (payload_hash == k_streaming_unsigned_trailer) {
        auto decoded = decode_aws_chunked(request.body, nullptr, max_payload);
        if (!decoded) return Unexpected(decoded.error());
        out.payload = std::move(decoded->payload);
        trailers = std::move(decoded->trailers);
    } else {
        if (request.body.size() > max_payload) return too_large(request.body.size(), max_payload);
        out.payload = request.body;
    }
    if (auto ok = check_body_digests(request, trailers, out.payload); !ok) return Unexpected(ok.error());
    out.trailers = std::move(trailers);
    return out;
}

}  // namespace jg::wire
