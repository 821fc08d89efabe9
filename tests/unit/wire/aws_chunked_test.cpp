#include "wire/aws_chunked.hpp"

#include <array>
#include <cstdio>
#include <memory>

#include <gtest/gtest.h>

#include "core/hash.hpp"
#include "core/random.hpp"

namespace jg::wire {
namespace {

// The S3 API reference's chunked-upload example: 66560 bytes of 'a' in chunks of 64 KiB.
ChunkSigning doc_signing() {
    const CredentialScope scope{"20130524", "us-east-1", "s3"};
    return {signing_key("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", scope), "20130524T000000Z",
            scope, "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9", false};
}

TEST(AwsChunked, EncodesAndDecodesTheS3DocumentationExample) {
    const ChunkSigning signing = doc_signing();
    const std::string payload(66560, 'a');
    const std::string body = encode_aws_chunked_signed(payload, 65536, signing);
    EXPECT_EQ(body.size(), 66824u);  // the example's Content-Length
    EXPECT_TRUE(body.starts_with(
        "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n"));
    EXPECT_NE(body.find("\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n"),
              std::string::npos);
    EXPECT_TRUE(body.ends_with(
        "\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n"));
    auto decoded = decode_aws_chunked(body, &signing, 1 << 20);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->payload, payload);
    EXPECT_TRUE(decoded->trailers.empty());
}

TEST(AwsChunked, RefusesTamperedTruncatedAndOversizedBodies) {
    const ChunkSigning signing = doc_signing();
    const std::string body = encode_aws_chunked_signed(std::string(3000, 'a'), 1024, signing);
    auto code = [&](const std::string& b, std::size_t max = 1 << 20) {
        auto r = decode_aws_chunked(b, &signing, max);
        return r ? std::string("ok") : r.error().code;
    };
    EXPECT_EQ(code(body), "ok");
    std::string tampered = body;
    tampered[tampered.find('a') + 10] = 'b';
    EXPECT_EQ(code(tampered), "SignatureDoesNotMatch");
    EXPECT_EQ(code(body.substr(0, body.size() - 2)), "IncompleteBody");
    EXPECT_EQ(code(body.substr(0, 500)), "IncompleteBody");
    // Dropping the final signed chunk breaks the chain's end.
    EXPECT_EQ(code(body.substr(0, body.rfind("0;chunk-signature"))), "IncompleteBody");
    EXPECT_EQ(code(body, 2999), "EntityTooLarge");
    EXPECT_EQ(code(body + "x"), "InvalidRequest");
    EXPECT_EQ(code("zz;chunk-signature=00\r\n\r\n"), "InvalidRequest");
    EXPECT_EQ(code("0\r\n\r\n"), "IncompleteSignature");
    // A different seed (another request's signature) invalidates every chunk.
    ChunkSigning other = signing;
    other.seed_signature[0] = other.seed_signature[0] == '0' ? '1' : '0';
    EXPECT_FALSE(decode_aws_chunked(body, &other, 1 << 20).has_value());
}

// STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER on the same example, with the trailers of
// aws-c-auth's chunked-signing test (first:1st, second:2nd, third:3rd): its expected
// x-amz-trailer-signature, chained from the final chunk's signature b6c6ea8a….
TEST(AwsChunked, SignsAndVerifiesTrailersAsTheAwsCrtDoes) {
    ChunkSigning signing = doc_signing();
    signing.trailer = true;
    const std::vector<Header> trailers = {{"first", "1st"}, {"second", "2nd"}, {"third", "3rd"}};
    EXPECT_EQ(trailer_signature(signing.signing_key, signing.amz_date, signing.scope,
                                "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9", trailers),
              "df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c");
    const std::string payload(66560, 'a');
    const std::string body = encode_aws_chunked_signed(payload, 65536, signing, trailers);
    EXPECT_TRUE(body.ends_with(
        "\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n"
        "first:1st\r\nsecond:2nd\r\nthird:3rd\r\n"
        "x-amz-trailer-signature:df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c\r\n\r\n"));
    auto decoded = decode_aws_chunked(body, &signing, 1 << 20);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->payload, payload);
    ASSERT_EQ(decoded->trailers.size(), 3u);  // the signature line is not a trailer
    EXPECT_EQ(decoded->trailers[2].name, "third");
    EXPECT_EQ(decoded->trailers[2].value, "3rd");
    // Canonical form: names lower-cased and sorted, values trimmed.
    EXPECT_EQ(trailer_signature(signing.signing_key, signing.amz_date, signing.scope,
                                "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
                                {{"Third", " 3rd "}, {"first", "1st"}, {"SECOND", "2nd"}}),
              "df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c");
}

