// PutObject, GetObject, HeadObject, DeleteObject, CopyObject, ListObjectsV2 through the
// dispatch table.
#include "s3_fixture.hpp"

namespace jg::cloud::testing {
namespace {

class S3ObjectsTest : public S3Test {
protected:
    void SetUp() override {
        S3Test::SetUp();
        root = account("111111111111");
        ok(root, "s3", "CreateBucket", R"({"Bucket":"bucket"})");
    }
    Credentials root;
};

TEST_F(S3ObjectsTest, PutGetHeadWithMetadata) {
    const std::string bytes("binary\0\xff\x01 body", 15);
    auto put_result = put(root, "bucket", "dir/file.bin", bytes,
                          R"({"ContentType":"application/x-yaml","Metadata":{"Owner":"ops","stage":"prod"}})");
    ASSERT_TRUE(put_result) << put_result.error().message;
    EXPECT_EQ(text(*put_result, "ETag"), "\"" + hex_encode(md5(bytes)) + "\"");

    clock.advance(std::chrono::seconds(5));
    Node got = ok(root, "s3", "GetObject", R"({"Bucket":"bucket","Key":"dir/file.bin"})");
    EXPECT_EQ(got.find("Body")->text, bytes);
    EXPECT_EQ(text(got, "ContentLength"), "15");
    EXPECT_EQ(text(got, "ContentType"), "application/x-yaml");
    EXPECT_EQ(text(got, "ETag"), text(*put_result, "ETag"));
    EXPECT_EQ(text(got, "LastModified"), format_iso8601(clock.now() - std::chrono::seconds(5), true));
    EXPECT_EQ(text(got, "Metadata", "owner"), "ops");  // names are lower-case, as S3 keeps them
    EXPECT_EQ(text(got, "Metadata", "stage"), "prod");

    Node head = ok(root, "s3", "HeadObject", R"({"Bucket":"bucket","Key":"dir/file.bin"})");
    EXPECT_EQ(head.find("Body"), nullptr);
    EXPECT_EQ(text(head, "ContentLength"), "15");
    EXPECT_EQ(text(head, "ETag"), text(got, "ETag"));

    // Overwrite: new bytes, default content type, no metadata.
    ASSERT_TRUE(put(root, "bucket", "dir/file.bin", ""));
    Node again = ok(root, "s3", "GetObject", R"({"Bucket":"bucket","Key":"dir/file.bin"})");
    EXPECT_EQ(again.find("Body")->text, "");
    EXPECT_EQ(text(again, "ETag"), "\"d41d8cd98f00b204e9800998ecf8427e\"");
    EXPECT_EQ(text(again, "ContentType"), "binary/octet-stream");
    EXPECT_TRUE(again.find("Metadata")->members.empty());
}

TEST_F(S3ObjectsTest, MissingKeysBucketsAndBadKeys) {
    Error missing = error_of(root, "s3", "GetObject", R"({"Bucket":"bucket","Key":"nope"})");
    EXPECT_EQ(missing.code, "NoSuchKey");
    EXPECT_EQ(missing.message, "The specified key does not exist.");
    EXPECT_EQ(error(root, "s3", "HeadObject", R"({"Bucket":"bucket","Key":"nope"})"), "NoSuchKey");
    EXPECT_EQ(error(root, "s3", "GetObject", R"({"Bucket":"nobucket","Key":"k"})"), "NoSuchBucket");
    EXPECT_EQ(put(root, "nobucket", "k", "x").error().code, "NoSuchBucket");
    EXPECT_EQ(put(root, "bucket", std::string(1025, 'k'), "x").error().code, "KeyTooLongError");
    EXPECT_EQ(put(root, "bucket", "", "x").error().code, "InvalidArgument");
    EXPECT_EQ(error(root, "s3", "GetObject", R"({"Bucket":"bucket"})"), "ValidationError");
    const std::string big_value(2100, 'v');
    EXPECT_EQ(put(root, "bucket", "k", "x", R"({"Metadata":{"m":")" + big_value + R"("}})").error().code,
              "MetadataTooLarge");
    EXPECT_EQ(put(root, "bucket", "k", std::string(s3::k_max_object_bytes + 1, 'b')).error().code,
              "EntityTooLarge");
    EXPECT_EQ(ok(root, "s3", "ListObjectsV2", R"({"Bucket":"bucket"})").find("KeyCount")->text, "0");
}

// If-None-Match: * (S3's conditional write, AWS since 2024): the object is created only
// when the key is free; an existing key answers 412 PreconditionFailed and keeps its bytes.
TEST_F(S3ObjectsTest, IfNoneMatchStarCreatesOnlyAnAbsentKey) {
    ASSERT_TRUE(put(root, "bucket", "apply.lock", "first", R"({"IfNoneMatch":"*"})"));
    auto second = put(root, "bucket", "apply.lock", "second", R"({"IfNoneMatch":"*"})");
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, "PreconditionFailed");
    EXPECT_EQ(second.error().message, "At least one of the pre-conditions you specified did not hold");
    EXPECT_EQ(ok(root, "s3", "GetObject", R"({"Bucket":"bucket","Key":"apply.lock"})").find("Body")->text, "first");
    // Without the header the key is overwritten as always; once deleted it is free again.
    ASSERT_TRUE(put(root, "bucket", "apply.lock", "third"));
    ok(root, "s3", "DeleteObject", R"({"Bucket":"bucket","Key":"apply.lock"})");
    ASSERT_TRUE(put(root, "bucket", "apply.lock", "fourth", R"({"IfNoneMatch":"*"})"));
    // S3 takes only "*" on a write.
    auto etag = put(root, "bucket", "other", "x", R"({"IfNoneMatch":"\"abc\""})");
    ASSERT_FALSE(etag);
    EXPECT_EQ(etag.error().code, "NotImplemented");
}

