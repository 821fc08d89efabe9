#include "core/qr.hpp"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>

#include <gtest/gtest.h>

#include "core/encoding.hpp"
#include "core/random.hpp"
#include "core/totp.hpp"

namespace jg {
namespace {

std::uint32_t be32(const std::string& s, size_t at) {
    return (std::uint32_t(static_cast<unsigned char>(s[at])) << 24) |
           (std::uint32_t(static_cast<unsigned char>(s[at + 1])) << 16) |
           (std::uint32_t(static_cast<unsigned char>(s[at + 2])) << 8) |
           std::uint32_t(static_cast<unsigned char>(s[at + 3]));
}

std::string run(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return "<popen failed>";
    std::string out;
    std::array<char, 512> buf{};
    while (fgets(buf.data(), buf.size(), pipe.get()) != nullptr) out += buf.data();
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

TEST(Qr, OtpauthUriFollowsTheKeyUriFormat) {
    EXPECT_EQ(otpauth_uri("Amazon Web Services", "alice@111111111111", "JBSWY3DPEHPK3PXP===="),
              "otpauth://totp/Amazon%20Web%20Services:alice%40111111111111"
              "?secret=JBSWY3DPEHPK3PXP&issuer=Amazon%20Web%20Services");
}

TEST(Qr, PngHasSignatureAndExpectedSize) {
    auto png = qr_png("hello");
    ASSERT_TRUE(png.has_value()) << png.error().message;
    ASSERT_GT(png->size(), 33u);
    EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(png->substr(12, 4), "IHDR");
    // "hello" fits version 1 (21 modules); with a 4-module quiet zone at 4 px: 116 px.
    EXPECT_EQ(be32(*png, 16), 116u);
    EXPECT_EQ(be32(*png, 20), 116u);
    EXPECT_EQ(png->substr(png->size() - 8, 4), "IEND");
}

TEST(Qr, TooLongTextIsAnError) {
    auto png = qr_png(std::string(8000, 'x'));
    ASSERT_FALSE(png.has_value());
    EXPECT_EQ(png.error().code, "QrEncodingFailed");
    EXPECT_FALSE(qr_png("x", QrOptions{0, 4}).has_value());
}

// The PNG is decoded by an independent reader (Debian's zbarimg) back to the same URI.
TEST(Qr, ZbarimgDecodesTheOtpauthUri) {
    ASSERT_EQ(run("command -v zbarimg >/dev/null && echo yes"), "yes")
        << "zbarimg is missing: run scripts/setup.sh (Debian package zbar-tools)";
    SeededRandom random(77);
    const std::string uri = otpauth_uri("Amazon Web Services", "alice@111111111111",
                                        base32_encode(new_totp_secret(random)));
    auto png = qr_png(uri);
    ASSERT_TRUE(png.has_value()) << png.error().message;

    char path[] = "/tmp/jg_qr_XXXXXX";
    const int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(write(fd, png->data(), png->size()), static_cast<ssize_t>(png->size()));
    close(fd);
    const std::string decoded = run(std::string("zbarimg --quiet --raw ") + path + " 2>/dev/null");
    unlink(path);
    EXPECT_EQ(decoded, uri);
}

}  // namespace
}  // namespace jg
