// Endpoint URLs and AWS's own endpoints, per service and region.
#include <gtest/gtest.h>

#include "wire/client/endpoints.hpp"

namespace jg::wire {
namespace {

TEST(ClientEndpoints, ParsesEndpointUrls) {
    auto plain = parse_endpoint_url("http://127.0.0.1:4599");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->scheme, "http");
    EXPECT_EQ(plain->host, "127.0.0.1");
    EXPECT_EQ(plain->port, "4599");
    EXPECT_EQ(plain->path, "");
    auto prefixed = parse_endpoint_url("HTTPS://example.com:443/aws/");
    ASSERT_TRUE(prefixed);
    EXPECT_EQ(prefixed->scheme, "https");
    EXPECT_EQ(prefixed->port, "");  // the default port is not written in Host
    EXPECT_EQ(prefixed->path, "/aws");
    auto v6 = parse_endpoint_url("http://[::1]:8080");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "[::1]");
    EXPECT_EQ(v6->port, "8080");

    for (const char* bad : {"127.0.0.1:4599", "ftp://host", "http://", "http://host:99999", "http://host:x",
                            "http://host/?a=b", "http://user:pw@host"}) {
        auto r = parse_endpoint_url(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, "InvalidEndpointUrl");
        EXPECT_NE(r.error().message.find(bad), std::string::npos) << r.error().message;
    }
}

TEST(ClientEndpoints, EndpointUrlServesEveryServicePathStyle) {
    auto url = parse_endpoint_url("http://localhost:4599/prefix");
    ASSERT_TRUE(url);
    for (const char* service : {"iam", "sts", "cloudformation", "s3"}) {
        auto e = resolve_endpoint(*url, service, "ap-northeast-1", "bucket");
        ASSERT_TRUE(e);
        EXPECT_EQ(e->origin, "http://localhost:4599");
        EXPECT_EQ(e->host, "localhost:4599");
        EXPECT_EQ(e->path_prefix, "/prefix");
        EXPECT_EQ(e->signing_region, "ap-northeast-1");
        EXPECT_FALSE(e->bucket_in_host);
    }
}

TEST(ClientEndpoints, AwsOwnEndpoints) {
    auto iam = resolve_endpoint(std::nullopt, "iam", "ap-northeast-1");
    ASSERT_TRUE(iam);
    EXPECT_EQ(iam->origin, "https://iam.amazonaws.com");
    EXPECT_EQ(iam->signing_region, "us-east-1");
    auto sts = resolve_endpoint(std::nullopt, "sts", "ap-northeast-1");
    EXPECT_EQ(sts->host, "sts.ap-northeast-1.amazonaws.com");
    EXPECT_EQ(sts->signing_region, "ap-northeast-1");
    EXPECT_EQ(resolve_endpoint(std::nullopt, "cloudformation", "eu-west-1")->host, "cloudformation.eu-west-1.amazonaws.com");
    auto s3 = resolve_endpoint(std::nullopt, "s3", "ap-northeast-1", "jump-templates");
    EXPECT_EQ(s3->host, "jump-templates.s3.ap-northeast-1.amazonaws.com");
    EXPECT_TRUE(s3->bucket_in_host);
    EXPECT_EQ(resolve_endpoint(std::nullopt, "s3", "us-east-1", "jump-templates")->host, "jump-templates.s3.amazonaws.com");
    auto dotted = resolve_endpoint(std::nullopt, "s3", "ap-northeast-1", "jump.templates");
    EXPECT_EQ(dotted->host, "s3.ap-northeast-1.amazonaws.com");
    EXPECT_FALSE(dotted->bucket_in_host);
    auto china = resolve_endpoint(std::nullopt, "iam", "cn-northwest-1");
    EXPECT_EQ(china->host, "iam.cn-north-1.amazonaws.com.cn");
    EXPECT_EQ(china->signing_region, "cn-north-1");
    EXPECT_EQ(resolve_endpoint(std::nullopt, "sts", "cn-north-1")->host, "sts.cn-north-1.amazonaws.com.cn");

    EXPECT_EQ(resolve_endpoint(std::nullopt, "ec2", "us-east-1").error().code, "UnknownService");
    EXPECT_EQ(resolve_endpoint(std::nullopt, "sts", "evil.com/x").error().code, "InvalidRegion");
}

TEST(ClientEndpoints, VirtualHostBuckets) {
    EXPECT_TRUE(is_virtual_host_bucket("jump-templates-111111111111"));
    EXPECT_FALSE(is_virtual_host_bucket("ab"));
    EXPECT_FALSE(is_virtual_host_bucket("Upper"));
    EXPECT_FALSE(is_virtual_host_bucket("-dash"));
    EXPECT_FALSE(is_virtual_host_bucket("under_score"));
    EXPECT_FALSE(is_virtual_host_bucket("with.dot"));
}

}  // namespace
}  // namespace jg::wire
