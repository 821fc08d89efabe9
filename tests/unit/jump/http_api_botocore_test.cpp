// HttpApi against botocore: the cases of botocore_request_cases.json (IAM, STS and
// CloudFormation over the Query protocol, S3 over REST-XML; at an endpoint URL and at
// AWS's own endpoints; long-term and temporary credentials) are built and signed here and,
// at test time, by botocore itself (botocore_requests.py). Method, URL, body and the
// Authorization header must match byte for byte.
#include <array>
#include <cstdio>
#include <memory>

#include <gtest/gtest.h>

#include "core/encoding.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"
#include "jump/api/http_api.hpp"

namespace jg::jump {
namespace {

const std::string k_dir = std::string(JUMPGATE_SOURCE_DIR) + "/tests/unit/jump/";

std::string run(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return {};
    std::string out;
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
    return out;
}

std::string text(const Node& object, std::string_view key) {
    const Node* n = object.find(key);
    return n ? n->text : std::string();
}

// Keeps what would have been sent and answers nothing.
class Recorder final : public wire::HttpTransport {
public:
    Result<wire::HttpResponse> send(std::string_view origin, const wire::HttpRequest& request) override {
        origins.emplace_back(origin);
        requests.push_back(request);
        return fail("Recorded", "not sent");
    }
    std::vector<std::string> origins;
    std::vector<wire::HttpRequest> requests;
};

const AwsCredentials k_long_term{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const AwsCredentials k_temporary{"ASIAJUMPGATEEXAMPLE7", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
                                 "IQoJb3JpZ2luX2VjEXAMPLE+session/token=="};

std::string header_of(const std::vector<wire::Header>& headers, std::string_view name) {
    for (const auto& h : headers)
        if (iequals(h.name, name)) return h.value;
    return "<absent>";
}

TEST(HttpApiBotocore, RequestsAndSignaturesMatchBotocore) {
    std::string cases_text;
    ASSERT_TRUE(read_file(k_dir + "botocore_request_cases.json", cases_text));
    auto cases = parse_json(cases_text);
    ASSERT_TRUE(cases) << cases.error().str();
    auto expected = parse_json(run("python3 " + k_dir + "botocore_requests.py " + k_dir + "botocore_request_cases.json"));
    ASSERT_TRUE(expected) << "botocore_requests.py gave no JSON (is botocore installed?): " << expected.error().str();
    ASSERT_EQ(expected->items.size(), cases->items.size());
    ASSERT_GE(cases->items.size(), 28u);

    FakeClock clock(*parse_iso8601("2026-11-27T20:25:39Z"));
    int compared = 0;
    for (size_t i = 0; i < cases->items.size(); ++i) {
        const Node& c = cases->items[i];
        const Node& want = expected->items[i];
        SCOPED_TRACE(text(c, "name"));
        auto recorder = std::make_shared<Recorder>();
        auto api = HttpApi::create({text(c, "endpoint")}, recorder, &clock);
        ASSERT_TRUE(api) << api.error().str();
        const bool temporary = c.find("temporary") && c.find("temporary")->text == "true";
        auto out = (*api)->call(temporary ? k_temporary : k_long_term, text(c, "service"), text(c, "action"),
                                *c.find("input"), text(c, "region"));
        ASSERT_FALSE(out);
        ASSERT_EQ(out.error().code, "Recorded") << out.error().str();
        ASSERT_EQ(recorder->requests.size(), 1u);
        const wire::HttpRequest& got = recorder->requests[0];
        std::string url = recorder->origins[0] + got.path + (got.query.empty() ? "" : "?" + got.query);

        std::vector<wire::Header> want_headers;
        for (const Node& h : want.find("headers")->items) want_headers.push_back({h.items.at(0).text, h.items.at(1).text});
        EXPECT_EQ(got.method, text(want, "method"));
        EXPECT_EQ(url, text(want, "url"));
        EXPECT_EQ(got.body, base64_decode(text(want, "body_base64")).value_or("<bad base64>"));
        EXPECT_EQ(header_of(got.headers, "Authorization"), header_of(want_headers, "Authorization"));
        EXPECT_EQ(header_of(got.headers, "X-Amz-Security-Token"), header_of(want_headers, "X-Amz-Security-Token"));
        EXPECT_EQ(header_of(got.headers, "X-Amz-Content-SHA256"), header_of(want_headers, "X-Amz-Content-SHA256"));
        ++compared;
    }
    EXPECT_EQ(compared, static_cast<int>(cases->items.size()));
}

}  // namespace
}  // namespace jg::jump
