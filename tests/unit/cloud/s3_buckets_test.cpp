// CreateBucket, DeleteBucket, HeadBucket, ListBuckets, GetBucketLocation through the
// dispatch table: success and every error path.
#include "cloud/s3/errors.hpp"
#include "s3_fixture.hpp"

namespace jg::cloud::testing {
namespace {

using S3BucketsTest = S3Test;

TEST_F(S3BucketsTest, CreateListLocateDelete) {
    Credentials root = account("111111111111");
    Node created = ok(root, "s3", "CreateBucket", R"({"Bucket":"templates"})");
    EXPECT_EQ(text(created, "Location"), "/templates");

    auto tokyo = call_in("ap-northeast-1", root, "CreateBucket",
                         R"({"Bucket":"tokyo-bucket","CreateBucketConfiguration":{"LocationConstraint":"ap-northeast-1"}})");
    ASSERT_TRUE(tokyo) << tokyo.error().message;
    EXPECT_EQ(text(*tokyo, "Location"), "http://tokyo-bucket.s3.amazonaws.com/");

    Node list = ok(root, "s3", "ListBuckets");
    const Node* buckets = list.find("Buckets");
    ASSERT_TRUE(buckets && buckets->items.size() == 2);
    EXPECT_EQ(text(buckets->items[0], "Name"), "templates");
    EXPECT_EQ(text(buckets->items[1], "Name"), "tokyo-bucket");
    EXPECT_EQ(text(buckets->items[0], "CreationDate"), format_iso8601(clock.now(), true));
    EXPECT_EQ(text(list, "Owner", "ID").size(), 64u);

    EXPECT_EQ(ok(root, "s3", "GetBucketLocation", R"({"Bucket":"templates"})").find("LocationConstraint"), nullptr);
    EXPECT_EQ(text(ok(root, "s3", "GetBucketLocation", R"({"Bucket":"tokyo-bucket"})"), "LocationConstraint"),
              "ap-northeast-1");
    EXPECT_TRUE(ok(root, "s3", "HeadBucket", R"({"Bucket":"tokyo-bucket"})").members.empty());

    ok(root, "s3", "DeleteBucket", R"({"Bucket":"templates"})");
    EXPECT_EQ(error(root, "s3", "HeadBucket", R"({"Bucket":"templates"})"), "NoSuchBucket");
    EXPECT_EQ(ok(root, "s3", "ListBuckets").find("Buckets")->items.size(), 1u);
}

TEST_F(S3BucketsTest, EuAliasKeepsItsConstraint) {
    Credentials root = account("111111111111");
    ASSERT_TRUE(call_in("eu-west-1", root, "CreateBucket",
                        R"({"Bucket":"eu-bucket","CreateBucketConfiguration":{"LocationConstraint":"EU"}})"));
    EXPECT_EQ(text(ok(root, "s3", "GetBucketLocation", R"({"Bucket":"eu-bucket"})"), "LocationConstraint"), "EU");
    ok(root, "s3", "HeadBucket", R"({"Bucket":"eu-bucket"})");
}

TEST_F(S3BucketsTest, NamesAndConstraintsAreValidatedAndChangeNothing) {
    Credentials root = account("111111111111");
    Error bad = error_of(root, "s3", "CreateBucket", R"({"Bucket":"Bad_Name"})");
    EXPECT_EQ(bad.code, "InvalidBucketName");
    EXPECT_EQ(bad.message, "The specified bucket is not valid.");
    EXPECT_EQ(error(root, "s3", "CreateBucket", R"({})"), "ValidationError");

    auto unspecified = call_in("us-east-2", root, "CreateBucket", R"({"Bucket":"b-east-2"})");
    ASSERT_FALSE(unspecified);
    EXPECT_EQ(unspecified.error().code, "IllegalLocationConstraintException");
    auto invalid = call_in("us-east-1", root, "CreateBucket",
                           R"({"Bucket":"b-east-1","CreateBucketConfiguration":{"LocationConstraint":"us-east-1"}})");
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().code, "InvalidLocationConstraint");
    auto mismatch = call_in("us-west-2", root, "CreateBucket",
                            R"({"Bucket":"b-west","CreateBucketConfiguration":{"LocationConstraint":"eu-west-1"}})");
    ASSERT_FALSE(mismatch);
    EXPECT_EQ(mismatch.error().message,
              "The eu-west-1 location constraint is incompatible for the region specific endpoint this request "
              "was sent to.");
    EXPECT_EQ(ok(root, "s3", "ListBuckets").find("Buckets")->items.size(), 0u);
}

TEST_F(S3BucketsTest, AlreadyOwnedAlreadyExistsAndTheUsEast1Legacy) {
    Credentials a = account("111111111111");
    Credentials b = account("222222222222");
    ok(a, "s3", "CreateBucket", R"({"Bucket":"shared-name"})");
    // N. Virginia: re-creating your own bucket answers 200 OK.
    EXPECT_EQ(text(ok(a, "s3", "CreateBucket", R"({"Bucket":"shared-name"})"), "Location"), "/shared-name");
    // Elsewhere: BucketAlreadyOwnedByYou.
    auto owned = call_in("us-east-1", a, "CreateBucket",
                         R"({"Bucket":"shared-name","CreateBucketConfiguration":{"LocationConstraint":"us-west-1"}})");
    ASSERT_FALSE(owned);
    EXPECT_EQ(owned.error().code, "BucketAlreadyOwnedByYou");
    EXPECT_EQ(owned.error().message, "Your previous request to create the named bucket succeeded and you already own it.");
    ASSERT_TRUE(call_in("eu-west-1", a, "CreateBucket",
                        R"({"Bucket":"eu-owned","CreateBucketConfiguration":{"LocationConstraint":"eu-west-1"}})"));
    auto again = call_in("eu-west-1", a, "CreateBucket",
                         R"({"Bucket":"eu-owned","CreateBucketConfiguration":{"LocationConstraint":"eu-west-1"}})");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "BucketAlreadyOwnedByYou");

