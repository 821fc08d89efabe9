#include "wire/server/authenticate.hpp"

#include <charconv>

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

Unexpected malformed_trailer() {
    return fail("MalformedTrailerError",
                "The request contained trailing data that was not well-formed or did not conform to our published "
                "schema.");
}

// x-amz-decoded-content-length: the payload's length, which the aws-chunked body must
// match. Absent or not a number: S3's 411 MissingContentLength.
Result<std::size_t> decoded_content_length(const HttpRequest& request) {
    const auto text = request.header("x-amz-decoded-content-length");
    std::size_t n = 0;
    if (text) {
        const std::string value = trim(*text);
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (!value.empty() && ec == std::errc{} && end == value.data() + value.size()) return n;
    }
    return fail("MissingContentLength", "You must provide the Content-Length HTTP header.");
}

// The aws-chunked trailers S3 accepts: exactly the one checksum named in x-amz-trailer,
// nothing else (a trailer never becomes a request header). Returns that checksum's
// algorithm and value, or nothing when no trailer was announced.
Result<std::optional<std::pair<const ChecksumAlgorithm*, std::string>>> checked_trailer(
    const HttpRequest& request, const std::vector<Header>& trailers) {
    const auto announced = request.header("x-amz-trailer");
    if (!announced || trim(*announced).empty()) {
        if (!trailers.empty()) return malformed_trailer();
        return std::nullopt;
    }
    const ChecksumAlgorithm* algorithm = checksum_algorithm(trim(*announced));
    if (!algorithm)
        return fail("InvalidRequest", "The value specified in the x-amz-trailer header is not supported");
    if (trailers.size() != 1 || !iequals(trailers.front().name, algorithm->header)) return malformed_trailer();
    return std::make_optional(std::make_pair(algorithm, trailers.front().value));
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
    auto signer = cloud.signer(out.credentials);
    if (!signer) return Unexpected(signer.error());
    out.caller = std::move(signer->caller);
    const std::string* secret = &signer->secret;

    // 3. S3 obeys x-amz-* headers (x-amz-copy-source, x-amz-meta-*, x-amz-acl, …): each
    //    one present must be covered by the signature, header-signed or presigned alike.
    //    The Query services read their input from the signed body or query only.
    if (s3 && !unsigned_amz_headers(request, claim).empty())
        return fail("AccessDenied", std::string(k_headers_not_signed));

    // 4. The signature over the request, with the payload hash the client declared (S3)
    //    or the body's own hash (every other service).
    const std::string payload_hash = signed_payload_hash(request, claim, request.body);
    if (s3)
        if (auto ok = check_content_sha256(payload_hash, request.body); !ok) return Unexpected(ok.error());
    if (auto ok = verify_signature(request, claim, *secret, payload_hash); !ok) return Unexpected(ok.error());

    // 5. The body: aws-chunked framing removed (each chunk's signature checked when the
    //    chunks are signed, and the trailer's x-amz-trailer-signature in the signed trailer
    //    mode; the length checked against x-amz-decoded-content-length, the trailer checked
    //    against x-amz-trailer), then the digests the client sent.
    std::optional<std::pair<const ChecksumAlgorithm*, std::string>> trailer;
    const bool signed_chunks = payload_hash == k_streaming_signed_payload || payload_hash == k_streaming_signed_trailer;
    if (s3 && (signed_chunks || payload_hash == k_streaming_unsigned_trailer)) {
        auto announced = decoded_content_length(request);
        if (!announced) return Unexpected(announced.error());
        ChunkSigning signing{signing_key(*secret, claim.scope), claim.amz_date, claim.scope, to_lower(claim.signature),
                             payload_hash == k_streaming_signed_trailer};
        auto decoded = decode_aws_chunked(request.body, signed_chunks ? &signing : nullptr, max_payload);
        if (!decoded) return Unexpected(decoded.error());
        if (decoded->payload.size() != *announced)
            return fail("IncompleteBody", "The request body terminated unexpectedly");
        auto checked = checked_trailer(request, decoded->trailers);
        if (!checked) return Unexpected(checked.error());
        trailer = std::move(*checked);
        out.payload = std::move(decoded->payload);
    } else {
        if (request.body.size() > max_payload) return too_large(request.body.size(), max_payload);
        out.payload = request.body;
    }
    if (s3) {
        if (auto ok = check_body_headers(request.headers, out.payload); !ok) return Unexpected(ok.error());
        if (trailer)
            if (auto ok = check_checksum(*trailer->first, trailer->second, out.payload, true); !ok)
                return Unexpected(ok.error());
    }
    return out;
}

}  // namespace jg::wire
