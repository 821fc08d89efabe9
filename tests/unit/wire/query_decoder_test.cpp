#include "wire/query_decoder.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "core/json.hpp"
#include "test_models.hpp"

namespace jg::wire {
namespace {

using testing_models::installed;
using testing_models::mini;

Result<QueryRequest> decode(const ServiceModel& model, std::string_view body) {
    return decode_query(model, parse_form(body));
}

// The ValidationError message of a request that must fail.
std::string validation_message(const ServiceModel& model, std::string_view body) {
    auto r = decode(model, body);
    if (r) return "unexpectedly valid: " + to_json(r->input);
    EXPECT_EQ(r.error().code, "ValidationError");
    return r.error().message;
}

TEST(QueryForm, SplitsAndPercentDecodes) {
    QueryParams p = parse_form("a=1&b=x+y%20z&&c&d=%ZZ%4&e=%C3%BC%2b&=v");
    QueryParams want = {{"a", "1"}, {"b", "x y z"}, {"c", ""}, {"d", "%ZZ%4"}, {"e", "ü+"}, {"", "v"}};
    EXPECT_EQ(p, want);
    EXPECT_TRUE(parse_form("").empty());
    EXPECT_EQ(percent_decode("%41%zz%"), "A%zz%");
}

TEST(QueryDecoder, MissingActionAndUnknownAction) {
    const auto& iam = installed("iam");
    for (const char* body : {"Version=2010-05-08&UserName=a", "Action=&Version=2010-05-08", ""}) {
        auto none = decode(iam, body);
        ASSERT_FALSE(none) << body;
        EXPECT_EQ(none.error().code, "MissingAction");
        EXPECT_EQ(none.error().message, "Missing Action");
    }

    auto unknown = decode(iam, "Action=CreateUsers&Version=2010-05-08");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, "InvalidAction");
    EXPECT_EQ(unknown.error().message, "Could not find operation CreateUsers for version 2010-05-08");

    auto other_version = decode(iam, "Action=CreateUser&Version=2011-06-15&UserName=a");
    ASSERT_FALSE(other_version);
    EXPECT_EQ(other_version.error().message, "Could not find operation CreateUser for version 2011-06-15");

