// The client side of S3's REST-XML protocol, driven by botocore's S3 model: how inputs
// become method, path, query, headers and body, and how responses (headers, XML, raw
// payloads, errors) become output Nodes.
#include <gtest/gtest.h>

#include "core/json.hpp"
#include "wire/client/rest_xml_request.hpp"
#include "wire/client/rest_xml_response.hpp"
#include "wire/service_model.hpp"

namespace jg::wire {
namespace {

const ServiceModel& s3() {
    static const ServiceModel model = [] {
        auto loaded = ServiceModel::load_embedded("s3");
        if (!loaded) ADD_FAILURE() << loaded.error().message;
        return std::move(*loaded);
    }();
    return model;
}

const Operation& op(std::string_view name) { return *s3().find_operation(name); }

Node json(std::string_view text) {
    auto n = parse_json(text);
    EXPECT_TRUE(n) << n.error().str();
    return n ? *n : Node();
}

TEST(ClientRestXml, PutObjectPathHeadersAndBody) {
    Node input = json(R"({"Bucket": "b", "Key": "dir/a b+c~é.yaml", "Body": "hello", "ContentType": "text/yaml",
                         "Metadata": {"owner": "Jump Account"}})");
    auto r = rest_xml_request(op("PutObject"), input, false);
    ASSERT_TRUE(r) << r.error().str();
    EXPECT_EQ(r->method, "PUT");
    EXPECT_EQ(r->path, "/b/dir/a%20b%2Bc~%C3%A9.yaml");  // the greedy key keeps its '/'
    EXPECT_EQ(r->query, "");
    EXPECT_EQ(r->header("Content-Type"), "text/yaml");
    EXPECT_EQ(r->header("x-amz-meta-owner"), "Jump Account");
    EXPECT_EQ(r->body, "hello");
    // Virtual-hosted: the bucket is in the host, not the path.
    auto hosted = rest_xml_request(op("PutObject"), input, true);
    ASSERT_TRUE(hosted);
    EXPECT_EQ(hosted->path, "/dir/a%20b%2Bc~%C3%A9.yaml");
}

TEST(ClientRestXml, BucketOperationsAndTheirFixedQuery) {
    auto policy = rest_xml_request(op("GetBucketPolicy"), json(R"({"Bucket": "b"})"), false);
    ASSERT_TRUE(policy);
    EXPECT_EQ(policy->method, "GET");
    EXPECT_EQ(policy->path, "/b");
    EXPECT_EQ(policy->query, "policy");
    auto hosted = rest_xml_request(op("DeleteBucketPolicy"), json(R"({"Bucket": "b"})"), true);
    ASSERT_TRUE(hosted);
    EXPECT_EQ(hosted->method, "DELETE");
    EXPECT_EQ(hosted->path, "/");
    EXPECT_EQ(hosted->query, "policy");

    auto list = rest_xml_request(op("ListObjectsV2"),
                                 json(R"({"Bucket": "b", "Prefix": "a b/", "MaxKeys": 3, "StartAfter": "x+y"})"), false);
    ASSERT_TRUE(list) << list.error().str();
    EXPECT_EQ(list->query, "list-type=2&prefix=a%20b%2F&max-keys=3&start-after=x%2By");

    auto create = rest_xml_request(
        op("CreateBucket"), json(R"({"Bucket": "b", "CreateBucketConfiguration": {"LocationConstraint": "ap-northeast-1"}})"),
        false);
    ASSERT_TRUE(create);
    EXPECT_EQ(create->body,
              "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
              "<LocationConstraint>ap-northeast-1</LocationConstraint></CreateBucketConfiguration>");
    auto plain = rest_xml_request(op("CreateBucket"), json(R"({"Bucket": "b"})"), false);
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->body, "");
}

TEST(ClientRestXml, RequiredChecksumIsSent) {
    auto r = rest_xml_request(op("PutBucketPolicy"), json(R"({"Bucket": "b", "Policy": "{}"})"), false);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "{}");
    EXPECT_EQ(r->header("x-amz-checksum-crc32"), "o6a/Qw==");  // what botocore sends for "{}"
    EXPECT_EQ(r->header("x-amz-sdk-checksum-algorithm"), "CRC32");
}

TEST(ClientRestXml, HeaderTimestampsAreHttpDates) {
    auto r = rest_xml_request(op("HeadObject"), json(R"({"Bucket": "b", "Key": "k", "IfModifiedSince": "2026-11-27T20:25:39Z"})"),
                              false);
    ASSERT_TRUE(r) << r.error().str();
    EXPECT_EQ(r->method, "HEAD");
    EXPECT_EQ(r->header("If-Modified-Since"), "Fri, 27 Nov 2026 20:25:39 GMT");
}

