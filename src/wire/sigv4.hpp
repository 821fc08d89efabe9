// AWS Signature Version 4: the canonical request, the string to sign, the signing key,
// signing a request (Authorization header or presigned query string, as botocore does)
// and verifying one (as AWS does). Pure functions over a plain request: no HTTP, no
// clock — callers pass the time in, so tests and the server share the same code.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace jg::wire {

inline constexpr std::string_view k_sigv4_algorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view k_unsigned_payload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view k_streaming_signed_payload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view k_streaming_unsigned_trailer =
    "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
inline constexpr std::string_view k_empty_sha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
// The longest validity of a presigned URL (7 days) and the allowed clock skew.
inline constexpr std::int64_t k_max_presign_seconds = 604800;
inline constexpr std::chrono::minutes k_max_clock_skew{15};

struct Header {
    std::string name;  // any case
    std::string value;
};

// What SigV4 reads of an HTTP request.
struct SignableRequest {
    std::string method;
    std::string path;   // as on the wire: percent-encoded, without the query
    std::string query;  // as on the wire, without '?'
    std::vector<Header> headers;

    // Values of every header named `name` (case-insensitive), in order.
    std::vector<std::string_view> header_values(std::string_view name) const;
    // The first value of `name`, if any.
    std::optional<std::string_view> header(std::string_view name) const;
};

struct Credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;  // empty for long-term keys
};

struct CredentialScope {
    std::string date;  // YYYYMMDD
    std::string region;
    std::string service;
    std::string str() const;  // DATE/REGION/SERVICE/aws4_request
};

// Query string (or form body) parameters, percent-decoded ('+' as a space), in order of
// appearance; empty pieces are skipped. Error "InvalidQueryString" for a malformed escape.
Result<std::vector<std::pair<std::string, std::string>>> decode_query_string(std::string_view raw);

// ---- the algorithm's pieces (exposed for tests and diagnostics) ----

// S3 signs the path as sent (each segment URI-encoded once); every other service signs
// the path with dot segments and empty segments removed, URI-encoded again.
std::string canonical_uri(std::string_view raw_path, bool s3);
// Parameters decoded ('+' as a space), re-encoded with SigV4's encoding and sorted by
// name then value; with `presigned`, X-Amz-Signature is left out. Error
// "InvalidQueryString" for a malformed percent escape.
Result<std::string> canonical_query(std::string_view raw_query, bool presigned);
// Lower-case names sorted and joined with ';' (what SignedHeaders holds).
std::string signed_headers_list(std::vector<std::string> names);
// "name:value\n" for each signed header, values trimmed with inner runs of whitespace
// collapsed, repeated headers joined with ','. Error "SignatureDoesNotMatch" when a signed
// header is absent from the request.
Result<std::string> canonical_headers(const SignableRequest& request,
                                      const std::vector<std::string>& signed_names);
Result<std::string> canonical_request(const SignableRequest& request,
                                      const std::vector<std::string>& signed_names,
                                      std::string_view payload_hash, bool s3, bool presigned);
std::string string_to_sign(std::string_view amz_date, const CredentialScope& scope,
                           std::string_view canonical_request);
std::string signing_key(std::string_view secret_access_key, const CredentialScope& scope);
std::string signature_hex(std::string_view signing_key, std::string_view string_to_sign);

// ---- signing (client side, botocore's behaviour) ----

struct SignOptions {
    std::string region;
    std::string service;
    Time time;
    // Hex SHA-256 of the body, or UNSIGNED-PAYLOAD. For S3 it is also sent as
    // x-amz-content-sha256.
    std::string payload_hash = std::string(k_empty_sha256);
};

// Adds X-Amz-Date, X-Amz-Security-Token (temporary credentials), x-amz-content-sha256
// (S3) and Authorization. Every header present is signed except hop-by-hop ones and
// User-Agent/Expect; a Host header must be present.
Result<void> sign_request(SignableRequest& request, const Credentials& credentials,
                          const SignOptions& options);

// Appends the presigning parameters and X-Amz-Signature to the request's query. S3
// presigned URLs sign UNSIGNED-PAYLOAD, other services the body hash in `options`.
Result<void> presign_request(SignableRequest& request, const Credentials& credentials,
                             const SignOptions& options, std::int64_t expires_seconds);

// ---- verification (server side) ----

// What a signed request claims, read from its Authorization header or its query.
struct SignatureClaim {
    bool presigned = false;
    std::string access_key_id;
    CredentialScope scope;
    std::vector<std::string> signed_headers;
    std::string signature;
    std::string amz_date;  // the request time as signed (basic ISO 8601)
    Time time;
    std::int64_t expires_seconds = 0;  // presigned only
    std::string session_token;         // X-Amz-Security-Token, if sent
};

// Errors: MissingAuthenticationToken (no signature at all), IncompleteSignature
// (malformed Authorization, credential, date or signed headers),
// AuthorizationQueryParametersError (malformed presigned parameters).
Result<SignatureClaim> parse_signature(const SignableRequest& request);

// The payload hash the signature must cover. S3: x-amz-content-sha256 when sent (a hash,
// UNSIGNED-PAYLOAD or a STREAMING-* mode), UNSIGNED-PAYLOAD for presigned URLs, else the
// SHA-256 of `body`. Every other service: always the SHA-256 of `body` — the unsigned
// and streaming modes are S3's alone, so a body outside the signature does not verify.
std::string signed_payload_hash(const SignableRequest& request, const SignatureClaim& claim,
                                std::string_view body);

// S3's refusal of a request carrying x-amz-* headers its signature does not cover
// (AccessDenied, with the names in a HeadersNotSigned element).
inline constexpr std::string_view k_headers_not_signed =
    "There were headers present in the request which were not signed";

// The x-amz-* headers of `request` that `claim` does not sign, lower-case, sorted, each
// once. x-amz-content-sha256 is not counted: its value is the payload-hash line of the
// canonical request, so it cannot change without breaking the signature.
std::vector<std::string> unsigned_amz_headers(const SignableRequest& request, const SignatureClaim& claim);

// Recomputes the signature with `secret_access_key` and compares in constant time.
// Error SignatureDoesNotMatch, with AWS's message.
Result<void> verify_signature(const SignableRequest& request, const SignatureClaim& claim,
                              std::string_view secret_access_key, std::string_view payload_hash);

// Header-signed requests must be within 15 minutes of `now` (RequestTimeTooSkewed);
// presigned ones must not have expired (AccessDenied "Request has expired").
Result<void> check_request_time(const SignatureClaim& claim, Time now);

// ---- aws-chunked bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) ----

// The signature of one chunk, chained from the previous one (the seed signature for the
// first chunk); the final chunk is empty.
std::string chunk_signature(std::string_view signing_key, std::string_view amz_date,
                            const CredentialScope& scope, std::string_view previous_signature,
                            std::string_view chunk_data);

}  // namespace jg::wire
