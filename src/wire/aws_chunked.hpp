// The aws-chunked content encoding of S3 uploads: a body cut into chunks, each with its
// size in hex and, for STREAMING-AWS4-HMAC-SHA256-PAYLOAD, a signature chained from the
// request's own (the "seed"); STREAMING-UNSIGNED-PAYLOAD-TRAILER sends unsigned chunks
// followed by trailing headers such as x-amz-checksum-crc32.
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
};

struct DecodedBody {
    std::string payload;
    std::vector<Header> trailers;  // names as sent
};

// Decodes a complete aws-chunked body. With `signing`, every chunk (the final empty one
// included) must carry a chunk-signature that matches; without it, chunk signatures are
// not expected and trailing headers may follow the final chunk. Errors: IncompleteBody
// (truncated), InvalidRequest (malformed framing), SignatureDoesNotMatch (a chunk's
// signature), EntityTooLarge (more than `max_payload` decoded bytes).
Result<DecodedBody> decode_aws_chunked(std::string_view body, const ChunkSigning* signing,
                                       std::size_t max_payload);

// Encoders, for the HTTP client and tests: signed chunks of `chunk_size` bytes, or
// unsigned chunks followed by `trailers`.
std::string encode_aws_chunked_signed(std::string_view payload, std::size_t chunk_size,
                                      const ChunkSigning& signing);
std::string encode_aws_chunked_unsigned(std::string_view payload, std::size_t chunk_size,
                                        const std::vector<Header>& trailers);

}  // namespace jg::wire
