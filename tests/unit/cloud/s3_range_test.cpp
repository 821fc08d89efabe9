// GetObject's Range: the byte-range rules, then a ranged read through the dispatch table.
#include "cloud/s3/range.hpp"

#include "s3_fixture.hpp"

namespace jg::cloud::testing {
namespace {

TEST(S3Range, ReadsOneByteRangeAsS3Does) {
    struct Case {
        const char* header;
        std::int64_t size;
        std::int64_t first, last;  // -1: the whole object
    };
    const Case cases[] = {
        {"bytes=0-4", 10, 0, 4},      {"bytes=5-", 10, 5, 9},     {"bytes=-3", 10, 7, 9},
        {"bytes=-30", 10, 0, 9},      {"bytes=2-100", 10, 2, 9},  {"BYTES = 1-1", 10, -1, -1},
        {"bytes=1-2,4-5", 10, -1, -1}, {"items=0-1", 10, -1, -1}, {"bytes=5-2", 10, -1, -1},
        {"bytes=x-2", 10, -1, -1},    {"bytes=9-9", 10, 9, 9},    {"bytes=-", 10, -1, -1},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.header);
        auto range = s3::resolve_range(c.header, c.size);
        ASSERT_TRUE(range) << range.error().message;
        if (c.first < 0) {
            EXPECT_FALSE(range->has_value());
            continue;
        }
        ASSERT_TRUE(range->has_value());
        EXPECT_EQ((*range)->first, c.first);
        EXPECT_EQ((*range)->last, c.last);
    }
    for (auto [header, size] : {std::pair{"bytes=10-", 10}, {"bytes=10-20", 10}, {"bytes=-0", 10}, {"bytes=0-", 0}}) {
        auto range = s3::resolve_range(header, size);
        ASSERT_FALSE(range) << header;
        EXPECT_EQ(range.error().code, "InvalidRange");
        EXPECT_EQ(range.error().message, "The requested range is not satisfiable");
    }
}

class S3RangeTest : public S3Test {};

TEST_F(S3RangeTest, GetObjectServesThePartAndSaysWhere) {
    Credentials root = account("111111111111");
    ok(root, "s3", "CreateBucket", R"({"Bucket":"bucket"})");
    ASSERT_TRUE(put(root, "bucket", "k", "0123456789"));
    Node part = ok(root, "s3", "GetObject", R"({"Bucket":"bucket","Key":"k","Range":"bytes=2-4"})");
    EXPECT_EQ(part.find("Body")->text, "234");
    EXPECT_EQ(text(part, "ContentLength"), "3");
    EXPECT_EQ(text(part, "ContentRange"), "bytes 2-4/10");
    Node whole = ok(root, "s3", "GetObject", R"({"Bucket":"bucket","Key":"k","Range":"bytes=3-1"})");
    EXPECT_EQ(whole.find("Body")->text, "0123456789");
    EXPECT_EQ(whole.find("ContentRange"), nullptr);
    EXPECT_EQ(error(root, "s3", "GetObject", R"({"Bucket":"bucket","Key":"k","Range":"bytes=10-"})"), "InvalidRange");
}

}  // namespace
}  // namespace jg::cloud::testing
