// S3's REST-XML codec: routing, request decoding and response/error encoding over
// botocore's installed S3 model.
#include "wire/s3_rest.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "core/encoding.hpp"
#include "core/json.hpp"

namespace jg::wire {
namespace {

const S3Rest& codec() {
    static std::unique_ptr<S3Rest> rest;
    if (!rest) {
        auto loaded = S3Rest::load();
        if (!loaded) ADD_FAILURE() << loaded.error().message;
        rest = std::make_unique<S3Rest>(std::move(*loaded));
    }
    return *rest;
}

const std::vector<std::string> k_hosts = {"localhost", "127.0.0.1"};

HttpRequest request(std::string method, std::string path, std::string query = {}, std::string host = "localhost:4599",
                    std::string body = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.query = std::move(query);
    r.headers.push_back({"Host", std::move(host)});
    r.body = std::move(body);
    return r;
}

Result<S3Call> decode(const HttpRequest& r) { return codec().decode(r, k_hosts); }

std::string header(const HttpResponse& r, std::string_view name) {
    for (const auto& h : r.headers)
        if (h.name == name) return h.value;
    return "<absent>";
}

// ---- routing ----

TEST(S3Route, PathStyleAndVirtualHostedAddresses) {
    struct Case {
        std::string host, path, bucket, key;
        bool virtual_hosted;
    };
    const Case cases[] = {
        {"localhost:4599", "/b1/dir/a%20b.yaml", "b1", "dir/a b.yaml", false},
        {"127.0.0.1:4599", "/b1", "b1", "", false},
        {"localhost:4599", "/b1/", "b1", "", false},
        {"localhost", "/", "", "", false},
        {"b1.localhost:4599", "/dir/k", "b1", "dir/k", true},
        {"my.dotted.bucket.localhost:4599", "/", "my.dotted.bucket", "", true},
        {"b1.s3.amazonaws.com", "/k", "b1", "k", true},
        {"b1.s3.eu-west-1.amazonaws.com", "/k", "b1", "k", true},
        {"s3.logs.s3-us-west-2.amazonaws.com", "/k", "s3.logs", "k", true},
        {"b1.s3.dualstack.eu-west-1.amazonaws.com", "/", "b1", "", true},
        {"s3.eu-west-1.amazonaws.com", "/b1/k", "b1", "k", false},
        {"B1.LOCALHOST:4599", "/k", "b1", "k", true},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.host + c.path);
        auto address = s3_address(request("GET", c.path, {}, c.host), k_hosts);
        ASSERT_TRUE(address) << address.error().message;
        EXPECT_EQ(address->bucket, c.bucket);
        EXPECT_EQ(address->key, c.key);
        EXPECT_EQ(address->virtual_hosted, c.virtual_hosted);
    }
    auto bad = s3_address(request("GET", "/b1/%zz"), k_hosts);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, "InvalidURI");
}

TEST(S3Route, TellsS3FromTheQueryServices) {
    HttpRequest s3 = request("PUT", "/b1");
    s3.headers.push_back({"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/s3/aws4_request, "
                                           "SignedHeaders=host, Signature=00"});
    EXPECT_TRUE(is_s3_request(s3, k_hosts));
    HttpRequest iam = request("POST", "/");
    iam.headers.push_back({"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"});
    iam.headers.push_back({"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/iam/aws4_request, "
                                            "SignedHeaders=host, Signature=00"});
    EXPECT_FALSE(is_s3_request(iam, k_hosts));
    HttpRequest presigned = request("GET", "/b1/k",
                                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261127%2Fus-east-1%2Fs3"
                                    "%2Faws4_request&X-Amz-Signature=00");
    EXPECT_TRUE(is_s3_request(presigned, k_hosts));
    // Unsigned: anonymous S3 unless it is a Query call.
    EXPECT_TRUE(is_s3_request(request("GET", "/b1/k"), k_hosts));
    EXPECT_TRUE(is_s3_request(request("POST", "/", {}, "b1.localhost:4599"), k_hosts));
    HttpRequest form = request("POST", "/");
    form.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    EXPECT_FALSE(is_s3_request(form, k_hosts));
    EXPECT_FALSE(is_s3_request(request("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15"), k_hosts));
}

