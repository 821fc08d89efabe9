// TemplateURL forms that name an object of the local S3.
#include "cloud/s3/s3_url.hpp"

#include <gtest/gtest.h>

namespace jg::cloud::s3 {
namespace {

void expect_location(std::string_view url, const char* bucket, const char* key, const char* region,
                     std::string_view local = {}) {
    auto r = parse_object_url(url, local);
    ASSERT_TRUE(r.has_value()) << url << ": " << r.error().message;
    EXPECT_EQ(r->bucket, bucket) << url;
    EXPECT_EQ(r->key, key) << url;
    EXPECT_EQ(r->region, region) << url;
}

TEST(S3Url, VirtualHostedForms) {
    expect_location("https://aws-iam-templates-111111111111.s3.ap-northeast-1.amazonaws.com/iam-roles.yaml",
                    "aws-iam-templates-111111111111", "iam-roles.yaml", "ap-northeast-1");
    expect_location("https://my.dotted.bucket.s3.amazonaws.com/dir/t.yaml", "my.dotted.bucket", "dir/t.yaml", "");
    expect_location("https://bucket.s3-us-west-2.amazonaws.com/a%20b.json", "bucket", "a b.json", "us-west-2");
    expect_location("HTTPS://Bucket.S3.Amazonaws.com/k?versionId=3#frag", "bucket", "k", "");
    expect_location("https://x.s3.y.s3.amazonaws.com/k", "x.s3.y", "k", "");
}

TEST(S3Url, PathStyleForms) {
    expect_location("https://s3.ap-northeast-1.amazonaws.com/bucket/dir/iam-groups.yaml", "bucket",
                    "dir/iam-groups.yaml", "ap-northeast-1");
    expect_location("https://s3.amazonaws.com/bucket/key", "bucket", "key", "");
    expect_location("https://s3-eu-west-1.amazonaws.com/bucket/key", "bucket", "key", "eu-west-1");
    expect_location("http://127.0.0.1:4599/bucket/t%2Fx.yaml", "bucket", "t/x.yaml", "", "127.0.0.1:4599");
}

TEST(S3Url, UnsupportedUrls) {
    for (const char* url :
         {"", "bucket/key", "ftp://s3.amazonaws.com/b/k", "https://example.com/b/k",
          "https://raw.githubusercontent.com/x/y.yaml", "https://s3.amazonaws.com/bucket",
          "https://s3.amazonaws.com/bucket/", "https://bucket.s3.amazonaws.com/", "https://bucket.s3.amazonaws.com",
          "https://s3.amazonaws.com//key", "https://bucket.s3.bad_region.amazonaws.com/k",
          "https://amazonaws.com/b/k", "https://bucket.s3.amazonaws.com/%zz", "http://127.0.0.1:4599/b/k"}) {
        auto r = parse_object_url(url);
        ASSERT_FALSE(r.has_value()) << url;
        EXPECT_EQ(r.error().code, "ValidationError");
        EXPECT_EQ(r.error().message, "TemplateURL must be a supported URL.");
    }
}

}  // namespace
}  // namespace jg::cloud::s3