TEST(AwsChunked, RefusesUnsignedOrTamperedTrailers) {
    ChunkSigning signing = doc_signing();
    signing.trailer = true;
    const std::vector<Header> trailers = {{"x-amz-checksum-crc32", "AAAAAA=="}};
    const std::string body = encode_aws_chunked_signed("hello world", 4, signing, trailers);
    auto code = [&](const std::string& b, const ChunkSigning& s) {
        auto r = decode_aws_chunked(b, &s, 1 << 20);
        return r ? std::string("ok") : r.error().code;
    };
    EXPECT_EQ(code(body, signing), "ok");
    // Another value under the same signature.
    std::string tampered = body;
    tampered.replace(tampered.find("AAAAAA=="), 8, "BBBBBB==");
    EXPECT_EQ(code(tampered, signing), "SignatureDoesNotMatch");
    // A trailer added after the signed ones, or after the signature line.
    const std::size_t sig_line = body.find("x-amz-trailer-signature:");
    std::string added = body;
    added.insert(sig_line, "x-amz-meta-evil:1\r\n");
    EXPECT_EQ(code(added, signing), "SignatureDoesNotMatch");
    std::string after = body;
    after.insert(after.size() - 2, "x-amz-meta-evil:1\r\n");
    EXPECT_EQ(code(after, signing), "InvalidRequest");
    // The signature line dropped; a signature of the trailers chained from another chunk.
    const std::size_t sig_end = body.find("\r\n", sig_line) + 2;
    std::string unsigned_trailer = body;
    unsigned_trailer.erase(sig_line, sig_end - sig_line);
    EXPECT_EQ(code(unsigned_trailer, signing), "SignatureDoesNotMatch");
    std::string other_chain = body;
    other_chain.replace(sig_line + 24, 64,
                        trailer_signature(signing.signing_key, signing.amz_date, signing.scope,
                                          signing.seed_signature, trailers));
    EXPECT_EQ(code(other_chain, signing), "SignatureDoesNotMatch");
    // Signed chunks without the trailer mode take no trailers at all.
    EXPECT_EQ(code(body, doc_signing()), "InvalidRequest");
    // The trailer mode without trailers is an ordinary signed body.
    EXPECT_EQ(code(encode_aws_chunked_signed("hello world", 4, signing), signing), "ok");
}

std::string run(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return {};
    std::string out;
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
    return out;
}

// botocore's own aws-chunked writer (STREAMING-UNSIGNED-PAYLOAD-TRAILER with a CRC32
// trailer), run at test time.
TEST(AwsChunked, DecodesBotocoresUnsignedTrailerEncoding) {
    const std::string body = run(
        "python3 -c \"import io,sys,botocore.httpchecksum as h;"
        "w=h.AwsChunkedWrapper(io.BytesIO(bytes(range(256))*20),checksum_cls=h.Crc32Checksum,"
        "checksum_name='x-amz-checksum-crc32',chunk_size=1000);sys.stdout.buffer.write(w.read())\"");
    ASSERT_FALSE(body.empty()) << "python3/botocore did not run";
    std::string payload;
    for (int i = 0; i < 20; ++i)
        for (int b = 0; b < 256; ++b) payload += static_cast<char>(b);
    auto decoded = decode_aws_chunked(body, nullptr, 1 << 20);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->payload, payload);
    ASSERT_EQ(decoded->trailers.size(), 1u);
    EXPECT_EQ(decoded->trailers[0].name, "x-amz-checksum-crc32");
    EXPECT_EQ(decoded->trailers[0].value, crc32_base64(payload));
    // And our encoder writes the same bytes.
    EXPECT_EQ(encode_aws_chunked_unsigned(payload, 1000, decoded->trailers), body);
}

TEST(AwsChunked, GarbageNeverCrashes) {
    SeededRandom random(99);
    const ChunkSigning signing = doc_signing();
    const std::string valid = encode_aws_chunked_signed("hello world", 4, signing);
    for (int i = 0; i < 2000; ++i) {
        std::string b = valid;
        const auto flips = 1 + random.uniform(4);
        for (std::uint64_t k = 0; k < flips; ++k)
            b[random.uniform(b.size())] = static_cast<char>(random.uniform(256));
        if (random.uniform(3) == 0) b.resize(random.uniform(b.size() + 1));
        auto signed_result = decode_aws_chunked(b, &signing, 1 << 16);
        auto unsigned_result = decode_aws_chunked(b, nullptr, 1 << 16);
        if (b != valid) {
            EXPECT_FALSE(signed_result.has_value() && signed_result->payload != "hello world");
        }
        if (unsigned_result) {
            EXPECT_LE(unsigned_result->payload.size(), b.size());
        }
    }
    EXPECT_EQ(decode_aws_chunked(valid, &signing, 1 << 16)->payload, "hello world");
}

}  // namespace
}  // namespace jg::wire