// ---- decoding ----

TEST(S3Decode, OperationsFromMethodResourceAndSubresources) {
    struct Case {
        std::string method, path, query, action;
        std::vector<Header> headers;
    };
    const Case cases[] = {
        {"GET", "/", "", "ListBuckets", {}},
        {"PUT", "/b1", "", "CreateBucket", {}},
        {"HEAD", "/b1", "", "HeadBucket", {}},
        {"DELETE", "/b1", "", "DeleteBucket", {}},
        {"GET", "/b1", "location", "GetBucketLocation", {}},
        {"GET", "/b1", "policy", "GetBucketPolicy", {}},
        {"PUT", "/b1", "policy", "PutBucketPolicy", {}},
        {"DELETE", "/b1", "policy", "DeleteBucketPolicy", {}},
        {"GET", "/b1", "list-type=2&prefix=a%2F&delimiter=%2F", "ListObjectsV2", {}},
        {"GET", "/b1", "prefix=a%2F&marker=b", "ListObjects", {}},
        {"PUT", "/b1/k", "", "PutObject", {}},
        {"PUT", "/b1/k", "x-id=PutObject", "PutObject", {}},
        {"PUT", "/b1/k", "", "CopyObject", {{"x-amz-copy-source", "/b0/src"}}},
        {"GET", "/b1/k", "", "GetObject", {}},
        {"HEAD", "/b1/k", "", "HeadObject", {}},
        {"DELETE", "/b1/k", "", "DeleteObject", {}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.method + " " + c.path + "?" + c.query);
        HttpRequest r = request(c.method, c.path, c.query);
        for (const auto& h : c.headers) r.headers.push_back(h);
        auto call = decode(r);
        ASSERT_TRUE(call) << call.error().code << ": " << call.error().message;
        EXPECT_EQ(call->action(), c.action);
    }
}

TEST(S3Decode, UnknownAndUnimplementedOperations) {
    auto none = decode(request("POST", "/"));
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, "MethodNotAllowed");
    auto acl = decode(request("PUT", "/b1", "acl"));
    ASSERT_FALSE(acl);
    EXPECT_EQ(acl.error().code, "NotImplemented");
}

TEST(S3Decode, CreateBucketWithItsConfiguration) {
    HttpRequest r = request("PUT", "/b1", {}, "b1.localhost:4599",
                            "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                            "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>");
    r.path = "/";
    r.headers.push_back({"x-amz-acl", "private"});
    auto call = decode(r);
    ASSERT_TRUE(call) << call.error().message;
    EXPECT_EQ(call->action(), "CreateBucket");
    EXPECT_EQ(to_json(call->input),
              R"({"ACL":"private","Bucket":"b1","CreateBucketConfiguration":{"LocationConstraint":"eu-west-1"}})");

    r.body = "<CreateBucketConfiguration><LocationConstraint>";
    auto malformed = decode(r);
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().code, "MalformedXML");

    // Issue 15 item 9: what the schema does not allow is MalformedXML too — an element it
    // does not have, and bytes that are not UTF-8 (overlong, stray continuation, surrogate).
    for (const std::string& body : std::vector<std::string>{
             std::string("<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint>"
                         "<Owner>mallory</Owner></CreateBucketConfiguration>"),
             std::string("<CreateBucketConfiguration><LocationConstraint>eu-\xC0\xAF</LocationConstraint>"
                         "</CreateBucketConfiguration>"),
             std::string("<CreateBucketConfiguration><LocationConstraint>\x80</LocationConstraint>"
                         "</CreateBucketConfiguration>"),
             std::string("<CreateBucketConfiguration><LocationConstraint>\xED\xA0\x80</LocationConstraint>"
                         "</CreateBucketConfiguration>")}) {
        r.body = body;
        auto refused = decode(r);
        ASSERT_FALSE(refused) << body;
        EXPECT_EQ(refused.error().code, "MalformedXML");
        EXPECT_EQ(refused.error().message,
                  "The XML you provided was not well-formed or did not validate against our published schema");
    }
    // Valid multi-byte UTF-8 still parses.
    r.body = "<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>"
             "<!-- \xE3\x81\x82 -->";
    EXPECT_TRUE(decode(r));
}

