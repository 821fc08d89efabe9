// The integrity headers a request body may carry, checked the way S3 checks them:
// x-amz-content-sha256 (when it is a hash, not UNSIGNED-PAYLOAD or a STREAMING-* mode),
// Content-MD5 and the flexible checksums x-amz-checksum-crc32, -crc32c, -crc64nvme,
// -sha1 and -sha256, sent as headers or as an aws-chunked trailer. Each returns S3's
// error code and message.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "wire/sigv4.hpp"

namespace jg::wire {

// XAmzContentSHA256Mismatch when `header` is a hex SHA-256 that is not the body's;
// InvalidArgument when it is neither a hash nor a known mode.
Result<void> check_content_sha256(std::string_view header, std::string_view body);

// InvalidDigest when `header` is not the Base64 of 16 bytes, BadDigest on mismatch.
Result<void> check_content_md5(std::string_view header, std::string_view body);

// The flexible checksum algorithms S3 verifies, by the header that carries each.
struct ChecksumAlgorithm {
    std::string_view header;  // "x-amz-checksum-crc32"
    std::string_view name;    // "CRC32", as S3's messages name it
    std::size_t digest_size;  // bytes before Base64
};
// The algorithm whose header is `name` (any case), if it is one.
const ChecksumAlgorithm* checksum_algorithm(std::string_view name);

// The Base64 digest of `body` with `algorithm`.
std::string checksum_base64(const ChecksumAlgorithm& algorithm, std::string_view body);

// One checksum of `body`. InvalidRequest "Value for x-amz-checksum-crc32 header is
// invalid." (or "trailing header" for a trailer) when `value` is not the Base64 of a
// digest of the right size; BadDigest "The CRC32 you specified did not match the
// calculated checksum." on mismatch.
Result<void> check_checksum(const ChecksumAlgorithm& algorithm, std::string_view value, std::string_view body,
                            bool trailer = false);

// Convenience for CRC32 (header form).
Result<void> check_checksum_crc32(std::string_view value, std::string_view body);

// Every integrity header of `headers` against `body`: Content-MD5 and each
// x-amz-checksum-<algorithm> header. More than one checksum header is InvalidRequest
// ("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.").
Result<void> check_body_headers(std::span<const Header> headers, std::string_view body);

}  // namespace jg::wire