    auto no_version = decode(iam, "Action=CreateUser&UserName=a");
    ASSERT_TRUE(no_version) << no_version.error().message;
    EXPECT_EQ(no_version->operation->name, "CreateUser");
}

TEST(QueryDecoder, MissingRequiredMembersAreNull) {
    const auto& iam = installed("iam");
    EXPECT_EQ(validation_message(iam, "Action=CreateUser&Version=2010-05-08"),
              "1 validation error detected: Value null at 'userName' failed to satisfy constraint: "
              "Member must not be null");
    EXPECT_EQ(validation_message(iam, "Action=AttachGroupPolicy&Version=2010-05-08"),
              "2 validation errors detected: Value null at 'groupName' failed to satisfy constraint: "
              "Member must not be null; Value null at 'policyArn' failed to satisfy constraint: "
              "Member must not be null");
    EXPECT_EQ(validation_message(iam, "Action=CreateUser&Version=2010-05-08&UserName=a&Tags.member.1.Value=v"),
              "1 validation error detected: Value null at 'tags.1.member.key' failed to satisfy constraint: "
              "Member must not be null");
}

TEST(QueryDecoder, LengthAndPatternConstraintsUseAwsWording) {
    const auto& iam = installed("iam");
    EXPECT_EQ(validation_message(iam, "Action=CreateUser&Version=2010-05-08&UserName="),
              "2 validation errors detected: Value '' at 'userName' failed to satisfy constraint: "
              "Member must have length greater than or equal to 1; Value '' at 'userName' failed to satisfy "
              "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    EXPECT_EQ(validation_message(iam, "Action=CreateUser&Version=2010-05-08&UserName=" + std::string(65, 'a')),
              "1 validation error detected: Value '" + std::string(65, 'a') +
                  "' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64");
    EXPECT_EQ(validation_message(iam, "Action=CreateUser&Version=2010-05-08&UserName=a+b"),
              "1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: "
              "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    // Length counts characters (UTF-16 units, as Java does), not bytes.
    EXPECT_TRUE(decode(iam, "Action=TagUser&Version=2010-05-08&UserName=a&Tags.member.1.Key=k&Tags.member.1.Value=" +
                                std::string(256 / 2, 'x') + std::string(128, 'y')));
    std::string umlauts;
    for (int i = 0; i < 256; ++i) umlauts += "%C3%BC";
    EXPECT_TRUE(decode(iam, "Action=TagUser&Version=2010-05-08&UserName=a&Tags.member.1.Key=k&Tags.member.1.Value=" +
                                umlauts));
}

TEST(QueryDecoder, SensitiveValuesAreNotEchoed) {
    const auto& iam = installed("iam");
    EXPECT_EQ(validation_message(iam, "Action=CreateLoginProfile&Version=2010-05-08&UserName=a&Password="),
              "2 validation errors detected: Value at 'password' failed to satisfy constraint: Member must have "
              "length greater than or equal to 1; Value at 'password' failed to satisfy constraint: Member must "
              "satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
}

TEST(QueryDecoder, EnumsAndNumbers) {
    const auto& cfn = installed("cloudformation");
    EXPECT_EQ(validation_message(cfn, "Action=CreateStack&Version=2010-05-15&StackName=s&OnFailure=NOPE"),
              "1 validation error detected: Value 'NOPE' at 'onFailure' failed to satisfy constraint: "
              "Member must satisfy enum value set: [DO_NOTHING, ROLLBACK, DELETE]");
    EXPECT_EQ(validation_message(cfn, "Action=CreateStack&Version=2010-05-15&StackName=s&"
                                      "Capabilities.member.1=CAPABILITY_IAM&Capabilities.member.2=BAD"),
              "1 validation error detected: Value '[CAPABILITY_IAM, BAD]' at 'capabilities' failed to satisfy "
              "constraint: Member must satisfy constraint: [Member must satisfy enum value set: "
              "[CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND]]");

    const auto& iam = installed("iam");
    EXPECT_EQ(validation_message(iam, "Action=ListUsers&Version=2010-05-08&MaxItems=0"),
              "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: "
              "Member must have value greater than or equal to 1");
    EXPECT_EQ(validation_message(iam, "Action=ListUsers&Version=2010-05-08&MaxItems=1001"),
              "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: "
              "Member must have value less than or equal to 1000");
    EXPECT_EQ(validation_message(iam, "Action=ListUsers&Version=2010-05-08&MaxItems=ten"),
              "1 validation error detected: Value 'ten' at 'maxItems' failed to satisfy constraint: "
              "Member must be an integer");
    EXPECT_NE(validation_message(iam, "Action=ListUsers&Version=2010-05-08&MaxItems=99999999999")
                  .find("Member must be an integer"),
              std::string::npos);

    auto ok = decode(iam, "Action=ListUsers&Version=2010-05-08&MaxItems=%2B7");
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(to_json(ok->input), R"({"MaxItems":7})");

    auto flags = decode(cfn, "Action=CreateStack&Version=2010-05-15&StackName=s&DisableRollback=TRUE");
    ASSERT_TRUE(flags);
    EXPECT_EQ(to_json(flags->input), R"({"StackName":"s","DisableRollback":true})");
    EXPECT_NE(validation_message(cfn, "Action=CreateStack&Version=2010-05-15&StackName=s&DisableRollback=yes")
                  .find("at 'disableRollback' failed to satisfy constraint: Member must be a boolean"),
              std::string::npos);
}

TEST(QueryDecoder, ListsAreOrderedByIndexAndEmptyListsAreKept) {
    const auto& iam = installed("iam");
    auto r = decode(iam, "Action=CreateUser&Version=2010-05-08&UserName=a&Tags.member.10.Key=k10&"
                         "Tags.member.10.Value=v&Tags.member.2.Key=k2&Tags.member.2.Value=v&"
                         "Tags.member.x.Key=ignored&Bogus=1&UserName.Extra=2");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(to_json(r->input),
              R"({"UserName":"a","Tags":[{"Key":"k2","Value":"v"},{"Key":"k10","Value":"v"}]})");

    auto empty = decode(iam, "Action=CreateUser&Version=2010-05-08&UserName=a&Tags=");
    ASSERT_TRUE(empty);
    EXPECT_EQ(to_json(empty->input), R"({"UserName":"a","Tags":[]})");

    auto absent = decode(iam, "Action=GetAccountSummary&Version=2010-05-08");
    ASSERT_TRUE(absent);
    EXPECT_EQ(to_json(absent->input), "{}");
}

// The article's `create-stack-instances --accounts A,B,C`: the aws CLI sends one member,
// and StackSets deploys to each account; every item is still validated.
TEST(QueryDecoder, StackSetAccountsAndRegionsMayBeCommaJoined) {
    const auto& cfn = installed("cloudformation");
    auto r = decode(cfn, "Action=CreateStackInstances&Version=2010-05-15&StackSetName=s&"
                         "Accounts.member.1=222222222222%2C333333333333%2C+111111111111&"
                         "Regions.member.1=ap-northeast-1%2Cus-east-1");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(to_json(r->input), R"({"StackSetName":"s","Accounts":["222222222222","333333333333","111111111111"],)"
                                 R"("Regions":["ap-northeast-1","us-east-1"]})");
    EXPECT_EQ(validation_message(cfn, "Action=CreateStackInstances&Version=2010-05-15&StackSetName=s&"
                                      "Accounts.member.1=222222222222%2C33&Regions.member.1=ap-northeast-1"),
              "1 validation error detected: Value '[222222222222, 33]' at 'accounts' failed to satisfy constraint: "
              "Member must satisfy constraint: [Member must satisfy regular expression pattern: ^[0-9]{12}$]");
    // Other lists keep a comma as part of the value.
    EXPECT_EQ(validation_message(cfn, "Action=CreateStack&Version=2010-05-15&StackName=s&"
                                      "Capabilities.member.1=CAPABILITY_IAM%2CCAPABILITY_NAMED_IAM"),
              "1 validation error detected: Value '[CAPABILITY_IAM,CAPABILITY_NAMED_IAM]' at 'capabilities' failed "
              "to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: "
              "[CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND]]");
}

TEST(QueryDecoder, FlattenedListsLocationNamesMapsAndScalarsOfEveryType) {
    auto r = decode(mini(), "Action=Op&Version=2020-01-01&When=2026-11-27T22:43:35.5%2B02:00&Data=AAEC%2Fw%3D%3D&"
                            "Big=9007199254740993&Ratio=0.25&Item.2=b&Item.1=a&Renamed.Entry.1=x&"
                            "Attrs.entry.1.Name=k&Attrs.entry.1.Val=v&Attrs.entry.2.Name=j&Attrs.entry.2.Val=w&"
                            "Nested.Nested.Big=-1");
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_NE(r->input.find("Data"), nullptr);
    EXPECT_EQ(r->input.find("Data")->text, std::string("\0\1\2\xff", 4));  // blobs hold the decoded bytes
    r->input.find("Data")->text = "bytes";
    EXPECT_EQ(to_json(r->input),
              std::string(R"({"When":"2026-11-27T20:43:35.500Z","Data":"bytes",)") +
                  R"("Big":9007199254740993,"Ratio":0.25,"Flat":["a","b"],"Named":["x"],)"
                  R"("Attrs":{"k":"v","j":"w"},"Nested":{"Nested":{"Big":-1}}})");
}

TEST(QueryDecoder, MapListAndBlobConstraints) {
    const auto& m = mini();
    EXPECT_EQ(validation_message(m, "Action=Op&Attrs.entry.1.Name=long&Attrs.entry.1.Val=v"),
              "1 validation error detected: Value '{long=v}' at 'attrs' failed to satisfy constraint: "
              "Map keys must satisfy constraint: [Member must have length less than or equal to 3]");
    EXPECT_EQ(validation_message(m, "Action=Op&Attrs.entry.1.Name=a&Attrs.entry.1.Val=1&Attrs.entry.2.Name=b&"
                                    "Attrs.entry.2.Val=2&Attrs.entry.3.Name=c&Attrs.entry.3.Val=3"),
              "1 validation error detected: Value '{a=1, b=2, c=3}' at 'attrs' failed to satisfy constraint: "
              "Member must have length less than or equal to 2");
    EXPECT_EQ(validation_message(m, "Action=Op&Few="),
              "1 validation error detected: Value '[]' at 'few' failed to satisfy constraint: "
              "Member must have length greater than or equal to 1");
    EXPECT_EQ(validation_message(m, "Action=Op&Data=AAAAAAA%3D"),
              "1 validation error detected: Value 'AAAAAAA=' at 'data' failed to satisfy constraint: "
              "Member must have length less than or equal to 4");
    EXPECT_NE(validation_message(m, "Action=Op&Data=!!").find("Member must be base64-encoded"), std::string::npos);
    EXPECT_NE(validation_message(m, "Action=Op&When=yesterday").find("at 'when' failed to satisfy constraint"),
              std::string::npos);
    EXPECT_NE(validation_message(m, "Action=Op&Ratio=-1").find("Member must have value greater than or equal to 0"),
              std::string::npos);
    EXPECT_NE(validation_message(m, "Action=Op&Nested.Ratio=x").find("at 'nested.ratio'"), std::string::npos);
}

TEST(QueryDecoder, HugeAndHostileInputStaysFast) {
    const auto& iam = installed("iam");
    // A 128 KB policy document against its pattern, and ten thousand list members.
    std::string doc(131072, 'a');
    auto start = std::chrono::steady_clock::now();
    auto big = decode(iam, "Action=PutUserPolicy&Version=2010-05-08&UserName=a&PolicyName=p&PolicyDocument=" + doc);
    ASSERT_TRUE(big) << big.error().message;
    std::string many = "Action=UntagUser&Version=2010-05-08&UserName=a";
    for (int i = 1; i <= 10000; ++i) many += "&TagKeys.member." + std::to_string(i) + "=k";
    auto r = decode(iam, many);
    ASSERT_FALSE(r);  // at most 50 tag keys
    EXPECT_NE(r.error().message.find("Member must have length less than or equal to 50"), std::string::npos);
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(ms, 5000.0);
    // Keys that look like paths but are not: deep dots, huge indices, empty segments.
    std::string weird = "Action=CreateUser&Version=2010-05-08&UserName=a&Tags.member.99999999999999999999.Key=k&"
                        "Tags.member..Key=k&Tags.member.0.Key=k&Tags.member.-1.Key=k&" +
                        std::string(5000, '.') + "=x";
    auto w = decode(iam, weird);
    ASSERT_TRUE(w) << w.error().message;
    EXPECT_EQ(to_json(w->input), R"({"UserName":"a"})");
}

// Parameters for every member of `shape`, spelled the way the Query protocol spells them,
// with values drawn in turn from a list of awkward ones.
void garbage_params(const Shape& shape, const std::string& prefix, int depth, size_t& counter, QueryParams& out) {
    static const char* k_values[] = {"", "0", "-1", "2147483648", "true", "TRUE", "x y", "%", "\xC3", "2026-01-01",
                                     "AAEC", "!!", "arn:aws:iam::123456789012:user/a", "a,b", "1e999", ".."};
    auto key = [&](std::string_view name) { return prefix.empty() ? std::string(name) : prefix + "." + std::string(name); };
    for (const auto& m : shape.members) {
        const Shape& ms = *m.shape;
        std::string k = key(m.wire_name());
        switch (ms.type) {
            case ShapeType::structure:
                if (depth > 0) garbage_params(ms, k, depth - 1, counter, out);
                break;
            case ShapeType::list:
                if (ms.element.shape->type == ShapeType::structure) {
                    if (depth > 0) garbage_params(*ms.element.shape, k + ".member.1", depth - 1, counter, out);
                } else {
                    out.emplace_back(k + ".member.1", k_values[counter++ % std::size(k_values)]);
                    out.emplace_back(k + ".member.3", k_values[counter++ % std::size(k_values)]);
                }
                break;
            case ShapeType::map:
                out.emplace_back(k + ".entry.1.key", k_values[counter++ % std::size(k_values)]);
                out.emplace_back(k + ".entry.1.value", k_values[counter++ % std::size(k_values)]);
                break;
            default: out.emplace_back(k, k_values[counter++ % std::size(k_values)]); break;
        }
    }
}

// Every operation of the three services, fed awkward values in every member: each request
// is either valid or a ValidationError with a well-formed message, and nothing crashes.
TEST(QueryDecoder, EveryOperationSurvivesAwkwardValues) {
    size_t counter = 0;
    size_t requests = 0;
    size_t rejected = 0;
    for (const char* service : {"iam", "sts", "cloudformation"}) {
        const ServiceModel& model = installed(service);
        for (const Operation& op : model.operations()) {
            for (int round = 0; round < 3; ++round) {
                QueryParams params = {{"Action", op.name}, {"Version", model.metadata().api_version}};
                if (op.input) garbage_params(*op.input, {}, 3, counter, params);
                auto r = decode_query(model, params);
                ++requests;
                if (r) {
                    EXPECT_EQ(r->operation, &op);
                    EXPECT_TRUE(r->input.is_object());
                    continue;
                }
                ++rejected;
                EXPECT_EQ(r.error().code, "ValidationError") << op.name << ": " << r.error().message;
                EXPECT_NE(r.error().message.find(" detected: Value"), std::string::npos) << r.error().message;
            }
        }
    }
    EXPECT_GT(requests, 600u);
    EXPECT_GT(rejected, requests / 2);
}

}  // namespace
}  // namespace jg::wire