TEST(S3Decode, PutObjectHeadersMetadataAndBody) {
    HttpRequest r = request("PUT", "/b1/templates/roles%2B.yaml", {}, "localhost:4599", "Resources: {}\n");
    r.headers.push_back({"Content-Type", "text/yaml"});
    r.headers.push_back({"Content-Length", "14"});
    r.headers.push_back({"X-Amz-Meta-Owner", " Platform Team "});
    r.headers.push_back({"Content-MD5", base64_encode(hex_decode("7a6b4e2b3a7d1ab65fe9b8ea14aa2b59").value_or(""))});
    auto call = decode(r);
    // The MD5 above is not the body's: S3 refuses it.
    ASSERT_FALSE(call);
    EXPECT_EQ(call.error().code, "BadDigest");
    r.headers.pop_back();
    call = decode(r);
    ASSERT_TRUE(call) << call.error().message;
    EXPECT_EQ(call->action(), "PutObject");
    EXPECT_EQ(to_json(call->input), R"({"Body":"Resources: {}\n","Bucket":"b1","ContentLength":14,)"
                                    R"("ContentType":"text/yaml","Key":"templates/roles+.yaml",)"
                                    R"("Metadata":{"owner":"Platform Team"}})");
}

TEST(S3Decode, TypedQueryAndHeaderValues) {
    auto list = decode(request("GET", "/b1", "list-type=2&max-keys=5&fetch-owner=true&start-after=a%20b"));
    ASSERT_TRUE(list) << list.error().message;
    EXPECT_EQ(to_json(list->input), R"({"Bucket":"b1","MaxKeys":5,"FetchOwner":true,"StartAfter":"a b"})");
    auto bad = decode(request("GET", "/b1", "list-type=2&max-keys=many"));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, "InvalidArgument");

    HttpRequest get = request("GET", "/b1/k");
    get.headers.push_back({"If-Modified-Since", "Fri, 27 Nov 2026 20:25:39 GMT"});
    auto call = decode(get);
    ASSERT_TRUE(call) << call.error().message;
    EXPECT_EQ(to_json(call->input), R"({"Bucket":"b1","IfModifiedSince":"2026-11-27T20:25:39Z","Key":"k"})");
}

TEST(S3Decode, PutBucketPolicyBodyAndChecksum) {
    const std::string policy = R"({"Version":"2012-10-17","Statement":[]})";
    HttpRequest r = request("PUT", "/b1", "policy", "localhost:4599", policy);
    r.headers.push_back({"x-amz-checksum-crc32", "AAAAAA=="});
    auto wrong = decode(r);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, "BadDigest");
    r.headers.pop_back();
    auto call = decode(r);
    ASSERT_TRUE(call) << call.error().message;
    EXPECT_EQ(call->action(), "PutBucketPolicy");
    EXPECT_EQ(call->input.find("Policy")->text, policy);
}

// ---- encoding ----

const Operation& op(std::string_view name) {
    const Operation* o = codec().find_operation(name);
    EXPECT_NE(o, nullptr) << name;
    return *o;
}

Node json(std::string_view text) {
    auto parsed = parse_json(text);
    EXPECT_TRUE(parsed) << parsed.error().message;
    return *parsed;
}

