// Bucket names, object keys and LocationConstraint rules, with the wording AWS answers
// (recorded in LocalStack's AWS snapshots).
#include "cloud/s3/naming.hpp"

#include <gtest/gtest.h>

#include <string>

namespace jg::cloud::s3 {
namespace {

TEST(S3BucketName, AcceptsTheRulesExamples) {
    for (const char* name : {"abc", "docexamplebucket1", "log-delivery-march-2020", "my-hosted-content",
                             "aws-iam-templates-111111111111", "a.b.c", "1bucket", "bucket1",
                             "192.168.5.4a", "xn-abc"}) {
        EXPECT_TRUE(validate_bucket_name(name).has_value()) << name;
    }
    EXPECT_TRUE(validate_bucket_name(std::string(63, 'a')).has_value());
}

TEST(S3BucketName, RejectsEveryRuleWithAwsWording) {
    for (const std::string& name :
         {std::string("ab"), std::string(64, 'a'), std::string("My-Bucket"), std::string("under_score"),
          std::string("-starts"), std::string("ends-"), std::string(".dot"), std::string("dot."),
          std::string("two..dots"), std::string("192.168.5.4"), std::string("xn--punycode"),
          std::string("sthree-bucket"), std::string("sthree-configurator-x"), std::string("amzn-s3-demo-bucket"),
          std::string("bucket-s3alias"), std::string("bucket--ol-s3"), std::string("bucket.mrap"),
          std::string("bucket--x-s3"), std::string("bucket--table-s3"), std::string("spa ce"),
          std::string("caf\xc3\xa9")}) {
        auto r = validate_bucket_name(name);
        ASSERT_FALSE(r.has_value()) << name;
        EXPECT_EQ(r.error().code, "InvalidBucketName");
        EXPECT_EQ(r.error().message, "The specified bucket is not valid.");
    }
}

TEST(S3ObjectKey, LengthAndEncoding) {
    EXPECT_TRUE(validate_object_key("a").has_value());
    EXPECT_TRUE(validate_object_key(std::string(1024, 'k')).has_value());
    EXPECT_TRUE(validate_object_key("dir/\xe3\x83\x86\xe3\x83\xb3\xe3\x83\x97\xe3\x83\xac.yaml").has_value());
    EXPECT_TRUE(validate_object_key("\xf0\x9f\x98\x80").has_value());

    auto too_long = validate_object_key(std::string(1025, 'k'));
    ASSERT_FALSE(too_long.has_value());
    EXPECT_EQ(too_long.error().code, "KeyTooLongError");
    EXPECT_EQ(too_long.error().message, "Your key is too long");

    EXPECT_EQ(validate_object_key("").error().code, "InvalidArgument");
    for (const char* bad : {"\xff", "a\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe3\x83"})
        EXPECT_EQ(validate_object_key(bad).error().code, "InvalidArgument") << bad;
}

TEST(S3Location, UsEast1WithoutConstraint) {
    EXPECT_EQ(resolve_bucket_region("us-east-1", "").value(), "us-east-1");
}

TEST(S3Location, RegionalEndpointWithItsOwnRegion) {
    EXPECT_EQ(resolve_bucket_region("ap-northeast-1", "ap-northeast-1").value(), "ap-northeast-1");
    EXPECT_EQ(resolve_bucket_region("eu-west-1", "EU").value(), "eu-west-1");
    EXPECT_EQ(resolve_bucket_region("eu-west-1", "eu-west-1").value(), "eu-west-1");
}

TEST(S3Location, GlobalEndpointMayCreateAnywhere) {
    EXPECT_EQ(resolve_bucket_region("us-east-1", "us-west-1").value(), "us-west-1");
    EXPECT_EQ(resolve_bucket_region("us-east-1", "EU").value(), "eu-west-1");
}

TEST(S3Location, InvalidConstraintAtUsEast1) {
    for (const char* c : {"us-east-1", "foo", "aws-global", "cn-north-1"}) {
        auto r = resolve_bucket_region("us-east-1", c);
        ASSERT_FALSE(r.has_value()) << c;
        EXPECT_EQ(r.error().code, "InvalidLocationConstraint");
        EXPECT_EQ(r.error().message, "The specified location-constraint is not valid");
    }
}

TEST(S3Location, IllegalConstraintElsewhere) {
    auto none = resolve_bucket_region("us-east-2", "");
    ASSERT_FALSE(none.has_value());
    EXPECT_EQ(none.error().code, "IllegalLocationConstraintException");
    EXPECT_EQ(none.error().message,
              "The unspecified location constraint is incompatible for the region specific endpoint this "
              "request was sent to.");

    auto other = resolve_bucket_region("us-east-2", "us-west-1");
    ASSERT_FALSE(other.has_value());
    EXPECT_EQ(other.error().code, "IllegalLocationConstraintException");
    EXPECT_EQ(other.error().message,
              "The us-west-1 location constraint is incompatible for the region specific endpoint this "
              "request was sent to.");

    EXPECT_EQ(resolve_bucket_region("us-east-2", "EU").error().message,
              "The EU location constraint is incompatible for the region specific endpoint this request was "
              "sent to.");
    EXPECT_EQ(resolve_bucket_region("eu-west-1", "bar").error().message,
              "The bar location constraint is incompatible for the region specific endpoint this request was "
              "sent to.");
    EXPECT_EQ(resolve_bucket_region("us-west-2", "us-east-1").error().code, "IllegalLocationConstraintException");
    EXPECT_EQ(resolve_bucket_region("moon-1", "moon-1").error().code, "InvalidLocationConstraint");
}

}  // namespace
}  // namespace jg::cloud::s3
