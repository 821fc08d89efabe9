// The audit's view of the world: every account's IAM as GetAccountAuthorizationDetails
// describes it, plus the credential facts that call leaves out (MFA devices, access keys,
// login profiles, the password policy). Loaded from files the aws CLI wrote, or collected
// live through AwsApi (collect.hpp); the analysis reads only this.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::jump::audit {

// An inline policy (name + document) or a managed policy attachment (arn set).
struct InlinePolicy {
    std::string name;
    Node document;
};

struct Attachment {
    std::string name;
    std::string arn;
};

struct User {
    std::string name, arn, id;
    std::vector<std::string> groups;
    std::vector<InlinePolicy> inline_policies;
    std::vector<Attachment> attached;
    std::string boundary;  // permissions boundary ARN, empty when none
    // Credential facts; meaningful only when Account::credentials_known.
    bool login_profile = false;
    std::vector<std::string> mfa_devices;  // serial numbers (FIDO devices: "arn:...:u2f/...")

    // Whether every MFA device is a FIDO security key or passkey (at least one): MFA in
    // the console only, as STS's SerialNumber/TokenCode take TOTP devices only.
    bool mfa_console_only() const;
    std::vector<std::string> active_keys;  // access key ids with Status Active
};

struct Group {
    std::string name, arn;
    std::vector<InlinePolicy> inline_policies;
    std::vector<Attachment> attached;
};

struct Role {
    std::string name, arn, id;
    Node trust;
    std::vector<InlinePolicy> inline_policies;
    std::vector<Attachment> attached;
    std::string boundary;
};

// A customer managed policy's default version (AWS managed ones come from the catalog).
struct ManagedPolicy {
    std::string name, arn;
    Node document;
};

struct PasswordPolicy {
    int minimum_length = 0;
    int reuse_prevention = 0;  // 0 = not set
    bool require_symbols = false, require_numbers = false, require_uppercase = false,
         require_lowercase = false;
    int max_age = 0;  // 0 = passwords never expire
};

struct Account {
    std::string id;
    std::string source;  // file name or "live"
    std::vector<User> users;
    std::vector<Group> groups;
    std::vector<Role> roles;
    std::map<std::string, ManagedPolicy> policies;  // by ARN
    bool credentials_known = false;                 // MFA devices, keys, login profiles
    bool password_policy_known = false;
    std::optional<PasswordPolicy> password_policy;  // nullopt: the account has none
};

struct State {
    std::vector<Account> accounts;  // sorted by id
    std::string admin_account;      // the account holding the people (see infer_admin_account)
    std::vector<std::string> notes; // what could not be known, said in the report
};

// One account from a GetAccountAuthorizationDetails output (as the aws CLI writes it:
// policy documents as JSON objects; the raw API's URL-encoded strings are accepted too).
// jumpgate's own collector adds optional members the CLI output lacks: "AccountId",
// "PasswordPolicy" (GetAccountPasswordPolicy's shape, or null for none), "MFADevices"
// ([{UserName, SerialNumber}]), "AccessKeyMetadata" ([{UserName, AccessKeyId, Status}]),
// "LoginProfiles" ([{UserName}]). `account_hint` (a 12-digit file name) names an account
// whose document has no ARN to take the id from.
// `cache` (optional): documents given as text, parsed once per distinct text — a
// deployment's accounts carry the same templates and AWS managed policies (parsed
// locations then name the first copy; give none for files, whose errors name their lines).
using DocumentCache = std::unordered_map<std::string, Node>;
[[nodiscard]] Result<Account> load_account(const Node& document, const std::string& account_hint,
                                           DocumentCache* cache = nullptr);

// A directory of such files (*.json, one account each), or one file holding one document
// or a JSON array of documents.
[[nodiscard]] Result<State> load_auth_details(const std::string& path);

// The account that holds the IAM users (most users; the lowest id on a tie), unless given.
void infer_admin_account(State& state, const std::string& given);

// A policy document given as a JSON object, or as (URL-encoded) JSON text.
[[nodiscard]] Result<Node> policy_document(const Node& value);

}  // namespace jg::jump::audit