TEST(S3Encode, ListBucketsAsXml) {
    auto r = codec().encode(op("ListBuckets"),
                            json(R"({"Buckets":[{"Name":"b1","CreationDate":"2026-11-27T20:25:39.000Z"}],)"
                                 R"("Owner":{"DisplayName":"111111111111","ID":"abc"}})"),
                            "REQ1");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
              "<Buckets><Bucket><Name>b1</Name><CreationDate>2026-11-27T20:25:39.000Z</CreationDate></Bucket></Buckets>"
              "<Owner><DisplayName>111111111111</DisplayName><ID>abc</ID></Owner></ListAllMyBucketsResult>");
    EXPECT_EQ(header(*r, "Content-Type"), "application/xml");
    EXPECT_EQ(header(*r, "Content-Length"), std::to_string(r->body.size()));
    EXPECT_EQ(header(*r, "x-amz-request-id"), "REQ1");
}

TEST(S3Encode, GetObjectRawBodyAndHeaders) {
    auto r = codec().encode(op("GetObject"),
                            json(R"({"AcceptRanges":"bytes","LastModified":"2026-11-27T20:25:39.000Z","ContentLength":3,)"
                                 R"("ETag":"\"abc\"","ContentType":"text/plain","Metadata":{"owner":"me"},"Body":"a<b"})"),
                            "R");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->body, "a<b");
    EXPECT_EQ(header(*r, "Last-Modified"), "Fri, 27 Nov 2026 20:25:39 GMT");
    EXPECT_EQ(header(*r, "ETag"), "\"abc\"");
    EXPECT_EQ(header(*r, "Content-Length"), "3");
    EXPECT_EQ(header(*r, "Content-Type"), "text/plain");
    EXPECT_EQ(header(*r, "x-amz-meta-owner"), "me");
}

TEST(S3Encode, PartOfAnObjectIsPartialContent) {
    auto r = codec().encode(op("GetObject"), json(R"({"ContentLength":3,"ContentRange":"bytes 2-4/10","Body":"234"})"), "R");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, 206);
    EXPECT_EQ(header(*r, "Content-Range"), "bytes 2-4/10");
    EXPECT_EQ(r->body, "234");
}

TEST(S3Encode, HeadKeepsTheObjectsLengthWithoutBody) {
    auto r = codec().encode(op("HeadObject"), json(R"({"ContentLength":1234,"ETag":"\"e\""})"), "R");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->body.empty());
    EXPECT_EQ(header(*r, "Content-Length"), "1234");
}

TEST(S3Encode, StatusesLocationPolicyAndCopyResult) {
    auto deleted = codec().encode(op("DeleteBucket"), Node::make_object(), "R");
    ASSERT_TRUE(deleted);
    EXPECT_EQ(deleted->status, 204);
    EXPECT_EQ(header(*deleted, "Content-Length"), "0");
    auto created = codec().encode(op("CreateBucket"), json(R"({"Location":"/b1"})"), "R");
    ASSERT_TRUE(created);
    EXPECT_EQ(created->status, 200);
    EXPECT_EQ(header(*created, "Location"), "/b1");
    EXPECT_TRUE(created->body.empty());
    auto policy = codec().encode(op("GetBucketPolicy"), json(R"({"Policy":"{\"Version\":\"2012-10-17\"}"})"), "R");
    ASSERT_TRUE(policy);
    EXPECT_EQ(policy->body, R"({"Version":"2012-10-17"})");
    auto copied = codec().encode(
        op("CopyObject"), json(R"({"CopyObjectResult":{"ETag":"\"e\"","LastModified":"2026-11-27T20:25:39Z"}})"), "R");
    ASSERT_TRUE(copied);
    EXPECT_EQ(copied->body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyObjectResult "
                            "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><ETag>&quot;e&quot;</ETag>"
                            "<LastModified>2026-11-27T20:25:39.000Z</LastModified></CopyObjectResult>");
    auto location = codec().encode(op("GetBucketLocation"), Node::make_object(), "R");
    ASSERT_TRUE(location);
    EXPECT_EQ(location->body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint "
                              "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></LocationConstraint>");
}

