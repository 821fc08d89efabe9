// The Query codec against botocore itself: botocore serializes requests that we decode, and
// parses the responses we encode (tests/unit/wire/botocore_query.py, run at test time).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include <unistd.h>

#include "core/json.hpp"
#include "wire/query_decoder.hpp"
#include "wire/query_encoder.hpp"
#include "test_models.hpp"

namespace jg::wire {
namespace {

const std::string k_script = std::string(JUMPGATE_SOURCE_DIR) + "/tests/unit/wire/botocore_query.py";

// Each test runs against two botocores (the oracle command is the test parameter): the
// machine's Python (boto3, the aws CLI v1) and the one Debian's aws CLI v2 vendors
// (/usr/bin/aws), which the end-to-end runbook uses.
class QueryBotocore : public testing::TestWithParam<std::string> {};

INSTANTIATE_TEST_SUITE_P(Botocores, QueryBotocore,
                         testing::Values("python3 " + k_script,
                                         "JUMPGATE_BOTOCORE=awscli /usr/bin/python3 " + k_script),
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

const ServiceModel& model_for(const std::string& service) { return testing_models::installed(service); }
// Unique per process: the default and sanitizer builds may run their tests at once.
std::string temp_path(std::string_view what) {
    return testing::TempDir() + "jumpgate_query_" + std::string(what) + "_" + std::to_string(getpid()) + ".json";
}

Node string_node(std::string s) { return Node::make_string(std::move(s)); }

TEST_P(QueryBotocore, DecodesExactlyWhatBotocoreSerialized) {
    const std::string& oracle = GetParam();
    Process r = run(oracle + " inputs");
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

TEST_P(QueryBotocore, BotocoreParsesWhatWeEncode) {
    const std::string& oracle = GetParam();
    Process r = run(oracle + " outputs");
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

    std::string path = temp_path("outputs");
    {
        std::ofstream f(path, std::ios::binary);
        f << to_json(checks);
    }
    Process check = run(oracle + " check-outputs " + path);
    EXPECT_EQ(check.status, 0) << check.out;
    EXPECT_EQ(check.out.find("FAIL"), std::string::npos) << check.out;
    std::remove(path.c_str());
}

// A full output for any shape: every member, two list items and map entries, scalars of
// the right type (enums take their first value); recursion stops at `depth`.
Node generate(const Shape& shape, int depth, const std::string& name) {
    switch (shape.type) {
        case ShapeType::structure: {
            Node out = Node::make_object();
            for (const auto& m : shape.members)
                if (depth > 0 || m.shape->type != ShapeType::structure)
                    out.add(m.name, generate(*m.shape, depth - 1, m.name));
            return out;
        }
        case ShapeType::list: {
            Node out = Node::make_array();
            if (depth > 0 || shape.element.shape->type != ShapeType::structure)
                for (int i = 0; i < 2; ++i) out.push(generate(*shape.element.shape, depth - 1, name + std::to_string(i)));
            return out;
        }
        case ShapeType::map: {
            Node out = Node::make_object();
            for (int i = 0; i < 2; ++i) out.add("k" + std::to_string(i), generate(*shape.value.shape, depth - 1, name));
            return out;
        }
        case ShapeType::string:
            return string_node(shape.enum_values.empty() ? name + " <&> \"x\"" : shape.enum_values.front());
        case ShapeType::integer: return Node::make_number("7");
        case ShapeType::long_integer: return Node::make_number("9007199254740993");
        case ShapeType::float_number:
        case ShapeType::double_number: return Node::make_number("1.5");
        case ShapeType::boolean: return Node::make_bool(true);
        case ShapeType::timestamp: return string_node("2026-01-02T03:04:05Z");
        case ShapeType::blob: return string_node("blob\r\n" + name);
    }
    return Node{};
}

// Every operation of the three services: a generated output, encoded by us, parsed by
// botocore, must come back unchanged.
TEST_P(QueryBotocore, EveryOperationsOutputRoundTripsThroughBotocore) {
    const std::string& oracle = GetParam();
    Node checks = Node::make_array();
    size_t operations = 0;
    for (const char* service : {"iam", "sts", "cloudformation"}) {
        const ServiceModel& model = model_for(service);
        for (const Operation& op : model.operations()) {
            if (!op.output) continue;
            Node output = generate(*op.output, 3, op.name);
            auto xml = encode_query_response(model, op, output, "rid");
            ASSERT_TRUE(xml) << op.name << ": " << xml.error().message;
            Node check = Node::make_object();
            check.add("service", string_node(service));
            check.add("operation", string_node(op.name));
            check.add("xml", string_node(*xml));
            check.add("output", std::move(output));
            checks.push(std::move(check));
            ++operations;
        }
    }
    EXPECT_GE(operations, 150u);  // 85 IAM + 8 STS + 62 CloudFormation operations with output
    std::string path = temp_path("generated");
    {
        std::ofstream f(path, std::ios::binary);
        f << to_json(checks);
    }
    Process check = run(oracle + " check-generated " + path);
    EXPECT_EQ(check.status, 0) << check.out.substr(0, 4000);
    // The embedded models are newer than the oracle's: it checks the operations it knows (at
    // least three quarters, or it fails) and lists the others.
    EXPECT_NE(check.out.find(" operations, 0 failed; the oracle's model lacks "), std::string::npos)
        << check.out.substr(0, 4000);
    EXPECT_EQ(check.out.find("checked 0 operations"), std::string::npos) << check.out.substr(0, 4000);
    std::remove(path.c_str());
}

}  // namespace
}  // namespace jg::wire
