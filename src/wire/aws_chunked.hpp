// The aws-chunked content encoding of S3 uploads: a body cut into chunks, each with its
// size in hex and, for STREAMING-AWS4-HMAC-SHA256-PAYLOAD, a signature chained from the
// request's own (the "seed"); STREAMING-UNSIGNED-PAYLOAD-TRAILER sends unsigned chunks
// followed by trailing headers such as x-amz-checksum-crc32;
// STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER sends signed chunks followed by trailing
// headers and their x-amz-trailer-signature, chained from the final chunk's signature.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "wire/sigv4.hpp"

namespace jg::wire {

// What verifying signed chunks needs, all known once the request's signature is checked.
struct ChunkSigning {
    std::string signing_key;  // signing_key(secret, scope)
    std::string amz_date;
    CredentialScope scope;
    std::string seed_signature;  // the request's Authorization signature
    // STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: trailing headers may follow the final
    // chunk, signed by an x-amz-trailer-signature line (required when any trailer is sent).
    bool trailer = false;
};

struct DecodedBody {
    std::string payload;
    std::vector<Header> trailers;  // names as sent (never the x-amz-trailer-signature)
};

// The x-amz-trailer-signature of `trailers` (AWS4-HMAC-SHA256-TRAILER): the string to sign
// names the date, the scope, the final chunk's signature and the SHA-256 of the trailers'
// canonical form ("name:value\n" each, names lower-cased, values trimmed, sorted by name).
std::string trailer_signature(std::string_view signing_key, std::string_view amz_date,
                              const CredentialScope& scope, std::string_view previous_signature,
                              const std::vector<Header>& trailers);

// Decodes a complete aws-chunked body. With `signing`, every chunk (the final empty one
// included) must carry a chunk-signature that matches, and trailing headers may follow
// only when `signing->trailer` says so, with a matching x-amz-trailer-signature as their
// last line; without `signing`, chunk signatures are not expected and trailing headers
// may follow the final chunk. Errors: IncompleteBody (truncated), InvalidRequest
// (malformed framing), IncompleteSignature (a chunk without its signature),
// SignatureDoesNotMatch (a chunk's signature; the trailers' signature wrong or missing),
// EntityTooLarge (more than `max_payload` decoded bytes).
Result<DecodedBody> decode_aws_chunked(std::string_view body, const ChunkSigning* signing,
                                       std::size_t max_payload);

// Encoders, for the HTTP client and tests: signed chunks of `chunk_size` bytes (followed
// by `trailers` and their x-amz-trailer-signature when there are any), or unsigned chunks
// followed by `trailers`.
std::string encode_aws_chunked_signed(std::string_view payload, std::size_t chunk_size,
                                      const ChunkSigning& signing, const std::vector<Header>& trailers = {});
std::string encode_aws_chunked_unsigned(std::string_view payload, std::size_t chunk_size,
                                        const std::vector<Header>& trailers);

}  // namespace jg::wire