TEST(S3Encode, OutputThatDoesNotFitTheShapeIsAnInternalFailure) {
    auto r = codec().encode(op("PutObject"), json(R"({"Nope":1})"), "R");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "InternalFailure");
    auto none = codec().encode(op("DeleteBucket"), json(R"({"x":1})"), "R");
    ASSERT_FALSE(none);
}

TEST(S3Error, DocumentStatusAndHeadWithoutBody) {
    S3ErrorContext ctx{"GET", "/b1/k", "b1", "k", {}};
    auto r = encode_s3_error(Error{"NoSuchKey", "The specified key does not exist.", std::nullopt}, ctx, "REQ");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The "
                      "specified key does not exist.</Message><Key>k</Key><Resource>/b1/k</Resource>"
                      "<RequestId>REQ</RequestId></Error>");
    ctx.method = "HEAD";
    auto head = encode_s3_error(Error{"NoSuchBucket", "The specified bucket does not exist", std::nullopt}, ctx, "REQ");
    EXPECT_EQ(head.status, 404);
    EXPECT_TRUE(head.body.empty());
    ctx.method = "PUT";
    const std::pair<std::string, int> statuses[] = {
        {"BucketAlreadyOwnedByYou", 409}, {"AccessDenied", 403}, {"MalformedPolicy", 400},
        {"NoSuchBucketPolicy", 404},      {"MethodNotAllowed", 405}, {"NotImplemented", 501},
        {"SignatureDoesNotMatch", 403},   {"SomethingElse", 400}};
    for (const auto& [code, status] : statuses)
        EXPECT_EQ(encode_s3_error(Error{code, "m", std::nullopt}, ctx, "R").status, status) << code;
    auto key = encode_s3_error(Error{"InvalidClientTokenId", "x", std::nullopt}, ctx, "R");
    EXPECT_EQ(key.status, 403);
    EXPECT_NE(key.body.find("<Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not "
                            "exist in our records.</Message>"),
              std::string::npos);
    auto bucket = encode_s3_error(Error{"NoSuchBucket", "m", std::nullopt}, ctx, "R");
    EXPECT_NE(bucket.body.find("<BucketName>b1</BucketName>"), std::string::npos);
}

TEST(S3Error, DetailsFollowTheMessage) {
    S3ErrorContext ctx{"PUT", "/b1/k", "b1", "k", {{"HeadersNotSigned", "x-amz-acl, x-amz-copy-source"}}};
    auto r = encode_s3_error(
        Error{"AccessDenied", "There were headers present in the request which were not signed", std::nullopt}, ctx,
        "R");
    EXPECT_EQ(r.status, 403);
    EXPECT_NE(r.body.find("<Code>AccessDenied</Code><Message>There were headers present in the request which were "
                          "not signed</Message><HeadersNotSigned>x-amz-acl, x-amz-copy-source</HeadersNotSigned>"),
              std::string::npos);
}

TEST(S3Error, ContextFromTheRequest) {
    auto vhost = s3_error_context(request("HEAD", "/dir/a%20b", {}, "b1.localhost:4599"), k_hosts);
    EXPECT_EQ(vhost.method, "HEAD");
    EXPECT_EQ(vhost.bucket, "b1");
    EXPECT_EQ(vhost.key, "dir/a b");
    EXPECT_EQ(vhost.resource, "/b1/dir/a b");
    auto bucket = s3_error_context(request("PUT", "/b1"), k_hosts);
    EXPECT_EQ(bucket.resource, "/b1");
    EXPECT_EQ(bucket.key, "");
    auto malformed = s3_error_context(request("GET", "/b1/%zz"), k_hosts);
    EXPECT_EQ(malformed.resource, "/b1/%zz");
    EXPECT_EQ(malformed.bucket, "");
}

}  // namespace
}  // namespace jg::wire
