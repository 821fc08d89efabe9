// S3's state survives closing and reopening the store: buckets, objects (bytes,
// metadata), the ownership index and bucket policies, which are still enforced.
#include "cloud/accounts.hpp"
#include "s3_fixture.hpp"

namespace jg::cloud::testing {
namespace {

using S3PersistenceTest = S3Test;

struct Opened {
    std::unique_ptr<store::Store> store;
    std::unique_ptr<Cloud> cloud;
};

Opened open_home(const std::string& dir, Clock& clock, Random& random) {
    Opened o;
    auto store = store::Store::open(dir);
    EXPECT_TRUE(store) << store.error().str();
    if (!store) return o;
    o.store = std::move(*store);
    auto cloud = Cloud::open(*o.store, clock, random);
    EXPECT_TRUE(cloud) << cloud.error().str();
    if (cloud) o.cloud = std::move(*cloud);
    return o;
}

Node input(std::string_view json) {
    auto n = parse_json(json);
    return n ? *n : Node::make_object();
}

TEST_F(S3PersistenceTest, EverythingSurvivesAReopen) {
    const std::string dir = home() + "-reopened";
    Credentials admin, member;
    const std::string bytes("yaml\0bytes\xff", 11);
    {
        Opened first = open_home(dir, clock, random);
        ASSERT_TRUE(first.cloud);
        auto a = add_account(*first.cloud, "111111111111");
        auto m = add_account(*first.cloud, "222222222222");
        ASSERT_TRUE(a && m);
        admin = {a->root_access_key_id, {}};
        member = {m->root_access_key_id, {}};
        RequestInfo tokyo;
        tokyo.region = "ap-northeast-1";
        ASSERT_TRUE(first.cloud->call(admin, "s3", "CreateBucket",
                                      input(R"({"Bucket":"kept","CreateBucketConfiguration":{"LocationConstraint":"ap-northeast-1"}})"),
                                      tokyo));
        Node put = input(R"({"Bucket":"kept","Key":"t/iam-roles.yaml","ContentType":"text/yaml","Metadata":{"k":"v"}})");
        put.add("Body", str(bytes));
        ASSERT_TRUE(first.cloud->call(admin, "s3", "PutObject", put));
        ASSERT_TRUE(first.cloud->call(admin, "s3", "PutBucketPolicy",
                                      input(R"({"Bucket":"kept","Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"222222222222\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::kept/t/*\"}]}"})")));
    }
    Opened second = open_home(dir, clock, random);
    ASSERT_TRUE(second.cloud);
    auto list = second.cloud->call(admin, "s3", "ListBuckets", input("{}"));
    ASSERT_TRUE(list);
    ASSERT_EQ(list->find("Buckets")->items.size(), 1u);
    EXPECT_EQ(text(list->find("Buckets")->items[0], "Name"), "kept");
    auto location = second.cloud->call(admin, "s3", "GetBucketLocation", input(R"({"Bucket":"kept"})"));
    ASSERT_TRUE(location);
    EXPECT_EQ(text(*location, "LocationConstraint"), "ap-northeast-1");

    // The member account reads through the persisted bucket policy.
    auto got = second.cloud->call(member, "s3", "GetObject", input(R"({"Bucket":"kept","Key":"t/iam-roles.yaml"})"));
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->find("Body")->text, bytes);
    EXPECT_EQ(text(*got, "ContentType"), "text/yaml");
    EXPECT_EQ(text(*got, "Metadata", "k"), "v");
    EXPECT_EQ(text(*got, "ETag"), "\"" + hex_encode(md5(bytes)) + "\"");
    auto listed = second.cloud->call(admin, "s3", "ListObjectsV2", input(R"({"Bucket":"kept"})"));
    ASSERT_TRUE(listed);
    EXPECT_EQ(text(*listed, "KeyCount"), "1");
    // ...and nothing beyond it.
    EXPECT_EQ(second.cloud->call(member, "s3", "ListObjectsV2", input(R"({"Bucket":"kept"})")).error().code,
              "AccessDenied");
    // The name is still taken for everyone else.
    EXPECT_EQ(second.cloud->call(member, "s3", "CreateBucket", input(R"({"Bucket":"kept"})")).error().code,
              "BucketAlreadyExists");
    second.cloud.reset();
    second.store.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace jg::cloud::testing
