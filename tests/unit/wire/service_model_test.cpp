#include "wire/service_model.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

namespace jg::wire {
namespace {

TEST(ServiceModel, LoadsIamWithOperationsShapesAndErrors) {
    auto start = std::chrono::steady_clock::now();
    auto model = ServiceModel::load_installed("iam", "2010-05-08");
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(model) << model.error().message;
    std::printf("[ measure  ] iam service-2.json loaded in %.1f ms\n", ms);

    EXPECT_EQ(model->metadata().protocol, "query");
    EXPECT_EQ(model->metadata().api_version, "2010-05-08");
    EXPECT_EQ(model->metadata().xml_namespace, "https://iam.amazonaws.com/doc/2010-05-08/");
    EXPECT_EQ(model->metadata().signing_name, "iam");
    EXPECT_GT(model->operations().size(), 150u);

    const Operation* op = model->find_operation("CreateUser");
    ASSERT_NE(op, nullptr);
    EXPECT_EQ(op->result_wrapper, "CreateUserResult");
    ASSERT_NE(op->input, nullptr);
    const ShapeRef* user_name = op->input->find_member("UserName");
    ASSERT_NE(user_name, nullptr);
    EXPECT_TRUE(user_name->required);
    EXPECT_EQ(user_name->shape->type, ShapeType::string);
    EXPECT_EQ(user_name->shape->max, 64.0);
    ASSERT_TRUE(user_name->shape->pattern);
    EXPECT_TRUE(user_name->shape->pattern->matches("alice@example.com"));
    EXPECT_FALSE(user_name->shape->pattern->matches("no spaces"));
    const ShapeRef* tags = op->input->find_member("Tags");
    ASSERT_NE(tags, nullptr);
    EXPECT_EQ(tags->shape->type, ShapeType::list);
    EXPECT_EQ(tags->shape->element.shape->name, "Tag");
    EXPECT_FALSE(tags->required);
    EXPECT_EQ(op->errors.size(), 6u);  // LimitExceeded … ServiceFailure

    const Shape* no_such = model->find_error("NoSuchEntity");
    ASSERT_NE(no_such, nullptr);
    EXPECT_EQ(no_such->error->http_status, 404);
    EXPECT_TRUE(no_such->error->sender_fault);
    EXPECT_EQ(model->find_error("NoSuchEntityException"), no_such);
    const Shape* failure = model->find_error("ServiceFailure");
    ASSERT_NE(failure, nullptr);
    EXPECT_EQ(failure->error->http_status, 500);
    EXPECT_FALSE(failure->error->sender_fault);
    EXPECT_EQ(model->find_error("Bogus"), nullptr);
    EXPECT_EQ(model->find_operation("Bogus"), nullptr);
}

TEST(ServiceModel, LoadsS3WithItsRestBindings) {
    auto s3 = ServiceModel::load_installed("s3", "2006-03-01");
    ASSERT_TRUE(s3) << s3.error().message;
    EXPECT_EQ(s3->metadata().protocol, "rest-xml");
    const Operation* put = s3->find_operation("PutObject");
    ASSERT_NE(put, nullptr);
    EXPECT_EQ(put->http_method, "PUT");
    EXPECT_EQ(put->request_uri, "/{Bucket}/{Key+}");
    EXPECT_EQ(put->input->find_member("Bucket")->location, "uri");
    EXPECT_EQ(put->input->find_member("ContentType")->location, "header");
    EXPECT_EQ(put->input->find_member("ContentType")->location_name, "Content-Type");
    EXPECT_EQ(put->input->find_member("Metadata")->location, "headers");
    EXPECT_EQ(put->input->find_member("Metadata")->location_name, "x-amz-meta-");
    EXPECT_EQ(put->input->find_member("Body")->location, "");
    EXPECT_EQ(put->input->payload, "Body");
    const Operation* create = s3->find_operation("CreateBucket");
    const ShapeRef* config = create->input->find_member("CreateBucketConfiguration");
    EXPECT_EQ(config->xml_namespace, "http://s3.amazonaws.com/doc/2006-03-01/");
    const Operation* list = s3->find_operation("ListObjectsV2");
    EXPECT_EQ(list->request_uri, "/{Bucket}?list-type=2");
    EXPECT_EQ(list->input->find_member("MaxKeys")->location, "querystring");
    EXPECT_EQ(s3->find_operation("DeleteObject")->response_code, 204);
    EXPECT_TRUE(s3->find_operation("PutBucketPolicy")->checksum_required);
    EXPECT_FALSE(put->checksum_required);
    // The Query protocol has no bindings: every operation POSTs to "/".
    auto iam = ServiceModel::load_installed("iam", "2010-05-08");
    ASSERT_TRUE(iam);
    EXPECT_EQ(iam->find_operation("CreateUser")->http_method, "POST");
    EXPECT_EQ(iam->find_operation("CreateUser")->request_uri, "/");
}

TEST(ServiceModel, LoadsStsAndCloudFormation) {
    auto sts = ServiceModel::load_installed("sts", "2011-06-15");
    ASSERT_TRUE(sts) << sts.error().message;
    EXPECT_EQ(sts->metadata().xml_namespace, "https://sts.amazonaws.com/doc/2011-06-15/");
    EXPECT_EQ(sts->find_operation("AssumeRole")->result_wrapper, "AssumeRoleResult");
    EXPECT_EQ(sts->find_error("ExpiredTokenException")->error->http_status, 400);

    auto cfn = ServiceModel::load_installed("cloudformation", "2010-05-15");
    ASSERT_TRUE(cfn) << cfn.error().message;
    EXPECT_EQ(cfn->metadata().xml_namespace, "http://cloudformation.amazonaws.com/doc/2010-05-15/");
    const Operation* op = cfn->find_operation("CreateStackSet");
    ASSERT_NE(op, nullptr);
    const ShapeRef* caps = op->input->find_member("Capabilities");
    ASSERT_NE(caps, nullptr);
    EXPECT_EQ(caps->shape->element.shape->enum_values.size(), 3u);
    EXPECT_EQ(cfn->find_error("StackSetNotFoundException")->error->http_status, 404);
}

TEST(ServiceModel, EveryPatternOfTheServedServicesIsChecked) {
    for (auto [service, version] : {std::pair{"iam", "2010-05-08"}, std::pair{"sts", "2011-06-15"},
                                    std::pair{"cloudformation", "2010-05-15"}, std::pair{"s3", "2006-03-01"}}) {
        auto model = ServiceModel::load_installed(service, version);
        ASSERT_TRUE(model) << model.error().message;
        EXPECT_TRUE(model->unchecked_patterns().empty()) << service << ": " << model->unchecked_patterns().front();
    }
}

TEST(ServiceModel, ModelsMoveWithoutDanglingShapes) {
    auto model = ServiceModel::load_installed("sts", "2011-06-15");
    ASSERT_TRUE(model);
    ServiceModel moved = std::move(*model);
    const Operation* op = moved.find_operation("GetCallerIdentity");
    ASSERT_NE(op, nullptr);
    EXPECT_EQ(op->output, moved.find_shape("GetCallerIdentityResponse"));
}

TEST(ServiceModel, RejectsBrokenModelsWithReasons) {
    auto missing = ServiceModel::load("/nonexistent/service-2.json");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "InvalidServiceModel");

