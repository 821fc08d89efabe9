#include "wire/payload_checks.hpp"

#include "core/encoding.hpp"
#include "core/hash.hpp"
#include "core/strings.hpp"
#include "wire/sigv4.hpp"

namespace jg::wire {

namespace {
bool is_hex64(std::string_view s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    return true;
}
}  // namespace

Result<void> check_content_sha256(std::string_view header, std::string_view body) {
    if (header == k_unsigned_payload || header.starts_with("STREAMING-")) return {};
    if (!is_hex64(header))
        return fail("InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                                       "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                                       "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, "
                                       "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.");
    if (to_lower(header) != sha256_hex(body))
        return fail("XAmzContentSHA256Mismatch",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
    return {};
}

Result<void> check_content_md5(std::string_view header, std::string_view body) {
    auto digest = base64_decode(header);
    if (!digest || digest->size() != 16)
        return fail("InvalidDigest", "The Content-MD5 you specified was invalid.");
    if (!constant_time_equals(*digest, md5(body)))
        return fail("BadDigest", "The Content-MD5 you specified did not match what we received.");
    return {};
}

Result<void> check_checksum_crc32(std::string_view value, std::string_view body) {
    auto digest = base64_decode(value);
    if (!digest || digest->size() != 4)
        return fail("InvalidRequest", "Value for x-amz-checksum-crc32 header is invalid.");
    if (base64_encode(*digest) != crc32_base64(body))
        return fail("BadDigest", "The CRC32 you specified did not match the calculated checksum.");
    return {};
}

}  // namespace jg::wire
