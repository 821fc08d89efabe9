#include "wire/query_encoder.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"
#include "test_models.hpp"
#include "wire/xml_writer.hpp"

namespace jg::wire {
namespace {

using testing_models::installed;
using testing_models::mini;

Node json(std::string_view text) {
    auto n = parse_json(text);
    EXPECT_TRUE(n) << n.error().message;
    return n ? *n : Node{};
}

Result<std::string> encode(const ServiceModel& model, std::string_view op, std::string_view output) {
    const Operation* operation = model.find_operation(op);
    EXPECT_NE(operation, nullptr) << op;
    return encode_query_response(model, *operation, json(output), "rid-1");
}

TEST(QueryEncoder, WritesMembersInShapeOrderInsideTheResultWrapper) {
    auto xml = encode(installed("iam"), "GetUser",
                      R"({"User":{"CreateDate":"2026-11-27T20:43:35+00:00","Arn":"arn:aws:iam::1:user/a",
                          "UserName":"a","Path":"/","UserId":"AIDA1"}})");
    ASSERT_TRUE(xml) << xml.error().message;
    EXPECT_EQ(*xml,
              "<GetUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetUserResult><User>"
              "<Path>/</Path><UserName>a</UserName><UserId>AIDA1</UserId><Arn>arn:aws:iam::1:user/a</Arn>"
              "<CreateDate>2026-11-27T20:43:35Z</CreateDate></User></GetUserResult>"
              "<ResponseMetadata><RequestId>rid-1</RequestId></ResponseMetadata></GetUserResponse>");
}

TEST(QueryEncoder, ListsMapsBooleansAndEmptyLists) {
    auto users = encode(installed("iam"), "ListUsers", R"({"IsTruncated":true,"Users":[],"Marker":"m&1"})");
    ASSERT_TRUE(users) << users.error().message;
    EXPECT_NE(users->find("<ListUsersResult><Users></Users><IsTruncated>true</IsTruncated><Marker>m&amp;1</Marker>"
                          "</ListUsersResult>"),
              std::string::npos)
        << *users;

    auto summary = encode(installed("iam"), "GetAccountSummary", R"({"SummaryMap":{"Users":3,"Groups":"2"}})");
    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_NE(summary->find("<SummaryMap><entry><key>Users</key><value>3</value></entry>"
                            "<entry><key>Groups</key><value>2</value></entry></SummaryMap>"),
              std::string::npos)
        << *summary;

    auto stacks = encode(installed("cloudformation"), "DescribeStacks",
                         R"({"Stacks":[{"StackName":"s","CreationTime":1764276215.5,"StackStatus":"CREATE_COMPLETE",
                             "Capabilities":["CAPABILITY_IAM"],"DisableRollback":false}]})");
    ASSERT_TRUE(stacks) << stacks.error().message;
    EXPECT_NE(stacks->find("<Stacks><member><StackName>s</StackName><CreationTime>2025-11-27T20:43:35.500Z"
                           "</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><DisableRollback>false"
                           "</DisableRollback><Capabilities><member>CAPABILITY_IAM</member></Capabilities>"
                           "</member></Stacks>"),
              std::string::npos)
        << *stacks;
}

TEST(QueryEncoder, OperationsWithoutOutputStillAnswerMetadata) {
    auto xml = encode(installed("iam"), "AttachGroupPolicy", "{}");
    ASSERT_TRUE(xml) << xml.error().message;
    EXPECT_EQ(*xml,
              "<AttachGroupPolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata>"
              "<RequestId>rid-1</RequestId></ResponseMetadata></AttachGroupPolicyResponse>");
    auto extra = encode(installed("iam"), "AttachGroupPolicy", R"({"X":1})");
    ASSERT_FALSE(extra);
    EXPECT_EQ(extra.error().code, "InternalFailure");

    // An output shape with nothing in it still gets its (empty) result element.
    auto empty = encode(installed("sts"), "GetCallerIdentity", "{}");
    ASSERT_TRUE(empty);
    EXPECT_NE(empty->find("<GetCallerIdentityResult></GetCallerIdentityResult>"), std::string::npos);
}

TEST(QueryEncoder, FlattenedListsMapsWithLocationNamesAndBlobs) {
    auto xml = encode(mini(), "Op",
                      R"({"Flat":["a","b"],"Named":["x"],"Attrs":{"k":"v"},"Data":"hi!","Big":-5,"Ratio":0.5,
                          "Nested":{"When":"2026-01-02T03:04:05.678-01:00"}})");
    ASSERT_TRUE(xml) << xml.error().message;
    EXPECT_EQ(*xml,
              "<OpResponse xmlns=\"urn:jumpgate:test\"><OpResult><Data>aGkh</Data><Big>-5</Big><Ratio>0.5</Ratio>"
              "<Item>a</Item><Item>b</Item><Renamed><Entry>x</Entry></Renamed>"
              "<Attrs><entry><Name>k</Name><Val>v</Val></entry></Attrs>"
              "<Nested><When>2026-01-02T04:04:05.678Z</When></Nested></OpResult>"
              "<ResponseMetadata><RequestId>rid-1</RequestId></ResponseMetadata></OpResponse>");
}

