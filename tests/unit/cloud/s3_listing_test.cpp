// ListObjectsV2 paging over an in-memory key set, against the cases LocalStack recorded
// from AWS (test_s3_list_operations snapshots) and the rules in listing.hpp.
#include "cloud/s3/listing.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "cloud/s3/etag.hpp"

namespace jg::cloud::s3 {
namespace {

// A sorted key set with a fetcher that honours prefix/after/limit and counts its calls.
struct Keys {
    std::set<std::string> keys;
    int fetches = 0;

    KeyFetcher fetcher() {
        return [this](std::string_view prefix, std::string_view after,
                      std::size_t limit) -> Result<std::vector<ListedObject>> {
            ++fetches;
            std::vector<ListedObject> out;
            for (auto it = keys.upper_bound(std::string(after)); it != keys.end() && out.size() < limit; ++it) {
                if (!it->starts_with(prefix)) continue;
                out.push_back(ListedObject{*it, 11, etag_of("content 123"), "2026-11-27T00:00:00.000Z"});
            }
            return out;
        };
    }
};

std::vector<std::string> keys_of(const ListPage& page) {
    std::vector<std::string> out;
    for (const auto& o : page.contents) out.push_back(o.key);
    return out;
}

TEST(S3Etag, IsQuotedMd5Hex) {
    EXPECT_EQ(etag_of(""), "\"d41d8cd98f00b204e9800998ecf8427e\"");
    EXPECT_EQ(etag_of("content 123"), "\"0d9fa06a66933b40f615f530e59edd6b\"");
}

TEST(S3Listing, MaxKeysThenContinuation) {
    Keys k;
    for (int i = 0; i < 12; ++i) k.keys.insert("test_" + std::to_string(i));
    auto first = list_page({.max_keys = 5}, k.fetcher()).value();
    EXPECT_EQ(keys_of(first), (std::vector<std::string>{"test_0", "test_1", "test_10", "test_11", "test_2"}));
    EXPECT_TRUE(first.is_truncated);
    EXPECT_EQ(first.key_count, 5);
    EXPECT_EQ(first.max_keys, 5);
    ASSERT_FALSE(first.next_continuation_token.empty());

    auto rest = list_page({.continuation_token = first.next_continuation_token}, k.fetcher()).value();
    EXPECT_EQ(keys_of(rest), (std::vector<std::string>{"test_3", "test_4", "test_5", "test_6", "test_7",
                                                       "test_8", "test_9"}));
    EXPECT_FALSE(rest.is_truncated);
    EXPECT_EQ(rest.key_count, 7);
    EXPECT_EQ(rest.max_keys, 1000);
    EXPECT_EQ(rest.continuation_token, first.next_continuation_token);
    EXPECT_TRUE(rest.next_continuation_token.empty());
}

TEST(S3Listing, StartAfterAndTruncationOnlyWhenMoreFollows) {
    Keys k;
    for (int i = 0; i < 12; ++i) k.keys.insert("test_" + std::to_string(i));
    auto page = list_page({.start_after = "test_7", .max_keys = 2}, k.fetcher()).value();
    EXPECT_EQ(keys_of(page), (std::vector<std::string>{"test_8", "test_9"}));
    EXPECT_FALSE(page.is_truncated);
    EXPECT_EQ(page.start_after, "test_7");

    // A token wins over StartAfter, which is then not echoed.
    const auto token = list_page({.max_keys = 5}, k.fetcher()).value().next_continuation_token;
    auto both = list_page({.start_after = "test_7", .continuation_token = token}, k.fetcher()).value();
    EXPECT_EQ(both.contents.front().key, "test_3");
    EXPECT_EQ(both.key_count, 7);
    EXPECT_FALSE(both.start_after.has_value());
}

TEST(S3Listing, DelimiterRollsUpCommonPrefixes) {
    Keys k;
    k.keys = {"test/foo/bar/123", "test/foo/bar/456", "test/bar/foo/123"};
    auto page = list_page({.prefix = "test/", .delimiter = "/"}, k.fetcher()).value();
    EXPECT_TRUE(page.contents.empty());
    EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"test/bar/", "test/foo/"}));
    EXPECT_EQ(page.key_count, 2);

    auto one = list_page({.prefix = "test/", .delimiter = "/", .max_keys = 1}, k.fetcher()).value();
    EXPECT_EQ(one.common_prefixes, (std::vector<std::string>{"test/bar/"}));
    EXPECT_TRUE(one.is_truncated);

    auto partial = list_page({.prefix = "test/foo", .delimiter = "/"}, k.fetcher()).value();
    EXPECT_EQ(partial.common_prefixes, (std::vector<std::string>{"test/foo/"}));

    auto deep = list_page({.prefix = "test/foo/bar", .delimiter = "/"}, k.fetcher()).value();
    EXPECT_EQ(deep.common_prefixes, (std::vector<std::string>{"test/foo/bar/"}));
    EXPECT_TRUE(deep.contents.empty());
}