TEST_F(S3ObjectsTest, DeleteIsIdempotent) {
    ASSERT_TRUE(put(root, "bucket", "k", "x"));
    ok(root, "s3", "DeleteObject", R"({"Bucket":"bucket","Key":"k"})");
    ok(root, "s3", "DeleteObject", R"({"Bucket":"bucket","Key":"k"})");
    EXPECT_EQ(error(root, "s3", "GetObject", R"({"Bucket":"bucket","Key":"k"})"), "NoSuchKey");
    EXPECT_EQ(error(root, "s3", "DeleteObject", R"({"Bucket":"nobucket","Key":"k"})"), "NoSuchBucket");
}

TEST_F(S3ObjectsTest, CopyWithCopyAndReplaceDirectives) {
    ok(root, "s3", "CreateBucket", R"({"Bucket":"other"})");
    ASSERT_TRUE(put(root, "bucket", "src key.yaml", "template", R"({"ContentType":"text/yaml","Metadata":{"a":"1"}})"));
    clock.advance(std::chrono::seconds(1));

    Node copied = ok(root, "s3", "CopyObject", R"({"Bucket":"other","Key":"copy.yaml","CopySource":"bucket/src%20key.yaml"})");
    EXPECT_EQ(text(copied, "CopyObjectResult", "ETag"), "\"" + hex_encode(md5("template")) + "\"");
    EXPECT_EQ(text(copied, "CopyObjectResult", "LastModified"), format_iso8601(clock.now(), true));
    Node got = ok(root, "s3", "GetObject", R"({"Bucket":"other","Key":"copy.yaml"})");
    EXPECT_EQ(got.find("Body")->text, "template");
    EXPECT_EQ(text(got, "ContentType"), "text/yaml");
    EXPECT_EQ(text(got, "Metadata", "a"), "1");

    ok(root, "s3", "CopyObject",
       R"({"Bucket":"bucket","Key":"src key.yaml","CopySource":"/bucket/src key.yaml?versionId=null","MetadataDirective":"REPLACE","Metadata":{"b":"2"}})");
    Node replaced = ok(root, "s3", "HeadObject", R"({"Bucket":"bucket","Key":"src key.yaml"})");
    EXPECT_EQ(text(replaced, "Metadata", "b"), "2");
    EXPECT_EQ(replaced.find("Metadata")->find("a"), nullptr);
    EXPECT_EQ(text(replaced, "ContentType"), "binary/octet-stream");

    Error itself = error_of(root, "s3", "CopyObject", R"({"Bucket":"bucket","Key":"src key.yaml","CopySource":"bucket/src key.yaml"})");
    EXPECT_EQ(itself.code, "InvalidRequest");
    EXPECT_EQ(itself.message,
              "This copy request is illegal because it is trying to copy an object to itself without changing the "
              "object's metadata, storage class, website redirect location or encryption attributes.");
    Error directive = error_of(root, "s3", "CopyObject", R"({"Bucket":"other","Key":"x","CopySource":"bucket/src key.yaml","MetadataDirective":"MOVE"})");
    EXPECT_EQ(directive.code, "InvalidArgument");
    EXPECT_EQ(directive.message, "Unknown metadata directive.");
    Error format = error_of(root, "s3", "CopyObject", R"({"Bucket":"other","Key":"x","CopySource":"justbucket"})");
    EXPECT_EQ(format.message, "Invalid copy source object key");
    EXPECT_EQ(error(root, "s3", "CopyObject", R"({"Bucket":"other","Key":"x","CopySource":"bucket/absent"})"), "NoSuchKey");
    EXPECT_EQ(error(root, "s3", "CopyObject", R"({"Bucket":"other","Key":"x","CopySource":"nobucket/k"})"), "NoSuchBucket");
    EXPECT_EQ(error(root, "s3", "CopyObject", R"({"Bucket":"nobucket","Key":"x","CopySource":"bucket/src key.yaml"})"), "NoSuchBucket");
    EXPECT_EQ(error(root, "s3", "HeadObject", R"({"Bucket":"other","Key":"x"})"), "NoSuchKey");
}

