// The Query codec against botocore itself: botocore serializes requests that we decode, and
// parses the responses we encode (tests/unit/wire/botocore_query.py, run at test time).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "core/json.hpp"
#include "wire/query_decoder.hpp"
#include "wire/query_encoder.hpp"
#include "test_models.hpp"

namespace jg::wire {
namespace {

const std::string k_script = std::string(JUMPGATE_SOURCE_DIR) + "/tests/unit/wire/botocore_query.py";

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

const ServiceModel& model_for(const std::string& service) { return testing_models::installed(service); }
Node string_node(std::string s) { return Node::make_string(std::move(s)); }

TEST(QueryBotocore, DecodesExactlyWhatBotocoreSerialized) {
    Process r = run("python3 " + k_script + " inputs");
    ASSERT_EQ(r.status, 0) << r.out;
    auto cases = parse_json(r.out);
    ASSERT_TRUE(cases) << cases.error().message;
    ASSERT_GE(cases->items.size(), 20u);
    for (const Node& c : cases->items) {
        const std::string& operation = c.find("operation")->text;
        SCOPED_TRACE(operation);
        QueryParams params = parse_form(c.find("body")->text);
        auto request = decode_query(model_for(c.find("service")->text), params);
        ASSERT_TRUE(request) << request.error().code << ": " << request.error().message;
        EXPECT_EQ(request->operation->name, operation);
        const Node& expected = *c.find("input");
        EXPECT_TRUE(request->input.same(expected)) << "decoded  " << to_json(request->input) << "\nexpected "
                                                  << to_json(expected);
    }
}

TEST(QueryBotocore, BotocoreParsesWhatWeEncode) {
    Process r = run("python3 " + k_script + " outputs");
    ASSERT_EQ(r.status, 0) << r.out;
    auto cases = parse_json(r.out);
    ASSERT_TRUE(cases) << cases.error().message;
    ASSERT_GE(cases->items.size(), 15u);

    Node checks = Node::make_array();
    int n = 0;
    for (const Node& c : cases->items) {
        const std::string& service = c.find("service")->text;
        const std::string& operation = c.find("operation")->text;
        const ServiceModel& model = model_for(service);
        const Operation* op = model.find_operation(operation);
        ASSERT_NE(op, nullptr) << operation;
        std::string request_id = "req-" + std::to_string(++n);
        auto xml = encode_query_response(model, *op, *c.find("output"), request_id);
        ASSERT_TRUE(xml) << operation << ": " << xml.error().message;
        Node check = Node::make_object();
        check.add("service", string_node(service));
        check.add("operation", string_node(operation));
        check.add("xml", string_node(*xml));
        check.add("request_id", string_node(request_id));
        checks.push(std::move(check));
    }

    struct ErrorCase {
        std::string service, code, message, type;
        int status;
    };
    const ErrorCase errors[] = {
        {"iam", "NoSuchEntity", "The user with name bob cannot be found.", "Sender", 404},
        {"iam", "EntityAlreadyExists", "User with name alice already exists.", "Sender", 409},
        {"iam", "ServiceFailure", "internal", "Receiver", 500},
        {"iam", "InvalidClientTokenId", "The security token included in the request is invalid.", "Sender", 403},
        {"sts", "AccessDenied", "User: arn:aws:iam::1:user/a is not authorized to perform: sts:AssumeRole", "Sender", 403},
        {"sts", "ExpiredTokenException", "expired", "Sender", 400},
        {"cloudformation", "ValidationError", "Stack with id a&b <x> does not exist", "Sender", 400},
        {"cloudformation", "StackSetNotFoundException", "StackSet role-stackset not found", "Sender", 404},
    };
    for (const auto& e : errors) {
        QueryErrorReply reply = encode_query_error(model_for(e.service), e.code, e.message, "err-" + e.code);
        EXPECT_EQ(reply.http_status, e.status) << e.code;
        Node err = Node::make_object();
        err.add("status", Node::make_number(std::to_string(reply.http_status)));
        err.add("xml", string_node(reply.body));
        err.add("code", string_node(e.code));
        err.add("message", string_node(e.message));
        err.add("type", string_node(e.type));
        err.add("request_id", string_node("err-" + e.code));
        Node check = Node::make_object();
        check.add("service", string_node(e.service));
        check.add("error", std::move(err));
        checks.push(std::move(check));
    }

    std::string path = testing::TempDir() + "jumpgate_query_outputs.json";
    {
        std::ofstream f(path, std::ios::binary);
        f << to_json(checks);
    }
    Process check = run("python3 " + k_script + " check-outputs " + path);
    EXPECT_EQ(check.status, 0) << check.out;
    EXPECT_EQ(check.out.find("FAIL"), std::string::npos) << check.out;
    std::remove(path.c_str());
}

}  // namespace
}  // namespace jg::wire