TEST(QueryEncoder, NodesThatDoNotFitTheShapeAreHandlerBugs) {
    const auto& iam = installed("iam");
    struct Case {
        const char* output;
        const char* message;
    };
    const Case cases[] = {
        {R"({"User":{"UserName":"a","Shoe":"x"}})", "cannot encode User: the shape User has no member 'Shoe'"},
        {R"({"User":{"UserName":5}})", "cannot encode User.UserName: expected a string, got number"},
        {R"({"User":{"CreateDate":"last week"}})",
         "cannot encode User.CreateDate: expected an ISO 8601 timestamp or epoch seconds, got string"},
        {R"({"User":{"Tags":{"a":"b"}}})", "cannot encode User.Tags: expected an array, got object"},
        {R"({"User":{"Tags":[{"Key":true}]}})", "cannot encode User.Tags[0].Key: expected a string, got boolean"},
        {R"({"User":[]})", "cannot encode User: expected an object, got array"},
    };
    for (const auto& c : cases) {
        auto xml = encode(iam, "GetUser", c.output);
        ASSERT_FALSE(xml) << c.output;
        EXPECT_EQ(xml.error().code, "InternalFailure");
        EXPECT_EQ(xml.error().message, c.message);
    }
    auto big = encode(iam, "GetAccountSummary", R"({"SummaryMap":{"Users":3000000000}})");
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().message, "cannot encode SummaryMap[Users]: expected an integer, got number");
    EXPECT_FALSE(encode(iam, "ListUsers", R"({"IsTruncated":"maybe"})"));
}

TEST(QueryEncoder, ErrorEnvelopeWithTheModelsStatus) {
    const auto& iam = installed("iam");
    QueryErrorReply r = encode_query_error(iam, "NoSuchEntity", "The user with name <bob> cannot be found.", "rid-2");
    EXPECT_EQ(r.http_status, 404);
    EXPECT_EQ(r.body,
              "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>"
              "<Code>NoSuchEntity</Code><Message>The user with name &lt;bob&gt; cannot be found.</Message></Error>"
              "<RequestId>rid-2</RequestId></ErrorResponse>");

    auto info = [&](std::string_view code) { return query_error_info(iam, code); };
    EXPECT_EQ(info("EntityAlreadyExists").http_status, 409);
    EXPECT_EQ(info("DeleteConflict").http_status, 409);
    EXPECT_EQ(info("LimitExceeded").http_status, 409);
    EXPECT_EQ(info("MalformedPolicyDocument").http_status, 400);
    EXPECT_EQ(info("InvalidInput").http_status, 400);
    EXPECT_EQ(info("ServiceFailure").http_status, 500);
    EXPECT_FALSE(info("ServiceFailure").sender_fault);
    EXPECT_EQ(info("NoSuchEntityException").code, "NoSuchEntity");  // a shape name answers with its code
    EXPECT_EQ(info("AccessDenied").http_status, 403);
    EXPECT_EQ(info("InvalidClientTokenId").http_status, 403);
    EXPECT_EQ(info("SignatureDoesNotMatch").http_status, 403);
    EXPECT_EQ(info("MissingAuthenticationToken").http_status, 403);
    EXPECT_EQ(info("ExpiredToken").http_status, 403);
    EXPECT_EQ(info("ValidationError").http_status, 400);
    EXPECT_EQ(info("InvalidAction").http_status, 400);
    EXPECT_EQ(info("InternalFailure").http_status, 500);
    EXPECT_FALSE(info("InternalFailure").sender_fault);
    EXPECT_EQ(info("SomethingNew").http_status, 400);
    EXPECT_TRUE(info("SomethingNew").sender_fault);

    QueryErrorReply from_error = encode_query_error(iam, Error{"DeleteConflict", "Cannot delete entity.", {}}, "r");
    EXPECT_EQ(from_error.http_status, 409);
    EXPECT_NE(from_error.body.find("<Code>DeleteConflict</Code><Message>Cannot delete entity.</Message>"),
              std::string::npos);

    QueryErrorReply receiver = encode_query_error(installed("cloudformation"), "InternalFailure", "boom", "r");
    EXPECT_EQ(receiver.http_status, 500);
    EXPECT_NE(receiver.body.find("<Type>Receiver</Type>"), std::string::npos);
    EXPECT_NE(receiver.body.find("xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\""), std::string::npos);
}

TEST(XmlWriter, EscapesAndReplacesWhatXmlCannotCarry) {
    EXPECT_EQ(xml_text("a<b>&\"c\"'\r\n\t"), "a&lt;b&gt;&amp;&quot;c&quot;'&#13;\n\t");
    EXPECT_EQ(xml_text(std::string("x\0y\x01", 4)), "x\xEF\xBF\xBDy\xEF\xBF\xBD");
    EXPECT_EQ(xml_text("\xC3\xBC\xE2\x82\xAC\xF0\x9F\x98\x80"), "\xC3\xBC\xE2\x82\xAC\xF0\x9F\x98\x80");
    EXPECT_EQ(xml_text("bad \xC3 \xFF"), "bad \xEF\xBF\xBD \xEF\xBF\xBD");
}

}  // namespace
}  // namespace jg::wire
