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

std::string message(const Result<void>& r) { return r ? "" : r.error().message; }

TEST(PayloadChecks, EveryChecksumAlgorithm) {
    // The catalogue check values of "123456789" (CRC-32C 0xE3069283, CRC-64/NVME
    // 0xAE8B14860A799888), and SHA-1/SHA-256 digests, as S3 sends them: big-endian, Base64.
    const std::string body = "123456789";
    const auto* crc32c = checksum_algorithm("X-Amz-Checksum-CRC32C");
    const auto* crc64 = checksum_algorithm("x-amz-checksum-crc64nvme");
    const auto* sha1a = checksum_algorithm("x-amz-checksum-sha1");
    const auto* sha256a = checksum_algorithm("x-amz-checksum-sha256");
    ASSERT_TRUE(crc32c && crc64 && sha1a && sha256a);
    EXPECT_EQ(checksum_algorithm("x-amz-checksum-md5"), nullptr);
    EXPECT_EQ(checksum_base64(*crc32c, body), base64_encode(std::string("\xE3\x06\x92\x83", 4)));
    EXPECT_EQ(checksum_base64(*crc64, body), base64_encode(std::string("\xAE\x8B\x14\x86\x0A\x79\x98\x88", 8)));
    EXPECT_EQ(checksum_base64(*sha1a, body), base64_encode(sha1(body)));
    EXPECT_EQ(checksum_base64(*sha256a, body), base64_encode(sha256(body)));
    for (const auto* a : {crc32c, crc64, sha1a, sha256a}) {
        EXPECT_EQ(code(check_checksum(*a, checksum_base64(*a, body), body)), "ok") << a->name;
        // Attack of issue 15 item 7: a wrong checksum (header or trailer) was accepted.
        const auto wrong = check_checksum(*a, checksum_base64(*a, "other"), body);
        EXPECT_EQ(code(wrong), "BadDigest");
        EXPECT_EQ(message(wrong), "The " + std::string(a->name) + " you specified did not match the calculated checksum.");
        EXPECT_EQ(code(check_checksum(*a, "AAAA", body)), "InvalidRequest");
    }
    EXPECT_EQ(message(check_checksum(*sha256a, "AAAA", body)), "Value for x-amz-checksum-sha256 header is invalid.");
    EXPECT_EQ(message(check_checksum(*sha256a, "AAAA", body, true)),
              "Value for x-amz-checksum-sha256 trailing header is invalid.");
}

TEST(PayloadChecks, BodyHeaders) {
    const std::string body = "123456789";
    const std::vector<Header> none = {{"Content-Type", "text/plain"}, {"x-amz-checksum-type", "FULL_OBJECT"}};
    EXPECT_EQ(code(check_body_headers(none, body)), "ok");
    const std::vector<Header> good = {{"X-Amz-Checksum-Sha1", base64_encode(sha1(body))}};
    EXPECT_EQ(code(check_body_headers(good, body)), "ok");
    const std::vector<Header> bad = {{"x-amz-checksum-sha256", base64_encode(sha256("x"))}};
    EXPECT_EQ(code(check_body_headers(bad, body)), "BadDigest");
    const std::vector<Header> bad_md5 = {{"Content-MD5", base64_encode(md5("x"))}};
    EXPECT_EQ(code(check_body_headers(bad_md5, body)), "BadDigest");
    const std::vector<Header> two = {{"x-amz-checksum-crc32", "y/Q5Jg=="}, {"x-amz-checksum-sha1", base64_encode(sha1(body))}};
    EXPECT_EQ(message(check_body_headers(two, body)),
              "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
}

}  // namespace
}  // namespace jg::wire
