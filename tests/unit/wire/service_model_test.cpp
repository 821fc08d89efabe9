#include "wire/service_model.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

namespace jg::wire {
namespace {

TEST(ServiceModel, LoadsIamWithOperationsShapesAndErrors) {
    auto start = std::chrono::steady_clock::now();
    auto model = ServiceModel::load_embedded("iam");
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
    auto s3 = ServiceModel::load_embedded("s3");
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
    auto iam = ServiceModel::load_embedded("iam");
    ASSERT_TRUE(iam);
    EXPECT_EQ(iam->find_operation("CreateUser")->http_method, "POST");
    EXPECT_EQ(iam->find_operation("CreateUser")->request_uri, "/");
}

TEST(ServiceModel, LoadsStsAndCloudFormation) {
    auto sts = ServiceModel::load_embedded("sts");
    ASSERT_TRUE(sts) << sts.error().message;
    EXPECT_EQ(sts->metadata().xml_namespace, "https://sts.amazonaws.com/doc/2011-06-15/");
    EXPECT_EQ(sts->find_operation("AssumeRole")->result_wrapper, "AssumeRoleResult");
    EXPECT_EQ(sts->find_error("ExpiredTokenException")->error->http_status, 400);

    auto cfn = ServiceModel::load_embedded("cloudformation");
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
        auto model = ServiceModel::load_embedded(service);
        ASSERT_TRUE(model) << model.error().message;
        EXPECT_EQ(model->metadata().api_version, version);
        EXPECT_TRUE(model->unchecked_patterns().empty()) << service << ": " << model->unchecked_patterns().front();
    }
}

TEST(ServiceModel, EmbeddedModelsAreTheCurrentOnesOverBotocore) {
    // What the build recorded: four models, each with the sha256 of its JSON and sources.
    const auto& models = embedded_service_models();
    ASSERT_EQ(models.size(), 4u);
    for (const auto& info : models) {
        EXPECT_EQ(info.sha256.size(), 64u) << info.service;
        EXPECT_EQ(info.aws_sdk_sha256.size(), 64u) << info.service;
        EXPECT_EQ(info.botocore_sha256.size(), 64u) << info.service;
        auto model = ServiceModel::embedded(info.service);
        ASSERT_TRUE(model) << model.error().message;
        EXPECT_EQ((*model)->operations().size(), info.operations) << info.service;
        EXPECT_EQ((*model)->metadata().api_version, info.api_version);
    }
    EXPECT_EQ(embedded_models_aws_sdk_version(), "2.1693.0");

    // Operations only the current model (npm's aws-sdk) has, converted from its min form.
    auto iam = ServiceModel::embedded("iam");
    ASSERT_TRUE(iam);
    const Operation* mfa = (*iam)->find_operation("GetMFADevice");
    ASSERT_NE(mfa, nullptr);
    EXPECT_EQ(mfa->result_wrapper, "GetMFADeviceResult");
    ASSERT_NE(mfa->input, nullptr);
    EXPECT_TRUE(mfa->input->find_member("SerialNumber")->required);
    EXPECT_FALSE(mfa->input->find_member("UserName")->required);
    EXPECT_EQ(mfa->output->find_member("EnableDate")->shape->type, ShapeType::timestamp);
    EXPECT_EQ(mfa->output->find_member("Certifications")->shape->type, ShapeType::map);
    // The current required lists: CreateOpenIDConnectProvider no longer demands thumbprints.
    const Operation* oidc = (*iam)->find_operation("CreateOpenIDConnectProvider");
    EXPECT_FALSE(oidc->input->find_member("ThumbprintList")->required);
    EXPECT_TRUE(oidc->input->find_member("Url")->required);
    // botocore's constraints and errors stay: the min form has none.
    EXPECT_EQ((*iam)->find_operation("CreateUser")->input->find_member("UserName")->shape->max, 64.0);
    EXPECT_EQ((*iam)->find_error("NoSuchEntity")->error->http_status, 404);

    auto cfn = ServiceModel::embedded("cloudformation");
    ASSERT_TRUE(cfn);
    const Operation* targets = (*cfn)->find_operation("ListStackSetAutoDeploymentTargets");
    ASSERT_NE(targets, nullptr);
    EXPECT_TRUE(targets->input->find_member("StackSetName")->required);
    EXPECT_EQ(targets->http_method, "POST");
    EXPECT_EQ(targets->request_uri, "/");
    // A member the current model added to an existing operation.
    EXPECT_NE((*cfn)->find_operation("DeleteStack")->input->find_member("DeletionMode"), nullptr);

    auto s3 = ServiceModel::embedded("s3");
    ASSERT_TRUE(s3);
    const Operation* session = (*s3)->find_operation("CreateSession");
    ASSERT_NE(session, nullptr);
    EXPECT_EQ(session->http_method, "GET");
    EXPECT_EQ(session->request_uri, "/{Bucket}?session");
    EXPECT_EQ((*s3)->find_operation("ListDirectoryBuckets")->request_uri, "/");

    auto unknown = ServiceModel::load_embedded("ec2");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, "UnknownService");
}

TEST(ServiceModel, ModelsMoveWithoutDanglingShapes) {
    auto model = ServiceModel::load_embedded("sts");
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
