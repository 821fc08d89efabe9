// The client side of the Query protocol against the server side: requests the client
// writes decode on the server to the same input, responses the server writes parse on the
// client to the same output; error envelopes and input validation.
#include <gtest/gtest.h>

#include "core/json.hpp"
#include "test_models.hpp"
#include "wire/client/error_reply.hpp"
#include "wire/client/query_request.hpp"
#include "wire/client/query_response.hpp"
#include "wire/query_decoder.hpp"
#include "wire/query_encoder.hpp"

namespace jg::wire {
namespace {

using testing_models::installed;
using testing_models::mini;

Node json(std::string_view text) {
    auto n = parse_json(text);
    EXPECT_TRUE(n) << n.error().str();
    return n ? *n : Node();
}

// Client request → form body → server decoder: the input must come back unchanged (the
// server orders members as the model does, so the inputs here are written in that order).
void expect_request_round_trip(const ServiceModel& model, std::string_view op_name, std::string_view input_json) {
    SCOPED_TRACE(std::string(op_name));
    const Operation* op = model.find_operation(op_name);
    ASSERT_NE(op, nullptr);
    Node input = json(input_json);
    auto params = query_params(model, *op, input);
    ASSERT_TRUE(params) << params.error().str();
    auto decoded = decode_query(model, parse_form(form_encode(*params)));
    ASSERT_TRUE(decoded) << decoded.error().str();
    EXPECT_EQ(decoded->operation, op);
    EXPECT_TRUE(decoded->input.same(input)) << "sent " << input_json;
}

// Server response → client parser: the output must come back unchanged.
void expect_response_round_trip(const ServiceModel& model, std::string_view op_name, std::string_view output_json) {
    SCOPED_TRACE(std::string(op_name));
    const Operation* op = model.find_operation(op_name);
    ASSERT_NE(op, nullptr);
    Node output = json(output_json);
    auto body = encode_query_response(model, *op, output, "rid-1");
    ASSERT_TRUE(body) << body.error().str();
    auto parsed = parse_query_response(*op, HttpResponse{200, {}, *body});
    ASSERT_TRUE(parsed) << parsed.error().str();
    EXPECT_TRUE(parsed->same(output)) << *body;
}

TEST(ClientQuery, RequestsDecodeOnTheServerAsSent) {
    expect_request_round_trip(installed("iam"), "CreateUser",
                              R"({"Path": "/x/", "UserName": "a.b+c@x", "Tags": [{"Key": "k=1", "Value": "é =+ 1"}]})");
    expect_request_round_trip(installed("iam"), "UpdateAccountPasswordPolicy",
                              R"({"MinimumPasswordLength": 14, "RequireSymbols": true, "AllowUsersToChangePassword": false})");
    expect_request_round_trip(installed("cloudformation"), "CreateStackInstances",
                              R"({"StackSetName": "s", "Accounts": ["111111111111"], "Regions": ["us-east-1", "eu-west-1"],
                                  "OperationPreferences": {"MaxConcurrentCount": 3}})");
    expect_request_round_trip(installed("sts"), "AssumeRole",
                              R"({"RoleArn": "arn:aws:iam::111111111111:role/r", "RoleSessionName": "s1", "DurationSeconds": 900})");
    // Flattened and renamed lists, maps with named parts, timestamps, blobs, nesting.
    expect_request_round_trip(mini(), "Op",
                              R"({"When": "2026-11-27T20:25:39Z", "Data": "\u0001\u00ff", "Big": 9007199254740993,
                                  "Flat": ["a", "b"], "Named": ["c"], "Attrs": {"x": "1", "y": "2"},
                                  "Nested": {"Few": ["d"]}})");
}

TEST(ClientQuery, BodyIsFormEncodedAsBotocoreDoes) {
    const ServiceModel& iam = installed("iam");
    auto params = query_params(iam, *iam.find_operation("ListUsers"), json(R"({"PathPrefix": "/a b/~*é"})"));
    ASSERT_TRUE(params);
    EXPECT_EQ(form_encode(*params), "Action=ListUsers&Version=2010-05-08&PathPrefix=%2Fa+b%2F~%2A%C3%A9");
    auto empty = query_params(iam, *iam.find_operation("UntagUser"), json(R"({"UserName": "u", "TagKeys": []})"));
    ASSERT_TRUE(empty);
    EXPECT_EQ(form_encode(*empty), "Action=UntagUser&Version=2010-05-08&UserName=u&TagKeys=");
}

