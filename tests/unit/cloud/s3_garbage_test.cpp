// Malformed input to every S3 operation: an error (never a crash, never a change).
#include "cloud/operations.hpp"
#include "s3_fixture.hpp"

namespace jg::cloud::testing {
namespace {

using S3GarbageTest = S3Test;

TEST_F(S3GarbageTest, EveryOperationRefusesMalformedInput) {
    Credentials root = account("111111111111");
    ok(root, "s3", "CreateBucket", R"({"Bucket":"keep"})");
    ASSERT_TRUE(put(root, "keep", "k", "v"));
    const char* inputs[] = {
        R"({})",
        R"({"Bucket":{"x":1}})",
        R"({"Bucket":["keep"]})",
        R"({"Bucket":"keep","Key":["k"]})",
        R"({"Bucket":"keep","Key":""})",
        R"({"Bucket":"keep/k","Key":"k"})",
        R"({"Bucket":"keep","Key":"zz","Body":{"b":1},"Metadata":"m","CopySource":"","MaxKeys":-5,"Policy":""})",
        R"({"Bucket":"keep","Key":"zz","Body":[1],"Metadata":{"a":{"b":1}},"CopySource":"/","MaxKeys":"x","Policy":"{"})",
        R"({"Bucket":"keep","Key":"zz","Body":5,"CopySource":"keep/","ContinuationToken":"%%%","Policy":"[]"})",
    };
    int refused = 0;
    for (const auto& op : operations()) {
        if (op.service != "s3" || op.action == "ListBuckets") continue;
        for (const char* input : inputs) {
            auto r = call(root, "s3", op.action, input);
            // A few inputs are legitimate for some operations (HeadBucket ignores Key,
            // DeleteObject of an absent key succeeds); whenever one fails, it fails
            // with an AWS error code and message.
            if (!r) {
                ++refused;
                EXPECT_FALSE(r.error().code.empty()) << op.action << " " << input;
                EXPECT_FALSE(r.error().message.empty()) << op.action << " " << input;
            }
        }
    }
    EXPECT_GT(refused, 80);
    // The bucket and its object are still there, unchanged.
    Node got = ok(root, "s3", "GetObject", R"({"Bucket":"keep","Key":"k"})");
    EXPECT_EQ(got.find("Body")->text, "v");
    EXPECT_EQ(error(root, "s3", "GetBucketPolicy", R"({"Bucket":"keep"})"), "NoSuchBucketPolicy");
    EXPECT_EQ(ok(root, "s3", "ListBuckets").find("Buckets")->items.size(), 1u);
}

}  // namespace
}  // namespace jg::cloud::testing
