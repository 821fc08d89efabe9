// SigV4 against AWS's published examples: the SigV4 test suite (service "service"), the
// IAM documentation's ListUsers request, and the S3 API reference's header, presigned
// and chunked-upload examples.
#include "wire/sigv4.hpp"

#include <gtest/gtest.h>

#include "core/hash.hpp"
#include "core/random.hpp"

namespace jg::wire {
namespace {

const Credentials k_suite{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
const Credentials k_s3_doc{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const Time k_suite_time = *parse_amz_date("20150830T123600Z");
const Time k_s3_time = *parse_amz_date("20130524T000000Z");

std::string authorization(const SignableRequest& r) { return std::string(r.header("authorization").value_or("")); }

// Signs `request` and checks the Authorization header, then verifies it as a server would.
void expect_signed(SignableRequest request, const Credentials& creds, SignOptions options,
                   const std::string& expected_authorization) {
    ASSERT_TRUE(sign_request(request, creds, options));
    EXPECT_EQ(authorization(request), expected_authorization);
    auto claim = parse_signature(request);
    ASSERT_TRUE(claim.has_value()) << claim.error().message;
    EXPECT_TRUE(verify_signature(request, *claim, creds.secret_access_key, options.payload_hash));
    EXPECT_FALSE(verify_signature(request, *claim, "wrong-secret", options.payload_hash));
}

TEST(SigV4, TestSuiteVanillaRequests) {
    SignOptions options{"us-east-1", "service", k_suite_time, std::string(k_empty_sha256)};
    expect_signed({"GET", "/", "", {{"Host", "example.amazonaws.com"}}}, k_suite, options,
                  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                  "SignedHeaders=host;x-amz-date, "
                  "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    expect_signed({"GET", "/", "Param2=value2&Param1=value1", {{"Host", "example.amazonaws.com"}}},
                  k_suite, options,
                  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                  "SignedHeaders=host;x-amz-date, "
                  "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    expect_signed({"POST", "/", "", {{"Host", "example.amazonaws.com"}}}, k_suite, options,
                  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                  "SignedHeaders=host;x-amz-date, "
                  "Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

TEST(SigV4, TestSuiteIntermediateValues) {
    SignableRequest request{"GET", "/", "", {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}}};
    auto canonical = canonical_request(request, {"host", "x-amz-date"}, k_empty_sha256, false, false);
    ASSERT_TRUE(canonical.has_value());
    EXPECT_EQ(*canonical,
              "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
              "host;x-amz-date\n" + std::string(k_empty_sha256));
    const CredentialScope scope{"20150830", "us-east-1", "service"};
    EXPECT_EQ(string_to_sign("20150830T123600Z", scope, *canonical),
              "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
              "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
}

TEST(SigV4, IamDocumentationListUsers) {
    // "Create a canonical request for Signature Version 4" (IAM user guide, 2015 example).
    SignOptions options{"us-east-1", "iam", k_suite_time, std::string(k_empty_sha256)};
    expect_signed({"GET", "/", "Action=ListUsers&Version=2010-05-08",
                   {{"Host", "iam.amazonaws.com"},
                    {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}}},
                  k_suite, options,
                  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                  "SignedHeaders=content-type;host;x-amz-date, "
                  "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(SigV4, S3DocumentationHeaderExamples) {
    SignOptions options{"us-east-1", "s3", k_s3_time, std::string(k_empty_sha256)};
    expect_signed({"GET", "/test.txt", "", {{"Host", "examplebucket.s3.amazonaws.com"}, {"Range", "bytes=0-9"}}},
                  k_s3_doc, options,
                  "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                  "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                  "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    expect_signed({"GET", "/", "lifecycle", {{"Host", "examplebucket.s3.amazonaws.com"}}}, k_s3_doc,
                  options,
                  "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                  "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                  "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
    expect_signed({"GET", "/", "max-keys=2&prefix=J", {{"Host", "examplebucket.s3.amazonaws.com"}}},
                  k_s3_doc, options,
                  "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                  "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                  "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4, S3DocumentationPutObjectWithDateAndXAmzDate) {
    // Signed with both Date and x-amz-date; the server takes the time from x-amz-date.
    const std::string body = "Welcome to Amazon S3.";
    SignableRequest request{
        "PUT", "/test%24file.text", "",
        {{"Host", "examplebucket.s3.amazonaws.com"},
         {"Date", "Fri, 24 May 2013 00:00:00 GMT"},
         {"x-amz-date", "20130524T000000Z"},
         {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
         {"x-amz-content-sha256", sha256_hex(body)},
         {"Authorization",
          "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
          "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
          "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"}}};
    auto claim = parse_signature(request);
    ASSERT_TRUE(claim.has_value()) << claim.error().message;
    EXPECT_EQ(claim->amz_date, "20130524T000000Z");
    const std::string payload = signed_payload_hash(request, *claim, body);
    EXPECT_EQ(payload, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
    EXPECT_TRUE(verify_signature(request, *claim, k_s3_doc.secret_access_key, payload));
    request.headers[3].value = "STANDARD";  // a signed header changed in transit
    auto tampered = verify_signature(request, *claim, k_s3_doc.secret_access_key, payload);
    ASSERT_FALSE(tampered.has_value());
    EXPECT_EQ(tampered.error().code, "SignatureDoesNotMatch");
}

TEST(SigV4, S3DocumentationPresignedUrl) {
    SignableRequest request{"GET", "/test.txt", "", {{"Host", "examplebucket.s3.amazonaws.com"}}};
    ASSERT_TRUE(presign_request(request, k_s3_doc, {"us-east-1", "s3", k_s3_time, ""}, 86400));
    EXPECT_EQ(request.query,
              "X-Amz-Algorithm=AWS4-HMAC-SHA256"
              "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
              "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
              "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    auto claim = parse_signature(request);
    ASSERT_TRUE(claim.has_value()) << claim.error().message;
    EXPECT_TRUE(claim->presigned);
    EXPECT_EQ(claim->expires_seconds, 86400);
    const std::string payload = signed_payload_hash(request, *claim, "");
    EXPECT_EQ(payload, k_unsigned_payload);
    EXPECT_TRUE(verify_signature(request, *claim, k_s3_doc.secret_access_key, payload));
    EXPECT_TRUE(check_request_time(*claim, k_s3_time + std::chrono::seconds(86400)));
    auto expired = check_request_time(*claim, k_s3_time + std::chrono::seconds(86401));
    ASSERT_FALSE(expired.has_value());
    EXPECT_EQ(expired.error().code, "AccessDenied");
    EXPECT_EQ(expired.error().message, "Request has expired");
}

TEST(SigV4, S3DocumentationChunkedUpload) {
    SignableRequest request{"PUT", "/examplebucket/chunkObject.txt", "",
                            {{"Host", "s3.amazonaws.com"},
                             {"Content-Encoding", "aws-chunked"},
                             {"Content-Length", "66824"},
                             {"x-amz-decoded-content-length", "66560"},
                             {"x-amz-storage-class", "REDUCED_REDUNDANCY"}}};
    SignOptions options{"us-east-1", "s3", k_s3_time, std::string(k_streaming_signed_payload)};
    ASSERT_TRUE(sign_request(request, k_s3_doc, options));
    EXPECT_EQ(authorization(request),
              "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
              "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
              "x-amz-decoded-content-length;x-amz-storage-class, "
              "Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
    const CredentialScope scope{"20130524", "us-east-1", "s3"};
    const std::string key = signing_key(k_s3_doc.secret_access_key, scope);
    const std::string first = chunk_signature(key, "20130524T000000Z", scope,
                                              "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
                                              std::string(65536, 'a'));
    EXPECT_EQ(first, "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
    const std::string second = chunk_signature(key, "20130524T000000Z", scope, first, std::string(1024, 'a'));
    EXPECT_EQ(second, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
    EXPECT_EQ(chunk_signature(key, "20130524T000000Z", scope, second, ""),
              "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
}

TEST(SigV4, DecodesQueryStrings) {
    auto params = decode_query_string("Action=ListUsers&PathPrefix=%2Fa+b%2F&&flag&Empty=");
    ASSERT_TRUE(params.has_value());
    using P = std::pair<std::string, std::string>;
    EXPECT_EQ(*params, (std::vector<P>{{"Action", "ListUsers"}, {"PathPrefix", "/a b/"}, {"flag", ""}, {"Empty", ""}}));
    EXPECT_TRUE(decode_query_string("")->empty());
    EXPECT_FALSE(decode_query_string("a=%G0").has_value());
}

TEST(SigV4, CanonicalPieces) {
    EXPECT_EQ(canonical_uri("", false), "/");
    EXPECT_EQ(canonical_uri("/a/./b/../c//d/", false), "/a/c/d/");
    EXPECT_EQ(canonical_uri("/a%20b", false), "/a%2520b");  // other services double-encode
    EXPECT_EQ(canonical_uri("/a%20b/./c", true), "/a%20b/./c");  // S3 signs the path as sent
    EXPECT_EQ(canonical_uri("/a%7Eb%2f", true), "/a~b/");
    EXPECT_EQ(*canonical_query("b=2&a=3&a=1&c", false), "a=1&a=3&b=2&c=");
    EXPECT_EQ(*canonical_query("k=a%20b+c%2B&%41=%7e", false), "A=~&k=a%20b%20c%2B");
    EXPECT_EQ(*canonical_query("X-Amz-Signature=abc&x=1", true), "x=1");
    auto bad = canonical_query("a=%zz", false);
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, "InvalidQueryString");
    EXPECT_EQ(signed_headers_list({"X-Amz-Date", "host", "Content-Type", "host"}),
              "content-type;host;x-amz-date");
    SignableRequest r{"GET", "/", "", {{"X-A", "  a   b\t c "}, {"x-a", "d"}}};
    EXPECT_EQ(*canonical_headers(r, {"x-a"}), "x-a:a b c,d\n");
    EXPECT_FALSE(canonical_headers(r, {"x-b"}).has_value());
}

TEST(SigV4, MalformedSignaturesGetAwsErrors) {
    auto code = [](SignableRequest r) {
        auto claim = parse_signature(r);
        return claim ? std::string("ok") : claim.error().code;
    };
    EXPECT_EQ(code({"GET", "/", "", {{"Host", "h"}}}), "MissingAuthenticationToken");
    EXPECT_EQ(code({"GET", "/", "", {{"Host", "h"}, {"Authorization", "garbage"}}}), "IncompleteSignature");
    auto claim = parse_signature({"GET", "/", "", {{"Host", "h"}, {"Authorization", "garbage"}}});
    EXPECT_EQ(claim.error().message,
              "Authorization header requires 'Credential' parameter. Authorization header requires "
              "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
              "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
              "Authorization=garbage");
    const std::string good_cred = "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request, ";
    EXPECT_EQ(code({"GET", "/", "", {{"Host", "h"}, {"X-Amz-Date", "20150830T123600Z"},
                                     {"Authorization", good_cred + "SignedHeaders=host"}}}),
              "IncompleteSignature");
    EXPECT_EQ(code({"GET", "/", "", {{"Host", "h"}, {"X-Amz-Date", "2015-08-30"},
                                     {"Authorization", good_cred + "SignedHeaders=host, Signature=ab"}}}),
              "IncompleteSignature");
    EXPECT_EQ(code({"GET", "/", "", {{"Host", "h"}, {"X-Amz-Date", "20150830T123600Z"},
                                     {"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam, "
                                                       "SignedHeaders=host, Signature=ab"}}}),
              "IncompleteSignature");
    EXPECT_EQ(code({"GET", "/", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=x", {{"Host", "h"}}}),
              "AuthorizationQueryParametersError");
    EXPECT_EQ(code({"GET", "/",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20150830%2Fus-east-1%2Fs3%2Faws4_request"
                    "&X-Amz-Date=20150830T123600Z&X-Amz-Expires=604801&X-Amz-SignedHeaders=host&X-Amz-Signature=ab",
                    {{"Host", "h"}}}),
              "AuthorizationQueryParametersError");
    EXPECT_EQ(code({"GET", "/", "X-Amz-Algorithm=%zz", {{"Host", "h"}}}), "InvalidQueryString");
}

TEST(SigV4, VerificationRefusesMismatchesAndSkew) {
    SignableRequest request{"POST", "/", "", {{"Host", "localhost:4599"}, {"Content-Type", "application/x-www-form-urlencoded"}}};
    const std::string body = "Action=GetCallerIdentity&Version=2011-06-15";
    const Credentials creds{"ASIAEXAMPLEEXAMPLE12", "secret", "token123"};
    ASSERT_TRUE(sign_request(request, creds, {"eu-west-1", "sts", k_suite_time, sha256_hex(body)}));
    auto claim = parse_signature(request);
    ASSERT_TRUE(claim.has_value());
    EXPECT_EQ(claim->access_key_id, "ASIAEXAMPLEEXAMPLE12");
    EXPECT_EQ(claim->session_token, "token123");
    EXPECT_EQ(claim->scope.region, "eu-west-1");
    EXPECT_EQ(claim->scope.service, "sts");
    EXPECT_TRUE(verify_signature(request, *claim, "secret", signed_payload_hash(request, *claim, body)));
    // A tampered body changes the payload hash.
    auto tampered = verify_signature(request, *claim, "secret", signed_payload_hash(request, *claim, body + "&x=1"));
    ASSERT_FALSE(tampered.has_value());
    EXPECT_EQ(tampered.error().code, "SignatureDoesNotMatch");
    EXPECT_NE(tampered.error().message.find("Check your AWS Secret Access Key"), std::string::npos);

    EXPECT_TRUE(check_request_time(*claim, k_suite_time + std::chrono::minutes(15)));
    EXPECT_TRUE(check_request_time(*claim, k_suite_time - std::chrono::minutes(15)));
    auto skewed = check_request_time(*claim, k_suite_time + std::chrono::minutes(16));
    ASSERT_FALSE(skewed.has_value());
    EXPECT_EQ(skewed.error().code, "RequestTimeTooSkewed");

    // The scope's date must be the request's date.
    SignatureClaim wrong_day = *claim;
    wrong_day.scope.date = "20150831";
    auto day = verify_signature(request, wrong_day, "secret", sha256_hex(body));
    ASSERT_FALSE(day.has_value());
    EXPECT_NE(day.error().message.find("Date in Credential scope does not match"), std::string::npos);
    // Host must be signed.
    SignatureClaim no_host = *claim;
    no_host.signed_headers = {"x-amz-date"};
    EXPECT_FALSE(verify_signature(request, no_host, "secret", sha256_hex(body)).has_value());
}

TEST(SigV4, UnsignedAmzHeadersAreNamed) {
    // Attack of issue 15 item 1: headers added to a signed request after signing.
    SignableRequest request{"PUT", "/bucket/upload.txt", "", {{"Host", "localhost:4599"}}};
    const Credentials creds{"AKIAEXAMPLEEXAMPLE12", "secret", ""};
    ASSERT_TRUE(sign_request(request, creds, {"us-east-1", "s3", k_suite_time, sha256_hex("")}));
    auto claim = parse_signature(request);
    ASSERT_TRUE(claim.has_value());
    EXPECT_TRUE(unsigned_amz_headers(request, *claim).empty());
    request.headers.push_back({"x-amz-copy-source", "/private/secret.txt"});
    request.headers.push_back({"X-Amz-Meta-Owner", "mallory"});
    request.headers.push_back({"x-amz-meta-owner", "again"});
    request.headers.push_back({"Content-Type", "text/plain"});  // not x-amz-*: S3 does not ask
    // The added headers do not change the signature: only the rule refuses them.
    EXPECT_TRUE(verify_signature(request, *claim, "secret", signed_payload_hash(request, *claim, "")));
    EXPECT_EQ(unsigned_amz_headers(request, *claim),
              (std::vector<std::string>{"x-amz-copy-source", "x-amz-meta-owner"}));

    // Presigned: the query carries the signing parameters; an x-amz-* header is unsigned
    // unless X-Amz-SignedHeaders names it; x-amz-content-sha256 is the payload hash itself.
    SignableRequest presigned{"PUT", "/bucket/upload.txt", "", {{"Host", "localhost:4599"}}};
    ASSERT_TRUE(presign_request(presigned, creds, {"us-east-1", "s3", k_suite_time, sha256_hex("")}, 300));
    presigned.headers.push_back({"x-amz-content-sha256", "UNSIGNED-PAYLOAD"});
    auto pclaim = parse_signature(presigned);
    ASSERT_TRUE(pclaim.has_value());
    EXPECT_TRUE(unsigned_amz_headers(presigned, *pclaim).empty());
    presigned.headers.push_back({"x-amz-acl", "public-read"});
    EXPECT_EQ(unsigned_amz_headers(presigned, *pclaim), (std::vector<std::string>{"x-amz-acl"}));
}

TEST(SigV4, QueryServicesAlwaysSignTheBodysHash) {
    // Attack of issue 15 item 6: a Query request signed with UNSIGNED-PAYLOAD would leave
    // its body (the Action and its parameters) outside the signature.
    SignableRequest request{"POST", "/", "", {{"Host", "localhost:4599"}, {"X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"}}};
    const Credentials creds{"AKIAEXAMPLEEXAMPLE12", "secret", ""};
    ASSERT_TRUE(sign_request(request, creds, {"us-east-1", "iam", k_suite_time, "UNSIGNED-PAYLOAD"}));
    auto claim = parse_signature(request);
    ASSERT_TRUE(claim.has_value());
    const std::string body = "Action=CreateUser&UserName=mallory&Version=2010-05-08";
    EXPECT_EQ(signed_payload_hash(request, *claim, body), sha256_hex(body));
    auto verified = verify_signature(request, *claim, "secret", signed_payload_hash(request, *claim, body));
    ASSERT_FALSE(verified.has_value());
    EXPECT_EQ(verified.error().code, "SignatureDoesNotMatch");
    // S3 keeps its modes.
    SignableRequest s3{"PUT", "/bucket/key", "", {{"Host", "localhost:4599"}}};
    ASSERT_TRUE(sign_request(s3, creds, {"us-east-1", "s3", k_suite_time, "UNSIGNED-PAYLOAD"}));
    auto s3_claim = parse_signature(s3);
    ASSERT_TRUE(s3_claim.has_value());
    EXPECT_EQ(signed_payload_hash(s3, *s3_claim, "anything"), "UNSIGNED-PAYLOAD");
    EXPECT_TRUE(verify_signature(s3, *s3_claim, "secret", "UNSIGNED-PAYLOAD"));
}

TEST(SigV4, SigningNeedsAHost) {
    SignableRequest request{"GET", "/", "", {}};
    EXPECT_FALSE(sign_request(request, k_suite, {"us-east-1", "iam", k_suite_time}).has_value());
    EXPECT_FALSE(presign_request(request, k_suite, {"us-east-1", "iam", k_suite_time}, 60).has_value());
    SignableRequest hosted{"GET", "/", "", {{"Host", "h"}}};
    EXPECT_FALSE(presign_request(hosted, k_suite, {"us-east-1", "s3", k_suite_time}, 604801).has_value());
}

}  // namespace
}  // namespace jg::wire

namespace jg::wire {
namespace {

// Random and mutated Authorization headers and queries get errors, never crashes.
TEST(SigV4, GarbageNeverCrashes) {
    SeededRandom random(1234);
    const std::string header =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    const std::string query =
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
        "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=ab";
    int parsed = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string h = header, q = query;
        for (int k = 0; k < 3; ++k) {
            h[random.uniform(h.size())] = static_cast<char>(random.uniform(256));
            q[random.uniform(q.size())] = static_cast<char>(random.uniform(256));
        }
        SignableRequest with_header{"GET", "/", "", {{"Host", "h"}, {"X-Amz-Date", "20150830T123600Z"}, {"Authorization", h}}};
        SignableRequest with_query{"GET", "/" + h.substr(0, 10), q, {{"Host", "h"}}};
        for (const auto* r : {&with_header, &with_query}) {
            auto claim = parse_signature(*r);
            if (!claim) continue;
            ++parsed;
            // Whatever parses can be checked; a mutated request never verifies.
            auto ok = verify_signature(*r, *claim, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", k_empty_sha256);
            EXPECT_FALSE(ok.has_value());
            (void)check_request_time(*claim, k_suite_time);
        }
    }
    EXPECT_GT(parsed, 100);  // mutations outside the syntax still reach verification
}

}  // namespace
}  // namespace jg::wire