TEST(S3Listing, ContinuationAcrossCommonPrefixes) {
    Keys k;
    k.keys = {"folder/aSubfolder/subFile1", "folder/aSubfolder/subFile2", "folder/file1", "folder/file2"};
    ListRequest request{.prefix = "folder/", .delimiter = "/", .max_keys = 1};
    auto start = list_page(request, k.fetcher()).value();
    EXPECT_EQ(start.common_prefixes, (std::vector<std::string>{"folder/aSubfolder/"}));
    EXPECT_TRUE(start.is_truncated);

    request.continuation_token = start.next_continuation_token;
    auto next = list_page(request, k.fetcher()).value();
    EXPECT_EQ(keys_of(next), (std::vector<std::string>{"folder/file1"}));
    EXPECT_TRUE(next.common_prefixes.empty());
    EXPECT_TRUE(next.is_truncated);

    request.continuation_token = next.next_continuation_token;
    auto end = list_page(request, k.fetcher()).value();
    EXPECT_EQ(keys_of(end), (std::vector<std::string>{"folder/file2"}));
    EXPECT_FALSE(end.is_truncated);
    EXPECT_TRUE(end.next_continuation_token.empty());
}

TEST(S3Listing, MultiCharacterDelimiterAndKeysWithoutIt) {
    Keys k;
    k.keys = {"a--b--c", "a--d", "plain", "x--"};
    auto page = list_page({.delimiter = "--"}, k.fetcher()).value();
    EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"a--", "x--"}));
    EXPECT_EQ(keys_of(page), (std::vector<std::string>{"plain"}));
    EXPECT_EQ(page.key_count, 3);
}

TEST(S3Listing, PagesNeverExceedAThousand) {
    Keys k;
    for (int i = 0; i < 1010; ++i) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "k%04d", i);
        k.keys.insert(buf);
    }
    auto page = list_page({.max_keys = 5000}, k.fetcher()).value();
    EXPECT_EQ(page.contents.size(), 1000u);
    EXPECT_EQ(page.max_keys, 5000);
    EXPECT_TRUE(page.is_truncated);
    auto rest = list_page({.continuation_token = page.next_continuation_token}, k.fetcher()).value();
    EXPECT_EQ(rest.contents.size(), 10u);
    EXPECT_EQ(rest.contents.front().key, "k1000");
    EXPECT_FALSE(rest.is_truncated);
}

TEST(S3Listing, ManyKeysUnderOnePrefixAreSkippedInOneJump) {
    Keys k;
    for (int i = 0; i < 3000; ++i) k.keys.insert("big/" + std::to_string(i));
    k.keys.insert("z");
    auto page = list_page({.delimiter = "/"}, k.fetcher()).value();
    EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"big/"}));
    EXPECT_EQ(keys_of(page), (std::vector<std::string>{"z"}));
    EXPECT_LE(k.fetches, 3);
}

TEST(S3Listing, ZeroMaxKeysIsAnEmptyUntruncatedPage) {
    Keys k;
    k.keys = {"a", "b"};
    auto page = list_page({.max_keys = 0}, k.fetcher()).value();
    EXPECT_TRUE(page.contents.empty());
    EXPECT_EQ(page.key_count, 0);
    EXPECT_FALSE(page.is_truncated);
    EXPECT_EQ(page.max_keys, 0);
}

TEST(S3Listing, BadTokensAndNegativeMaxKeys) {
    Keys k;
    k.keys = {"a"};
    for (const char* token : {"", "not base64!", "Zm9v" /* "foo": no tag */}) {
        auto r = list_page({.continuation_token = std::string(token)}, k.fetcher());
        ASSERT_FALSE(r.has_value()) << token;
        EXPECT_EQ(r.error().code, "InvalidArgument");
        EXPECT_EQ(r.error().message, "The continuation token provided is incorrect");
    }
    EXPECT_EQ(list_page({.max_keys = -1}, k.fetcher()).error().code, "InvalidArgument");
    EXPECT_EQ(decode_continuation_token(encode_continuation_token("key/\xff")).value(), "key/\xff");
}

TEST(S3Listing, FetchErrorsPropagate) {
    KeyFetcher broken = [](std::string_view, std::string_view, std::size_t) -> Result<std::vector<ListedObject>> {
        return fail("StoreError", "disk gone");
    };
    auto r = list_page({}, broken);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, "StoreError");
}

}  // namespace
}  // namespace jg::cloud::s3
