#include "wire/payload_checks.hpp"

#include <gtest/gtest.h>

#include "core/encoding.hpp"
#include "core/hash.hpp"

namespace jg::wire {
namespace {

std::string code(const Result<void>& r) { return r ? "ok" : r.error().code; }

TEST(PayloadChecks, ContentSha256) {
    const std::string body = "Welcome to Amazon S3.";
    EXPECT_EQ(code(check_content_sha256("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072", body)), "ok");
    EXPECT_EQ(code(check_content_sha256("44CE7DD67C959E0D3524FFAC1771DFBBA87D2B6B4B4E99E42034A8B803F8B072", body)), "ok");
    EXPECT_EQ(code(check_content_sha256(sha256_hex("other"), body)), "XAmzContentSHA256Mismatch");
    EXPECT_EQ(code(check_content_sha256("UNSIGNED-PAYLOAD", body)), "ok");
    EXPECT_EQ(code(check_content_sha256("STREAMING-UNSIGNED-PAYLOAD-TRAILER", body)), "ok");
    EXPECT_EQ(code(check_content_sha256("abc", body)), "InvalidArgument");
}

TEST(PayloadChecks, ContentMd5) {
    // Content-MD5 of the empty body, as the aws CLI sends it.
    EXPECT_EQ(code(check_content_md5("1B2M2Y8AsgTpgAmY7PhCfg==", "")), "ok");
    EXPECT_EQ(code(check_content_md5("1B2M2Y8AsgTpgAmY7PhCfg==", "x")), "BadDigest");
    EXPECT_EQ(code(check_content_md5("not base64!", "")), "InvalidDigest");
    EXPECT_EQ(code(check_content_md5(base64_encode("short"), "")), "InvalidDigest");
}

TEST(PayloadChecks, ChecksumCrc32) {
    EXPECT_EQ(code(check_checksum_crc32("y/Q5Jg==", "123456789")), "ok");
    EXPECT_EQ(code(check_checksum_crc32("y/Q5Jg==", "12345678")), "BadDigest");
    EXPECT_EQ(code(check_checksum_crc32("y/Q5", "123456789")), "InvalidRequest");
    EXPECT_EQ(code(check_checksum_crc32("", "")), "InvalidRequest");
}

}  // namespace
}  // namespace jg::wire
