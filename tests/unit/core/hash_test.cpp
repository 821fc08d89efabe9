#include "core/hash.hpp"

#include <gtest/gtest.h>

#include "core/encoding.hpp"

namespace jg {
namespace {

TEST(Hash, Sha256KnownAnswers) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256("abc").size(), 32u);
}

TEST(Hash, IncrementalSha256MatchesOneShot) {
    Sha256 h;
    h.update("ab");
    h.update("");
    h.update("c");
    EXPECT_EQ(hex_encode(h.finish()), sha256_hex("abc"));
    // After finish the hasher starts over.
    h.update("abc");
    EXPECT_EQ(h.finish(), sha256("abc"));
}

TEST(Hash, HmacSha256Rfc4231) {
    // RFC 4231 test cases 1 and 2.
    EXPECT_EQ(hex_encode(hmac_sha256(std::string(20, '\x0b'), "Hi There")),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    EXPECT_EQ(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 6: a key longer than the block size is hashed first.
    EXPECT_EQ(hex_encode(hmac_sha256(std::string(131, '\xaa'),
                                     "Test Using Larger Than Block-Size Key - Hash Key First")),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    // An empty key is valid HMAC input.
    EXPECT_EQ(hex_encode(hmac_sha256("", "")),
              "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(Hash, HmacSha1Rfc2202) {
    EXPECT_EQ(hex_encode(hmac_sha1("Jefe", "what do ya want for nothing?")),
              "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    EXPECT_EQ(hex_encode(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(Hash, Md5AsS3ETag) {
    EXPECT_EQ(hex_encode(md5("")), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(hex_encode(md5("abc")), "900150983cd24fb0d6963f7d28e17f72");
    // Content-MD5 is the Base64 of the raw digest.
    EXPECT_EQ(base64_encode(md5("")), "1B2M2Y8AsgTpgAmY7PhCfg==");
}

TEST(Hash, Crc32) {
    EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
    EXPECT_EQ(crc32(""), 0u);
    EXPECT_EQ(crc32_update(crc32("1234"), "56789"), crc32("123456789"));
    // zlib.crc32(b'123456789').to_bytes(4, 'big'), Base64-encoded.
    EXPECT_EQ(crc32_base64("123456789"), "y/Q5Jg==");
    EXPECT_EQ(crc32_base64(""), "AAAAAA==");
}

TEST(Hash, ConstantTimeEquals) {
    EXPECT_TRUE(constant_time_equals("", ""));
    EXPECT_TRUE(constant_time_equals("abc", "abc"));
    EXPECT_FALSE(constant_time_equals("abc", "abd"));
    EXPECT_FALSE(constant_time_equals("abc", "ab"));
}

}  // namespace
}  // namespace jg
