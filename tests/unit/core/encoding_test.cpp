#include "core/encoding.hpp"

#include <gtest/gtest.h>

#include "core/random.hpp"

namespace jg {
namespace {

TEST(Encoding, HexRoundTrip) {
    EXPECT_EQ(hex_encode(std::string("\x00\xff\x10", 3)), "00ff10");
    EXPECT_EQ(*hex_decode("00FF10"), std::string("\x00\xff\x10", 3));
    EXPECT_FALSE(hex_decode("abc").has_value());
    auto bad = hex_decode("zz");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, "InvalidEncoding");
}

TEST(Encoding, Base64Rfc4648Vectors) {
    const std::pair<const char*, const char*> cases[] = {
        {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : cases) {
        EXPECT_EQ(base64_encode(plain), encoded);
        auto back = base64_decode(encoded);
        ASSERT_TRUE(back.has_value()) << encoded;
        EXPECT_EQ(*back, plain);
    }
}

TEST(Encoding, Base64RejectsMalformed) {
    for (const char* bad : {"Zg=", "Z===", "Zm9v!A==", "=Zm9", "Zg==Zg==", "Zm 9"})
        EXPECT_FALSE(base64_decode(bad).has_value()) << bad;
}

TEST(Encoding, Base32Rfc4648Vectors) {
    const std::pair<const char*, const char*> cases[] = {
        {"", ""},
        {"f", "MY======"},
        {"fo", "MZXQ===="},
        {"foo", "MZXW6==="},
        {"foob", "MZXW6YQ="},
        {"fooba", "MZXW6YTB"},
        {"foobar", "MZXW6YTBOI======"}};
    for (const auto& [plain, encoded] : cases) {
        EXPECT_EQ(base32_encode(plain), encoded);
        auto back = base32_decode(encoded);
        ASSERT_TRUE(back.has_value()) << encoded;
        EXPECT_EQ(*back, plain);
    }
    EXPECT_EQ(base32_encode("foobar", false), "MZXW6YTBOI");
    EXPECT_EQ(*base32_decode("mzxw6ytboi"), "foobar");
}

TEST(Encoding, Base32RejectsMalformed) {
    EXPECT_FALSE(base32_decode("MZXW6YT1").has_value());  // '1' is not in the alphabet
    EXPECT_FALSE(base32_decode("M").has_value());         // no whole byte
    EXPECT_FALSE(base32_decode("MZX").has_value());
}

TEST(Encoding, RandomRoundTrips) {
    SeededRandom random(7);
    for (std::size_t n = 0; n < 64; ++n) {
        const std::string bytes = random.bytes(n);
        EXPECT_EQ(*base64_decode(base64_encode(bytes)), bytes);
        EXPECT_EQ(*base32_decode(base32_encode(bytes)), bytes);
        EXPECT_EQ(*base32_decode(base32_encode(bytes, false)), bytes);
        EXPECT_EQ(*hex_decode(hex_encode(bytes)), bytes);
    }
}

TEST(Encoding, UriEncodeAsSigV4) {
    EXPECT_EQ(uri_encode("a b+c/d~e_f-g.h*"), "a%20b%2Bc%2Fd~e_f-g.h%2A");
    EXPECT_EQ(uri_encode("photos/2026 a.jpg", true), "photos/2026%20a.jpg");
    EXPECT_EQ(uri_encode("\xc3\xa9"), "%C3%A9");
    EXPECT_EQ(*uri_decode("a%20b%2Bc"), "a b+c");
    EXPECT_EQ(*uri_decode("a+b", true), "a b");
    EXPECT_EQ(*uri_decode("a+b"), "a+b");
    EXPECT_FALSE(uri_decode("%2").has_value());
    EXPECT_FALSE(uri_decode("%zz").has_value());
    EXPECT_FALSE(uri_decode("abc%").has_value());
}

}  // namespace
}  // namespace jg
