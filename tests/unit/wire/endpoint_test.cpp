// The Endpoint in-process (no sockets): requests signed with the SigV4 signer and
// changed afterwards as an attacker would, and the refusals an HTTP layer asks it to word.
#include "wire/server/endpoint.hpp"

#include <stdlib.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "cloud/accounts.hpp"
#include "cloud/store/store.hpp"
#include "core/hash.hpp"

namespace jg::wire {
namespace {

const Time k_now = *parse_amz_date("20260301T120000Z");

class EndpointTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_home = (std::filesystem::temp_directory_path() / "jg_endpoint_XXXXXX").string();
        ASSERT_NE(mkdtemp(m_home.data()), nullptr);
        auto store = store::Store::open(m_home);
        ASSERT_TRUE(store) << store.error().str();
        m_store = std::move(*store);
        auto cloud = cloud::Cloud::open(*m_store, m_clock, m_random);
        ASSERT_TRUE(cloud) << cloud.error().str();
        m_cloud = std::move(*cloud);
        auto account = cloud::add_account(*m_cloud, "111111111111");
        ASSERT_TRUE(account) << account.error().str();
        m_creds = Credentials{account->root_access_key_id, account->root_secret_access_key, ""};
        auto endpoint = Endpoint::create(*m_cloud, m_clock, m_random);
        ASSERT_TRUE(endpoint) << endpoint.error().str();
        m_endpoint = std::move(*endpoint);
    }
    void TearDown() override {
        m_endpoint.reset();
        m_cloud.reset();
        m_store.reset();
        std::filesystem::remove_all(m_home);
    }

    // A request signed for `service` with every header it has (as botocore signs).
    HttpRequest signed_request(std::string method, std::string path, std::string body, std::vector<Header> headers,
                               const std::string& service = "s3") {
        HttpRequest r;
        r.method = std::move(method);
        r.path = std::move(path);
        r.headers = std::move(headers);
        r.headers.push_back({"Host", "localhost:4599"});
        r.body = std::move(body);
        EXPECT_TRUE(sign_request(r, m_creds, {"us-east-1", service, k_now, sha256_hex(r.body)}));
        return r;
    }

    std::string m_home;
    FakeClock m_clock{k_now};
    SeededRandom m_random{7};
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<cloud::Cloud> m_cloud;
    std::unique_ptr<Endpoint> m_endpoint;
    Credentials m_creds;
};

TEST_F(EndpointTest, UnsignedAmzHeadersAreRefusedWithTheirNames) {
    auto created = m_endpoint->handle(signed_request("PUT", "/private", "", {}), "127.0.0.1");
    ASSERT_EQ(created.status, 200) << created.body;
    auto put = m_endpoint->handle(signed_request("PUT", "/private/secret.txt", "secret", {}), "127.0.0.1");
    ASSERT_EQ(put.status, 200) << put.body;

    // A signed PutObject turned into a CopyObject of the private object.
    HttpRequest attack = signed_request("PUT", "/private/upload.txt", "", {{"x-amz-meta-a", "signed"}});
    attack.headers.push_back({"x-amz-copy-source", "/private/secret.txt"});
    attack.headers.push_back({"X-Amz-Meta-B", "unsigned"});
    auto refused = m_endpoint->handle(attack, "127.0.0.1");
    EXPECT_EQ(refused.status, 403);
    EXPECT_NE(refused.body.find("<Code>AccessDenied</Code><Message>There were headers present in the request which "
                                "were not signed</Message><HeadersNotSigned>x-amz-copy-source, "
                                "x-amz-meta-b</HeadersNotSigned>"),
              std::string::npos)
        << refused.body;
    auto get = m_endpoint->handle(signed_request("GET", "/private/upload.txt", "", {}), "127.0.0.1");
    EXPECT_EQ(get.status, 404) << get.body;
}

TEST_F(EndpointTest, TransportRefusalsInAwsWords) {
    HttpRequest s3;
    s3.method = "PUT";
    s3.path = "/bucket/key";
    s3.headers = {{"Host", "localhost:4599"}, {"Authorization", std::string(64 * 1024, 'a')}};
    auto big = m_endpoint->refuse(s3, Endpoint::TransportRefusal::header_section_too_large, 8192);
    EXPECT_EQ(big.status, 400);
    EXPECT_NE(big.body.find("<Code>RequestHeaderSectionTooLarge</Code><Message>Your request header section exceeds "
                            "the maximum allowed size.</Message><MaxSizeAllowed>8192</MaxSizeAllowed>"),
              std::string::npos)
        << big.body;
    // The code an HTTP layer may already name goes the same way.
    auto named = m_endpoint->reject(s3, 431, "RequestHeaderSectionTooLarge", "x");
    EXPECT_EQ(named.status, 400);
    EXPECT_NE(named.body.find("<Code>RequestHeaderSectionTooLarge</Code>"), std::string::npos) << named.body;

    HttpRequest query = signed_request("POST", "/", "Action=GetCallerIdentity&Version=2011-06-15",
                                       {{"Content-Type", "application/x-www-form-urlencoded"}}, "sts");
    auto big_query = m_endpoint->refuse(query, Endpoint::TransportRefusal::header_section_too_large);
    EXPECT_EQ(big_query.status, 431);
    EXPECT_NE(big_query.body.find("<Code>RequestHeaderSectionTooLarge</Code>"), std::string::npos) << big_query.body;

    // Content-Length: -1 is a malformed request, whatever the transport made of it.
    for (const std::string& length : std::vector<std::string>{"-1", "12abc", "", "+5"}) {
        HttpRequest bad = s3;
        bad.headers = {{"Host", "localhost:4599"}, {"Content-Length", length}};
        auto rejected = m_endpoint->reject(bad, 413, "RequestEntityTooLarge", "too large");
        EXPECT_EQ(rejected.status, 400) << length;
        EXPECT_NE(rejected.body.find("<Code>BadRequest</Code><Message>An error occurred when parsing the HTTP "
                                     "request.</Message>"),
                  std::string::npos)
            << length << ": " << rejected.body;
        EXPECT_EQ(m_endpoint->handle(bad, "127.0.0.1").status, 400) << length;
    }
    HttpRequest twice = s3;
    twice.headers = {{"Host", "localhost:4599"}, {"Content-Length", "3"}, {"Content-Length", "4"}};
    EXPECT_EQ(m_endpoint->handle(twice, "127.0.0.1").status, 400);
    // A body over the limit is still EntityTooLarge (S3) / 413 (Query services).
    s3.headers = {{"Host", "localhost:4599"}, {"Content-Length", "99999999"}};
    auto too_large = m_endpoint->reject(s3, 413, "RequestEntityTooLarge", "too large");
    EXPECT_EQ(too_large.status, 400);
    EXPECT_NE(too_large.body.find("<Code>EntityTooLarge</Code>"), std::string::npos);
    EXPECT_EQ(m_endpoint->refuse(query, Endpoint::TransportRefusal::body_too_large).status, 413);
    auto malformed = m_endpoint->refuse(query, Endpoint::TransportRefusal::malformed);
    EXPECT_EQ(malformed.status, 400);
    EXPECT_NE(malformed.body.find("<Code>BadRequest</Code>"), std::string::npos) << malformed.body;
}

}  // namespace
}  // namespace jg::wire