TEST(ClientRestXml, BadInputIsRefusedBeforeSending) {
    auto missing = rest_xml_request(op("GetObject"), json(R"({"Bucket": "b"})"), false);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "ParamValidation");
    EXPECT_NE(missing.error().message.find("Key"), std::string::npos);
    auto empty_key = rest_xml_request(op("GetObject"), json(R"({"Bucket": "b", "Key": ""})"), false);
    ASSERT_FALSE(empty_key);
    EXPECT_EQ(empty_key.error().code, "ParamValidation");
    auto unknown = rest_xml_request(op("DeleteBucket"), json(R"({"Bucket": "b", "Force": true})"), false);
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("Force"), std::string::npos);
    auto body = rest_xml_request(op("PutObject"), json(R"({"Bucket": "b", "Key": "k", "Body": 12})"), false);
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error().code, "ParamValidation");
}

TEST(ClientRestXml, HeadObjectHeadersBecomeTypedMembers) {
    HttpResponse response{200,
                          {{"Content-Length", "42"},
                           {"Content-Type", "application/yaml"},
                           {"Last-Modified", "Fri, 27 Nov 2026 20:25:39 GMT"},
                           {"ETag", "\"abc\""},
                           {"X-Amz-Meta-Owner", "Jump Account"},
                           {"x-amz-delete-marker", "false"}},
                          ""};
    auto out = parse_rest_xml_response(op("HeadObject"), response);
    ASSERT_TRUE(out) << out.error().str();
    ASSERT_NE(out->find("ContentLength"), nullptr);
    EXPECT_TRUE(out->find("ContentLength")->is_number());
    EXPECT_EQ(out->find("ContentLength")->text, "42");
    EXPECT_EQ(out->find("LastModified")->text, "2026-11-27T20:25:39Z");
    EXPECT_EQ(out->find("ETag")->text, "\"abc\"");
    EXPECT_EQ(out->find("Metadata")->find("owner")->text, "Jump Account");
    EXPECT_TRUE(out->find("DeleteMarker")->is_bool());
}

TEST(ClientRestXml, ListObjectsV2XmlAndRawPayloads) {
    HttpResponse list{200, {}, R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix></Prefix><KeyCount>2</KeyCount>
<MaxKeys>1000</MaxKeys><Delimiter>/</Delimiter><IsTruncated>false</IsTruncated>
<Contents><Key>a.yaml</Key><LastModified>2026-11-27T20:25:39.000Z</LastModified><ETag>"e"</ETag><Size>5</Size><StorageClass>STANDARD</StorageClass></Contents>
<CommonPrefixes><Prefix>roles/</Prefix></CommonPrefixes></ListBucketResult>)"};
    auto out = parse_rest_xml_response(op("ListObjectsV2"), list);
    ASSERT_TRUE(out) << out.error().str();
    EXPECT_EQ(out->find("Name")->text, "b");
    EXPECT_EQ(out->find("Prefix")->text, "");
    EXPECT_TRUE(out->find("IsTruncated")->is_bool());
    ASSERT_EQ(out->find("Contents")->items.size(), 1u);
    const Node& item = out->find("Contents")->items[0];
    EXPECT_EQ(item.find("Key")->text, "a.yaml");
    EXPECT_EQ(item.find("Size")->text, "5");
    EXPECT_EQ(item.find("LastModified")->text, "2026-11-27T20:25:39Z");
    EXPECT_EQ(out->find("CommonPrefixes")->items[0].find("Prefix")->text, "roles/");

    auto policy = parse_rest_xml_response(op("GetBucketPolicy"), {200, {}, "{\"Version\":\"2012-10-17\"}"});
    ASSERT_TRUE(policy);
    EXPECT_EQ(policy->find("Policy")->text, "{\"Version\":\"2012-10-17\"}");
    auto object = parse_rest_xml_response(op("GetObject"), {200, {{"Content-Length", "3"}}, std::string("a\0b", 3)});
    ASSERT_TRUE(object);
    EXPECT_EQ(object->find("Body")->text, std::string("a\0b", 3));
    EXPECT_EQ(object->find("ContentLength")->text, "3");
}

TEST(ClientRestXml, ErrorsWithAndWithoutBody) {
    auto missing = parse_rest_xml_response(
        op("GetObject"),
        {404, {}, "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key></Error>"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "NoSuchKey");
    EXPECT_EQ(missing.error().message, "The specified key does not exist.");
    auto head = parse_rest_xml_response(op("HeadObject"), {404, {}, ""});
    ASSERT_FALSE(head);
    EXPECT_EQ(head.error().code, "404");
    EXPECT_EQ(head.error().message, "Not Found");
    auto garbage = parse_rest_xml_response(op("ListObjectsV2"), {200, {}, "<ListBucketResult><Name>"});
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().code, "MalformedResponse");
}

}  // namespace
}  // namespace jg::wire