    auto not_json = ServiceModel::parse("{", "m.json");
    ASSERT_FALSE(not_json);
    EXPECT_EQ(not_json.error().code, "JsonSyntax");

    auto dangling = ServiceModel::parse(R"({"metadata":{"apiVersion":"1"},"operations":{},
        "shapes":{"S":{"type":"structure","members":{"A":{"shape":"Nope"}}}}})", "m.json");
    ASSERT_FALSE(dangling);
    EXPECT_NE(dangling.error().message.find("unknown shape 'Nope'"), std::string::npos);

    auto bad_type = ServiceModel::parse(R"({"metadata":{"apiVersion":"1"},"operations":{},
        "shapes":{"S":{"type":"union"}}})");
    ASSERT_FALSE(bad_type);
    EXPECT_NE(bad_type.error().message.find("unsupported type 'union'"), std::string::npos);

    auto bad_pattern = ServiceModel::parse(R"({"metadata":{"apiVersion":"1"},"operations":{},
        "shapes":{"S":{"type":"string","pattern":"(a"}}})");
    ASSERT_TRUE(bad_pattern);  // loads, but says which pattern goes unchecked
    ASSERT_EQ(bad_pattern->unchecked_patterns().size(), 1u);
    EXPECT_EQ(bad_pattern->unchecked_patterns()[0], "shape 'S': missing ')' at offset 2 of the pattern");
    EXPECT_FALSE(bad_pattern->find_shape("S")->pattern);

    auto bad_required = ServiceModel::parse(R"({"metadata":{"apiVersion":"1"},"operations":{},
        "shapes":{"S":{"type":"structure","members":{},"required":["X"]}}})");
    ASSERT_FALSE(bad_required);
}

}  // namespace
}  // namespace jg::wire
