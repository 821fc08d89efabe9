#include "cfn/plan.hpp"

#include <gtest/gtest.h>

#include "cfn/capabilities.hpp"
#include "cfn/provider.hpp"
#include "core/json.hpp"

namespace jg::cfn {
namespace {

const char* k_template = R"(
Parameters:
  Name: {Type: String, Default: n}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Resource: !Sub '${Role.Arn}/${Name}'}
      Roles: [!Ref Role]
      Groups: [!ImportValue Shared]
)";

Template load(const char* text) {
    auto t = load_template(text, "t.yaml");
    EXPECT_TRUE(t);
    return std::move(*t);
}

TEST(Plan, CreatedResourcesResolveToTheirValues) {
    Template t = load(k_template);
    PlanInput input;
    input.resources = [](std::string_view id, std::string_view attr) -> std::optional<Node> {
        if (id == "Role" && attr.empty()) return Node::make_string("role-name");
        if (id == "Role" && attr == "Arn") return Node::make_string("arn:aws:iam::1:role/role-name");
        return std::nullopt;
    };
    input.exports = [](std::string_view name) -> std::optional<std::string> {
        if (name == "Shared") return std::string("shared-group");
        return std::nullopt;
    };
    auto p = plan_template(t, input);
    ASSERT_TRUE(p) << p.error().front().str();
    ASSERT_EQ(p->resources.size(), 2u);
    EXPECT_EQ(to_json(p->resources[1].properties),
              R"({"PolicyDocument":{"Resource":"arn:aws:iam::1:role/role-name/n"},"Roles":["role-name"],"Groups":["shared-group"]})");
    EXPECT_EQ(p->resources[1].depends_on, std::vector<std::string>{"Role"});
}

TEST(Plan, MissingExportIsAnErrorWhenDeploying) {
    Template t = load(k_template);
    PlanInput input;
    input.exports = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
    input.missing_export_is_error = true;
    auto p = plan_template(t, input);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().front().message, "No export named Shared found.");
}

TEST(Plan, CapabilitiesFollowCustomNames) {
    Template t = load("Resources:\n  G: {Type: AWS::IAM::Group}\n  B: {Type: AWS::S3::Bucket}\n");
    std::vector<const Resource*> all;
    for (const auto& r : t.resources) all.push_back(&r);
    EXPECT_EQ(required_capabilities(all), std::vector<std::string>{"CAPABILITY_IAM"});
    Template named = load("Resources:\n  G: {Type: AWS::IAM::Group, Properties: {GroupName: g}}\n");
    std::vector<const Resource*> one{&named.resources[0]};
    EXPECT_EQ(required_capabilities(one), std::vector<std::string>{"CAPABILITY_NAMED_IAM"});
    std::vector<const Resource*> bucket{&t.resources[1]};
    EXPECT_TRUE(required_capabilities(bucket).empty());
}

TEST(Provider, ReplacementFollowsTheRegistry) {
    auto before = parse_json(R"({"RoleName": "a", "Description": "x"})");
    auto after = parse_json(R"({"RoleName": "b", "Description": "y"})");
    ASSERT_TRUE(before && after);
    EXPECT_EQ(replacement_properties("AWS::IAM::Role", *before, *after), std::vector<std::string>{"RoleName"});
    auto same_name = parse_json(R"({"RoleName": "a", "Description": "y"})");
    EXPECT_TRUE(replacement_properties("AWS::IAM::Role", *before, *same_name).empty());
}

TEST(Provider, RefAndGetAttReadTheState) {
    ResourceState s{"arn:aws:iam::1:policy/p", {{"PolicyId", Node::make_string("ANPA1")}}};
    EXPECT_EQ(reference_value("AWS::IAM::ManagedPolicy", s, "")->text, "arn:aws:iam::1:policy/p");
    EXPECT_EQ(reference_value("AWS::IAM::ManagedPolicy", s, "PolicyId")->text, "ANPA1");
    EXPECT_FALSE(reference_value("AWS::IAM::ManagedPolicy", s, "Nope"));
}

}  // namespace
}  // namespace jg::cfn