TEST_F(S3ObjectsTest, ListObjectsV2PagesThroughTheStore) {
    for (const char* key : {"stackset-admin-role.yaml", "iam-global-groups.yaml", "iam-groups.yaml", "iam-roles.yaml",
                            "dir/a.yaml", "dir/b.yaml", "dir/sub/c.yaml"})
        ASSERT_TRUE(put(root, "bucket", key, std::string("body of ") + key));
    ok(root, "s3", "CreateBucket", R"({"Bucket":"bucket2"})");
    ASSERT_TRUE(put(root, "bucket2", "iam-zzz.yaml", "other bucket"));

    Node all = ok(root, "s3", "ListObjectsV2", R"({"Bucket":"bucket"})");
    EXPECT_EQ(text(all, "KeyCount"), "7");
    EXPECT_EQ(text(all, "IsTruncated"), "false");
    EXPECT_EQ(text(all, "MaxKeys"), "1000");
    EXPECT_EQ(text(all, "Name"), "bucket");
    const Node& first = all.find("Contents")->items[0];
    EXPECT_EQ(text(first, "Key"), "dir/a.yaml");
    EXPECT_EQ(text(first, "Size"), "18");
    EXPECT_EQ(text(first, "ETag"), "\"" + hex_encode(md5("body of dir/a.yaml")) + "\"");
    EXPECT_EQ(text(first, "StorageClass"), "STANDARD");

    Node top = ok(root, "s3", "ListObjectsV2", R"({"Bucket":"bucket","Delimiter":"/"})");
    EXPECT_EQ(text(top, "KeyCount"), "5");
    ASSERT_EQ(top.find("CommonPrefixes")->items.size(), 1u);
    EXPECT_EQ(text(top.find("CommonPrefixes")->items[0], "Prefix"), "dir/");
    EXPECT_EQ(text(top, "Delimiter"), "/");

    Node iam = ok(root, "s3", "ListObjectsV2", R"({"Bucket":"bucket","Prefix":"iam-","MaxKeys":2})");
    EXPECT_EQ(text(iam, "IsTruncated"), "true");
    EXPECT_EQ(text(iam, "KeyCount"), "2");
    const std::string token = text(iam, "NextContinuationToken");
    Node rest = ok(root, "s3", "ListObjectsV2",
                   R"({"Bucket":"bucket","Prefix":"iam-","MaxKeys":2,"ContinuationToken":")" + token + R"("})");
    EXPECT_EQ(text(rest, "KeyCount"), "1");
    EXPECT_EQ(text(rest.find("Contents")->items[0], "Key"), "iam-roles.yaml");
    EXPECT_EQ(text(rest, "ContinuationToken"), token);
    EXPECT_EQ(rest.find("NextContinuationToken"), nullptr);

    Node after = ok(root, "s3", "ListObjectsV2", R"({"Bucket":"bucket","StartAfter":"iam-roles.yaml"})");
    EXPECT_EQ(text(after, "KeyCount"), "1");
    EXPECT_EQ(text(after, "StartAfter"), "iam-roles.yaml");

    Node encoded = ok(root, "s3", "ListObjectsV2", R"({"Bucket":"bucket","Prefix":"dir/s","EncodingType":"url"})");
    EXPECT_EQ(text(encoded, "EncodingType"), "url");
    EXPECT_EQ(text(encoded.find("Contents")->items[0], "Key"), "dir/sub/c.yaml");

    EXPECT_EQ(error_of(root, "s3", "ListObjectsV2", R"({"Bucket":"bucket","ContinuationToken":""})").message,
              "The continuation token provided is incorrect");
    EXPECT_EQ(error(root, "s3", "ListObjectsV2", R"({"Bucket":"bucket","EncodingType":"base64"})"), "InvalidArgument");
    EXPECT_EQ(error(root, "s3", "ListObjectsV2", R"({"Bucket":"bucket","MaxKeys":"many"})"), "InvalidArgument");
}

}  // namespace
}  // namespace jg::cloud::testing