TEST(ClientQuery, InputThatDoesNotFitTheShapeIsRefused) {
    const ServiceModel& iam = installed("iam");
    const Operation& create = *iam.find_operation("CreateUser");
    auto unknown = query_params(iam, create, json(R"({"UserName": "u", "Colour": "red"})"));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, "ParamValidation");
    EXPECT_NE(unknown.error().message.find("Colour"), std::string::npos);
    auto missing = query_params(iam, create, json(R"({"Path": "/"})"));
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("UserName: missing required parameter"), std::string::npos)
        << missing.error().message;
    auto wrong = query_params(iam, create, json(R"({"UserName": "u", "Tags": [{"Key": 1, "Value": "v"}]})"));
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().message.find("Tags[0].Key: expected a string, got number"), std::string::npos)
        << wrong.error().message;
    auto not_int = query_params(iam, *iam.find_operation("ListUsers"), json(R"({"MaxItems": "ten"})"));
    ASSERT_FALSE(not_int);
    EXPECT_EQ(not_int.error().code, "ParamValidation");
}

TEST(ClientQuery, ResponsesParseToWhatTheServerEncoded) {
    expect_response_round_trip(installed("iam"), "ListUsers",
                               R"({"Users": [{"Path": "/", "UserName": "a", "UserId": "AIDA1", "Arn": "arn:aws:iam::1:user/a",
                                              "CreateDate": "2026-11-27T20:25:39Z"}], "IsTruncated": false})");
    expect_response_round_trip(installed("iam"), "GetAccountPasswordPolicy",
                               R"({"PasswordPolicy": {"MinimumPasswordLength": 14, "RequireSymbols": true,
                                   "ExpirePasswords": false, "MaxPasswordAge": 90}})");
    expect_response_round_trip(installed("iam"), "ListUsers", R"({"Users": [], "IsTruncated": true, "Marker": "m"})");
    expect_response_round_trip(installed("sts"), "AssumeRole",
                               R"({"Credentials": {"AccessKeyId": "ASIA1", "SecretAccessKey": "s", "SessionToken": "t",
                                   "Expiration": "2026-11-27T21:25:39.123Z"},
                                   "AssumedRoleUser": {"AssumedRoleId": "AROA1:s", "Arn": "arn:aws:sts::1:assumed-role/r/s"}})");
    expect_response_round_trip(mini(), "Op",
                               R"({"When": "2026-11-27T20:25:39Z", "Data": "\u0001\u00ff", "Big": 9007199254740993,
                                   "Ratio": 0.5, "Flat": ["a", "b"], "Named": ["c"], "Attrs": {"x": "1"},
                                   "Nested": {"Few": ["d"]}})");
}

TEST(ClientQuery, OperationWithoutOutputGivesAnEmptyObject) {
    const ServiceModel& iam = installed("iam");
    const Operation& op = *iam.find_operation("DeleteUser");
    auto body = encode_query_response(iam, op, Node(), "rid");
    ASSERT_TRUE(body);
    auto parsed = parse_query_response(op, HttpResponse{200, {}, *body});
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->is_object());
    EXPECT_TRUE(parsed->members.empty());
}

TEST(ClientQuery, ErrorResponsesGiveAwsCodeAndMessage) {
    const ServiceModel& iam = installed("iam");
    const Operation& op = *iam.find_operation("GetUser");
    QueryErrorReply reply = encode_query_error(iam, "NoSuchEntity", "The user with name x cannot be found.", "rid");
    auto parsed = parse_query_response(op, HttpResponse{reply.http_status, {}, reply.body});
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, "NoSuchEntity");
    EXPECT_EQ(parsed.error().message, "The user with name x cannot be found.");

    // EC2-style envelopes, as some emulators answer.
    Error ec2 = error_from_response(
        {400, {}, "<Response><Errors><Error><Code>InvalidAction</Code><Message>nope</Message></Error></Errors></Response>"});
    EXPECT_EQ(ec2.code, "InvalidAction");
    EXPECT_EQ(ec2.message, "nope");
    // No XML at all: the status speaks (botocore's reading).
    Error html = error_from_response({502, {}, "<html><body>bad gateway"});
    EXPECT_EQ(html.code, "502");
    EXPECT_EQ(html.message, "Bad Gateway");
    Error empty = error_from_response({403, {}, ""});
    EXPECT_EQ(empty.code, "403");
    EXPECT_EQ(empty.message, "Forbidden");
}

TEST(ClientQuery, MalformedSuccessIsAnError) {
    const Operation& op = *installed("iam").find_operation("GetUser");
    auto not_xml = parse_query_response(op, HttpResponse{200, {}, "{\"User\": {}}"});
    ASSERT_FALSE(not_xml);
    EXPECT_EQ(not_xml.error().code, "MalformedResponse");
    auto wrong_root = parse_query_response(op, HttpResponse{200, {}, "<ListUsersResponse/>"});
    ASSERT_FALSE(wrong_root);
    EXPECT_EQ(wrong_root.error().code, "MalformedResponse");
    EXPECT_NE(wrong_root.error().message.find("<GetUserResponse>"), std::string::npos);
}

}  // namespace
}  // namespace jg::wire
