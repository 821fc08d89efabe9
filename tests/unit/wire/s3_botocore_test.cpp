// The S3 REST-XML codec against botocore itself: real botocore clients build requests (both
// addressing styles and AWS's own endpoints) that we decode, and botocore's parser reads
// the responses and errors we encode (tests/unit/wire/botocore_s3.py, run at test time).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include <unistd.h>

#include "core/encoding.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"
#include "wire/aws_chunked.hpp"
#include "wire/s3_rest.hpp"

namespace jg::wire {
namespace {

const std::string k_script = std::string(JUMPGATE_SOURCE_DIR) + "/tests/unit/wire/botocore_s3.py";

// Two botocores: the machine's Python one (boto3, aws CLI v1) and the one Debian's aws CLI
// v2 vendors (/usr/bin/aws), which the end-to-end runbook uses.
class S3Botocore : public testing::TestWithParam<std::string> {};

INSTANTIATE_TEST_SUITE_P(Botocores, S3Botocore,
                         testing::Values("python3 " + k_script, "JUMPGATE_BOTOCORE=awscli /usr/bin/python3 " + k_script),
                         [](const testing::TestParamInfo<std::string>& info) {
                             return info.index == 0 ? std::string("MachinePython") : std::string("AwsCliV2");
                         });

struct Process {
    int status = -1;
    std::string out;
};

Process run(const std::string& command) {
    Process r;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return r;
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
    r.status = pclose(pipe);
    return r;
}

const S3Rest& codec() {
    static std::unique_ptr<S3Rest> rest;
    if (!rest) {
        auto loaded = S3Rest::load();
        if (!loaded) ADD_FAILURE() << loaded.error().message;
        rest = std::make_unique<S3Rest>(std::move(*loaded));
    }
    return *rest;
}

std::string temp_path(std::string_view what) {
    return testing::TempDir() + "jumpgate_s3_" + std::string(what) + "_" + std::to_string(getpid()) + ".json";
}

// The request as the server hands it over: an aws-chunked body decoded and its trailing
// checksum headers appended to the headers.
HttpRequest request_of(const Node& c) {
    HttpRequest r;
    r.method = c.find("method")->text;
    r.path = c.find("path")->text;
    r.query = c.find("query")->text;
    for (const Node& h : c.find("headers")->items) r.headers.push_back({h.items[0].text, h.items[1].text});
    r.body = base64_decode(c.find("body")->text).value_or("<bad base64>");
    if (auto encoding = r.header("content-encoding"); encoding && encoding->find("aws-chunked") != std::string::npos) {
        auto decoded = decode_aws_chunked(r.body, nullptr, 1 << 20);
        EXPECT_TRUE(decoded) << decoded.error().message;
        if (decoded) {
            r.body = decoded->payload;
            for (auto& t : decoded->trailers) r.headers.push_back(std::move(t));
        }
    }
    return r;
}

TEST_P(S3Botocore, DecodesWhatBotocoreSends) {
    Process p = run(GetParam() + " inputs");
    ASSERT_EQ(p.status, 0) << p.out;
    auto cases = parse_json(p.out);
    ASSERT_TRUE(cases) << cases.error().message << "\n" << p.out.substr(0, 2000);
    ASSERT_GE(cases->items.size(), 3 * 20u);
    const std::vector<std::string> hosts = {"localhost"};
    int aws_chunked = 0;
    for (const Node& c : cases->items) {
        const std::string& operation = c.find("operation")->text;
        SCOPED_TRACE(operation + " (" + c.find("style")->text + ") " + c.find("method")->text + " " +
                     c.find("path")->text + "?" + c.find("query")->text);
        HttpRequest r = request_of(c);
        aws_chunked += r.header("x-amz-trailer").has_value();
        EXPECT_TRUE(is_s3_request(r, hosts));
        auto call = codec().decode(r, hosts);
        ASSERT_TRUE(call) << call.error().code << ": " << call.error().message;
        EXPECT_EQ(call->action(), operation);
        // Every member the caller passed comes back as it was passed; the only others are
        // those botocore's HTTP layer adds itself (lengths, checksums).
        const Node& expected = *c.find("input");
        for (const auto& [name, value] : expected.members) {
            const Node* got = call->input.find(name);
            ASSERT_NE(got, nullptr) << "missing " << name << " in " << to_json(call->input);
            EXPECT_TRUE(got->same(value)) << name << ": decoded " << to_json(*got) << ", sent " << to_json(value);
        }
        for (const auto& [name, value] : call->input.members) {
            if (expected.find(name)) continue;
            bool transport = false;
            for (const Node& t : c.find("transport")->items) transport = transport || t.text == name;
            EXPECT_TRUE(transport) << "unexpected member " << name << " = " << to_json(value);
        }
    }
    // The machine's botocore sends PutObject to AWS's https endpoint as aws-chunked with a
    // trailing CRC32; Debian's older one does not. Either way the corpus decoded above.
    RecordProperty("aws_chunked_requests", aws_chunked);
}

// What we encode (outputs of every operation, then errors) is what botocore reads back.
TEST_P(S3Botocore, BotocoreParsesWhatWeEncode) {
    Process p = run(GetParam() + " outputs");
    ASSERT_EQ(p.status, 0) << p.out;
    auto cases = parse_json(p.out);
    ASSERT_TRUE(cases) << cases.error().message;
    ASSERT_GE(cases->items.size(), 19u);
    std::string file = "[";
    auto add = [&](const std::string& operation, const HttpResponse& response, const std::string& extra) {
        if (file.size() > 1) file += ",";
        std::string headers = "[";
        for (const auto& h : response.headers)
            headers += (headers.size() > 1 ? "," : "") + std::string("[") + json_quote(h.name) + "," +
                       json_quote(h.value) + "]";
        headers += "]";
        file += "{\"operation\":" + json_quote(operation) + ",\"status\":" + std::to_string(response.status) +
                ",\"headers\":" + headers + ",\"body\":" + json_quote(base64_encode(response.body)) + extra + "}";
    };
    for (const Node& c : cases->items) {
        const std::string& operation = c.find("operation")->text;
        const Operation* op = codec().find_operation(operation);
        ASSERT_NE(op, nullptr) << operation;
        auto response = codec().encode(*op, *c.find("output"), "REQ-" + operation);
        ASSERT_TRUE(response) << operation << ": " << response.error().message;
        add(operation, *response, ",\"request_id\":" + json_quote("REQ-" + operation));
    }
    struct ErrorCase {
        std::string operation, method, code, message;
        int status;
        std::string want_code, want_message;
    };
    const ErrorCase errors[] = {
        {"GetObject", "GET", "NoSuchKey", "The specified key does not exist.", 404, "", ""},
        {"CreateBucket", "PUT", "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded "
                                                            "and you already own it.", 409, "", ""},
        {"PutBucketPolicy", "PUT", "MalformedPolicy", "Policy has invalid resource & <chars>", 400, "", ""},
        {"GetBucketPolicy", "GET", "NoSuchBucketPolicy", "The bucket policy does not exist", 404, "", ""},
        {"ListObjectsV2", "GET", "AccessDenied", "Access Denied", 403, "", ""},
        {"ListBuckets", "GET", "InvalidClientTokenId", "x", 403, "InvalidAccessKeyId",
         "The AWS Access Key Id you provided does not exist in our records."},
        {"HeadObject", "HEAD", "NoSuchKey", "The specified key does not exist.", 404, "404", "Not Found"},
        {"HeadBucket", "HEAD", "AccessDenied", "Access Denied", 403, "403", "Forbidden"},
    };
    for (const auto& e : errors) {
        S3ErrorContext ctx{e.method, "/jump-templates/k", "jump-templates", "k", {}};
        HttpResponse response = encode_s3_error(Error{e.code, e.message, std::nullopt}, ctx, "REQ");
        EXPECT_EQ(response.status, e.status) << e.code;
        add(e.operation, response,
            ",\"error\":{\"code\":" + json_quote(e.want_code.empty() ? e.code : e.want_code) +
                ",\"message\":" + json_quote(e.want_message.empty() ? e.message : e.want_message) +
                ",\"status\":" + std::to_string(e.status) + "}");
    }
    file += "]";
    const std::string path = temp_path("responses");
    std::ofstream(path) << file;
    Process check = run(GetParam() + " check-outputs " + path);
    std::remove(path.c_str());
    EXPECT_EQ(check.status, 0) << check.out;
    EXPECT_EQ(std::count(check.out.begin(), check.out.end(), '\n'),
              static_cast<long>(cases->items.size() + std::size(errors)))
        << check.out;
}

}  // namespace
}  // namespace jg::wire