    // Names are global: another account cannot take it, in any region.
    Error taken = error_of(b, "s3", "CreateBucket", R"({"Bucket":"shared-name"})");
    EXPECT_EQ(taken.code, "BucketAlreadyExists");
    EXPECT_EQ(taken.message,
              "The requested bucket name is not available. The bucket namespace is shared by all users of the "
              "system. Please select a different name and try again.");
    EXPECT_EQ(ok(b, "s3", "ListBuckets").find("Buckets")->items.size(), 0u);
    EXPECT_EQ(ok(a, "s3", "ListBuckets").find("Buckets")->items.size(), 2u);
}

TEST_F(S3BucketsTest, DeleteRefusesNonEmptyAndUnknownBuckets) {
    Credentials root = account("111111111111");
    ok(root, "s3", "CreateBucket", R"({"Bucket":"full"})");
    ASSERT_TRUE(put(root, "full", "a.txt", "x"));
    Error not_empty = error_of(root, "s3", "DeleteBucket", R"({"Bucket":"full"})");
    EXPECT_EQ(not_empty.code, "BucketNotEmpty");
    EXPECT_EQ(not_empty.message, "The bucket you tried to delete is not empty");
    EXPECT_EQ(text(ok(root, "s3", "HeadObject", R"({"Bucket":"full","Key":"a.txt"})"), "ContentLength"), "1");

    ok(root, "s3", "DeleteObject", R"({"Bucket":"full","Key":"a.txt"})");
    ok(root, "s3", "DeleteBucket", R"({"Bucket":"full"})");
    Error gone = error_of(root, "s3", "DeleteBucket", R"({"Bucket":"full"})");
    EXPECT_EQ(gone.code, "NoSuchBucket");
    EXPECT_EQ(gone.message, "The specified bucket does not exist");
    for (const char* action : {"HeadBucket", "GetBucketLocation", "ListObjectsV2", "GetBucketPolicy"})
        EXPECT_EQ(error(root, "s3", action, R"({"Bucket":"never-made"})"), "NoSuchBucket") << action;
    // A deleted name is free again, also for another account.
    Credentials other = account("222222222222");
    ok(other, "s3", "CreateBucket", R"({"Bucket":"full"})");
}

TEST_F(S3BucketsTest, CallersNeedPermissions) {
    Credentials root = account("111111111111");
    Credentials nobody = user(root, "111111111111", "nobody");
    Error denied = error_of(nobody, "s3", "CreateBucket", R"({"Bucket":"mine"})");
    EXPECT_EQ(denied.code, "AccessDenied");
    EXPECT_EQ(denied.message,
              "User: arn:aws:iam::111111111111:user/nobody is not authorized to perform: s3:CreateBucket on "
              "resource: arn:aws:s3:::mine because no identity-based policy allows the s3:CreateBucket action");
    EXPECT_EQ(error(nobody, "s3", "ListBuckets"), "AccessDenied");

    Credentials maker = user(root, "111111111111", "maker",
                             allow(R"(["s3:CreateBucket","s3:ListAllMyBuckets"])", R"("*")"));
    ok(maker, "s3", "CreateBucket", R"({"Bucket":"mine"})");
    EXPECT_EQ(ok(maker, "s3", "ListBuckets").find("Buckets")->items.size(), 1u);
    EXPECT_EQ(error(maker, "s3", "DeleteBucket", R"({"Bucket":"mine"})"), "AccessDenied");
    EXPECT_EQ(error(nobody, "s3", "HeadBucket", R"({"Bucket":"mine"})"), "AccessDenied");
}

TEST_F(S3BucketsTest, ErrorStatusTable) {
    EXPECT_EQ(s3::http_status("NoSuchBucket"), 404);
    EXPECT_EQ(s3::http_status("BucketAlreadyOwnedByYou"), 409);
    EXPECT_EQ(s3::http_status("MalformedPolicy"), 400);
    EXPECT_EQ(s3::http_status("MethodNotAllowed"), 405);
    EXPECT_EQ(s3::http_status("AccessDenied"), 403);
    EXPECT_EQ(s3::http_status("NoSuchEntity"), 0);
}

}  // namespace
}  // namespace jg::cloud::testing
