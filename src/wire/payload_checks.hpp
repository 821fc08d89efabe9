// The integrity headers a request body may carry, checked the way S3 checks them:
// x-amz-content-sha256 (when it is a hash, not UNSIGNED-PAYLOAD or a STREAMING-* mode),
// Content-MD5 and x-amz-checksum-crc32. Each returns S3's error code and message.
#pragma once

#include <string_view>

#include "core/error.hpp"

namespace jg::wire {

// XAmzContentSHA256Mismatch when `header` is a hex SHA-256 that is not the body's;
// InvalidArgument when it is neither a hash nor a known mode.
Result<void> check_content_sha256(std::string_view header, std::string_view body);

// InvalidDigest when `header` is not the Base64 of 16 bytes, BadDigest on mismatch.
Result<void> check_content_md5(std::string_view header, std::string_view body);

// InvalidRequest when `value` is not the Base64 of 4 bytes, BadDigest on mismatch.
Result<void> check_checksum_crc32(std::string_view value, std::string_view body);

}  // namespace jg::wire
