// ListObjects (version 1) through the dispatch table: Marker paging, NextMarker with a
// Delimiter (also when the page ends on a CommonPrefix), owners on every object.
#include "s3_fixture.hpp"

namespace jg::cloud::testing {
namespace {

class S3ListObjectsV1Test : public S3Test {
protected:
    void SetUp() override {
        S3Test::SetUp();
        root = account("111111111111");
        ok(root, "s3", "CreateBucket", R"({"Bucket":"bucket"})");
        for (const char* key : {"a.yaml", "dir/a.yaml", "dir/b.yaml", "dir/sub/c.yaml", "e.yaml", "f g.yaml"})
            EXPECT_TRUE(put(root, "bucket", key, key));
    }
    std::vector<std::string> entries(const Node& page) {
        std::vector<std::string> out;
        if (const Node* c = page.find("Contents"))
            for (const auto& o : c->items) out.push_back(text(o, "Key"));
        if (const Node* p = page.find("CommonPrefixes"))
            for (const auto& o : p->items) out.push_back(text(o, "Prefix") + " (prefix)");
        return out;
    }
    Credentials root;
};

TEST_F(S3ListObjectsV1Test, AllKeysWithOwners) {
    Node all = ok(root, "s3", "ListObjects", R"({"Bucket":"bucket"})");
    EXPECT_EQ(entries(all), (std::vector<std::string>{"a.yaml", "dir/a.yaml", "dir/b.yaml", "dir/sub/c.yaml", "e.yaml",
                                                      "f g.yaml"}));
    EXPECT_EQ(text(all, "IsTruncated"), "false");
    EXPECT_EQ(text(all, "Marker"), "");
    EXPECT_EQ(all.find("NextMarker"), nullptr);
    EXPECT_EQ(text(all.find("Contents")->items[0], "Owner", "DisplayName"), "111111111111");
    Node encoded = ok(root, "s3", "ListObjects", R"({"Bucket":"bucket","Marker":"e.yaml","EncodingType":"url"})");
    EXPECT_EQ(entries(encoded), std::vector<std::string>{"f%20g.yaml"});
}

TEST_F(S3ListObjectsV1Test, PagesByNextMarkerThroughCommonPrefixes) {
    std::vector<std::string> seen;
    std::string marker;
    for (int pages = 0; pages < 10; ++pages) {
        Node page = ok(root, "s3", "ListObjects",
                       R"({"Bucket":"bucket","Delimiter":"/","MaxKeys":1,"Marker":")" + marker + "\"}");
        for (auto& e : entries(page)) seen.push_back(e);
        if (text(page, "IsTruncated") == "false") {
            EXPECT_EQ(page.find("NextMarker"), nullptr);
            break;
        }
        marker = text(page, "NextMarker");
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"a.yaml", "dir/ (prefix)", "e.yaml", "f g.yaml"}));
    // Without a Delimiter there is no NextMarker: clients continue after the last Key.
    Node first = ok(root, "s3", "ListObjects", R"({"Bucket":"bucket","MaxKeys":2})");
    EXPECT_EQ(text(first, "IsTruncated"), "true");
    EXPECT_EQ(first.find("NextMarker"), nullptr);
    Node next = ok(root, "s3", "ListObjects", R"({"Bucket":"bucket","MaxKeys":2,"Marker":"dir/a.yaml"})");
    EXPECT_EQ(entries(next), (std::vector<std::string>{"dir/b.yaml", "dir/sub/c.yaml"}));
    EXPECT_EQ(error(root, "s3", "ListObjects", R"({"Bucket":"nobucket"})"), "NoSuchBucket");
}

}  // namespace
}  // namespace jg::cloud::testing
