#include "cfn/registry.hpp"

namespace jg::cfn {
namespace {

// Shorthands for the table below.
PropertySpec req(std::string name, Shape shape, UpdateKind update = UpdateKind::in_place) {
    return PropertySpec{std::move(name), shape, true, update};
}
PropertySpec opt(std::string name, Shape shape, UpdateKind update = UpdateKind::in_place) {
    return PropertySpec{std::move(name), shape, false, update};
}
constexpr UpdateKind k_replace = UpdateKind::replacement;

// From the CloudFormation resource reference (AWS::IAM::*, AWS::S3::Bucket,
// AWS::S3::BucketPolicy pages): properties with their "Update requires" column, the
// "Return values" sections for Ref and Fn::GetAtt.
std::vector<TypeSpec> build() {
    std::vector<TypeSpec> t;
    t.push_back({"AWS::IAM::User",
                 {opt("Groups", Shape::list), opt("LoginProfile", Shape::object),
                  opt("ManagedPolicyArns", Shape::list), opt("Path", Shape::string),
                  opt("PermissionsBoundary", Shape::string), opt("Policies", Shape::list),
                  opt("Tags", Shape::list), opt("UserName", Shape::string, k_replace)},
                 {"Arn"}, RefKind::name, true, "UserName"});
    t.push_back({"AWS::IAM::Group",
                 {opt("GroupName", Shape::string, k_replace), opt("ManagedPolicyArns", Shape::list),
                  opt("Path", Shape::string), opt("Policies", Shape::list)},
                 {"Arn"}, RefKind::name, true, "GroupName"});
    t.push_back({"AWS::IAM::Role",
                 {req("AssumeRolePolicyDocument", Shape::any), opt("Description", Shape::string),
                  opt("ManagedPolicyArns", Shape::list), opt("MaxSessionDuration", Shape::number),
                  opt("Path", Shape::string, k_replace), opt("PermissionsBoundary", Shape::string),
                  opt("Policies", Shape::list), opt("RoleName", Shape::string, k_replace),
                  opt("Tags", Shape::list)},
                 {"Arn", "RoleId"}, RefKind::name, true, "RoleName"});
    t.push_back({"AWS::IAM::ManagedPolicy",
                 {opt("Description", Shape::string, k_replace), opt("Groups", Shape::list),
                  opt("ManagedPolicyName", Shape::string, k_replace),
                  opt("Path", Shape::string, k_replace), req("PolicyDocument", Shape::any),
                  opt("Roles", Shape::list), opt("Users", Shape::list)},
                 {"PolicyArn", "AttachmentCount", "CreateDate", "DefaultVersionId", "IsAttachable",
                  "PermissionsBoundaryUsageCount", "PolicyId", "UpdateDate"},
                 RefKind::arn, true, "ManagedPolicyName"});
    t.push_back({"AWS::IAM::Policy",
                 {opt("Groups", Shape::list), req("PolicyDocument", Shape::any),
                  req("PolicyName", Shape::string), opt("Roles", Shape::list), opt("Users", Shape::list)},
                 {"Id"}, RefKind::physical_id, true, ""});
    t.push_back({"AWS::IAM::UserToGroupAddition",
                 {req("GroupName", Shape::string), req("Users", Shape::list)},
                 {}, RefKind::physical_id, true, ""});
    t.push_back({"AWS::IAM::AccessKey",
                 {opt("Serial", Shape::number, k_replace), opt("Status", Shape::string),
                  req("UserName", Shape::string, k_replace)},
                 {"SecretAccessKey"}, RefKind::physical_id, true, ""});
    t.push_back({"AWS::IAM::OIDCProvider",
                 {opt("ClientIdList", Shape::list), opt("Tags", Shape::list), opt("ThumbprintList", Shape::list),
                  opt("Url", Shape::string, k_replace)},
                 {"Arn"}, RefKind::arn, true, ""});
    t.push_back({"AWS::IAM::InstanceProfile",
                 {opt("InstanceProfileName", Shape::string, k_replace),
                  opt("Path", Shape::string, k_replace), req("Roles", Shape::list)},
                 {"Arn"}, RefKind::name, true, "InstanceProfileName"});
    t.push_back({"AWS::IAM::RolePolicy",
                 {opt("PolicyDocument", Shape::any), req("PolicyName", Shape::string, k_replace),
                  req("RoleName", Shape::string, k_replace)},
                 {}, RefKind::physical_id, true, ""});
    t.push_back({"AWS::IAM::GroupPolicy",
                 {opt("PolicyDocument", Shape::any), req("PolicyName", Shape::string, k_replace),
                  req("GroupName", Shape::string, k_replace)},
                 {}, RefKind::physical_id, true, ""});
    t.push_back({"AWS::IAM::UserPolicy",
                 {opt("PolicyDocument", Shape::any), req("PolicyName", Shape::string, k_replace),
                  req("UserName", Shape::string, k_replace)},
                 {}, RefKind::physical_id, true, ""});
    t.push_back({"AWS::S3::Bucket",
                 {opt("AccelerateConfiguration", Shape::object), opt("AccessControl", Shape::string),
                  opt("AnalyticsConfigurations", Shape::list), opt("BucketEncryption", Shape::object),
                  opt("BucketName", Shape::string, k_replace), opt("CorsConfiguration", Shape::object),
                  opt("IntelligentTieringConfigurations", Shape::list),
                  opt("InventoryConfigurations", Shape::list), opt("LifecycleConfiguration", Shape::object),
                  opt("LoggingConfiguration", Shape::object), opt("MetricsConfigurations", Shape::list),
                  opt("NotificationConfiguration", Shape::object),
                  opt("ObjectLockConfiguration", Shape::object),
                  opt("ObjectLockEnabled", Shape::boolean, k_replace),
                  opt("OwnershipControls", Shape::object),
                  opt("PublicAccessBlockConfiguration", Shape::object),
                  opt("ReplicationConfiguration", Shape::object), opt("Tags", Shape::list),
                  opt("VersioningConfiguration", Shape::object), opt("WebsiteConfiguration", Shape::object)},
                 {"Arn", "DomainName", "DualStackDomainName", "RegionalDomainName", "WebsiteURL"},
                 RefKind::name, false, ""});
    t.push_back({"AWS::S3::BucketPolicy",
                 {req("Bucket", Shape::string, k_replace), req("PolicyDocument", Shape::any)},
                 {}, RefKind::physical_id, false, ""});
    return t;
}

}  // namespace

const PropertySpec* TypeSpec::property(std::string_view name) const {
    for (const auto& p : properties)
        if (p.name == name) return &p;
    return nullptr;
}

bool TypeSpec::has_attribute(std::string_view name) const {
    for (const auto& a : attributes)
        if (a == name) return true;
    return false;
}

const std::vector<TypeSpec>& all_types() {
    static const std::vector<TypeSpec> k_types = build();
    return k_types;
}

const TypeSpec* find_type(std::string_view type) {
    for (const auto& t : all_types())
        if (t.type == type) return &t;
    return nullptr;
}

}  // namespace jg::cfn
