// HttpApi's own errors (what never reaches a server) and how a response comes back
// through the transport.
#include "jump/api/http_api.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"

namespace jg::jump {
namespace {

// Answers every request with one canned response and keeps the requests.
class Canned final : public wire::HttpTransport {
public:
    explicit Canned(wire::HttpResponse response) : m_response(std::move(response)) {}
    Result<wire::HttpResponse> send(std::string_view origin, const wire::HttpRequest& request) override {
        origins.emplace_back(origin);
        requests.push_back(request);
        return m_response;
    }
    std::vector<std::string> origins;
    std::vector<wire::HttpRequest> requests;

private:
    wire::HttpResponse m_response;
};

const AwsCredentials k_creds{"AKIAIOSFODNN7EXAMPLE", "secret", ""};

Node json(std::string_view text) { return *parse_json(text); }

TEST(HttpApi, RefusesWhatCannotBeSent) {
    auto bad_url = HttpApi::create({"localhost:4599"});
    ASSERT_FALSE(bad_url);
    EXPECT_EQ(bad_url.error().code, "InvalidEndpointUrl");

    auto canned = std::make_shared<Canned>(wire::HttpResponse{200, {}, ""});
    auto api = HttpApi::create({"http://127.0.0.1:4599"}, canned);
    ASSERT_TRUE(api);
    auto service = (*api)->call(k_creds, "ec2", "DescribeInstances", Node::make_object(), "us-east-1");
    ASSERT_FALSE(service);
    EXPECT_EQ(service.error().code, "UnknownService");
    auto action = (*api)->call(k_creds, "iam", "CreateUsers", Node::make_object(), "us-east-1");
    ASSERT_FALSE(action);
    EXPECT_EQ(action.error().code, "InvalidAction");
    auto input = (*api)->call(k_creds, "iam", "CreateUser", json(R"({"UserName": 3})"), "us-east-1");
    ASSERT_FALSE(input);
    EXPECT_EQ(input.error().code, "ParamValidation");
    auto region = (*api)->call(k_creds, "sts", "GetCallerIdentity", Node::make_object(), "us east 1");
    ASSERT_FALSE(region);
    EXPECT_EQ(region.error().code, "InvalidRegion");
    EXPECT_TRUE(canned->requests.empty());
}

TEST(HttpApi, ReadsTheResponseOfTheCall) {
    auto canned = std::make_shared<Canned>(wire::HttpResponse{
        200,
        {},
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
        "<Arn>arn:aws:iam::111111111111:root</Arn><UserId>111111111111</UserId><Account>111111111111</Account>"
        "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>"});
    auto api = HttpApi::create({"http://127.0.0.1:4599/base"}, canned);
    ASSERT_TRUE(api);
    auto out = (*api)->call(k_creds, "sts", "GetCallerIdentity", Node::make_object(), "");
    ASSERT_TRUE(out) << out.error().str();
    EXPECT_EQ(out->find("Account")->text, "111111111111");
    ASSERT_EQ(canned->requests.size(), 1u);
    EXPECT_EQ(canned->origins[0], "http://127.0.0.1:4599");
    EXPECT_EQ(canned->requests[0].path, "/base/");
    EXPECT_EQ(canned->requests[0].header("Host"), "127.0.0.1:4599");
    // No region given: signed for us-east-1, as the aws CLI defaults.
    auto auth = canned->requests[0].header("Authorization");
    ASSERT_TRUE(auth);
    EXPECT_NE(auth->find("/us-east-1/sts/aws4_request"), std::string_view::npos) << *auth;
}

TEST(HttpApi, ConnectionFailureNamesTheEndpoint) {
    wire::HttpClientOptions quick{std::chrono::milliseconds(500), std::chrono::milliseconds(2000)};
    auto api = HttpApi::create({"http://127.0.0.1:1", quick});
    ASSERT_TRUE(api);
    auto out = (*api)->call(k_creds, "sts", "GetCallerIdentity", Node::make_object(), "us-east-1");
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, "EndpointConnectionError");
    EXPECT_NE(out.error().message.find("http://127.0.0.1:1/"), std::string::npos) << out.error().message;
}

}  // namespace
}  // namespace jg::jump
