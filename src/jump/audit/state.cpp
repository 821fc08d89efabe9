#include "jump/audit/state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::jump::audit {

bool User::mfa_console_only() const {
    if (mfa_devices.empty()) return false;
    for (const auto& serial : mfa_devices)
        if (serial.find(":u2f/") == std::string::npos) return false;
    return true;
}

namespace {

namespace fs = std::filesystem;

std::string text_of(const Node& n, std::string_view key) {
    const Node* m = n.find(key);
    return m && m->is_scalar() && !m->is_null() ? m->text : std::string();
}

bool is_account_id(std::string_view s) {
    return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string account_of_arn(std::string_view arn) {
    auto parts = split(arn, ':');
    return parts.size() >= 6 ? parts[4] : std::string();
}

std::string url_decode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

// A list member that must be an array when present.
Result<const std::vector<Node>*> list(const Node& n, std::string_view key) {
    static const std::vector<Node> empty;
    const Node* m = n.find(key);
    if (!m || m->is_null()) return &empty;
    if (!m->is_array()) return fail_at(m->loc, "InvalidAuthorizationDetails", fmt::format("{} must be a list", key));
    return &m->items;
}

// A document given as text, parsed once per distinct text when a cache is given.
Result<Node> cached_document(const Node& value, DocumentCache* cache) {
    if (!cache || !value.is_string()) return policy_document(value);
    if (auto it = cache->find(value.text); it != cache->end()) return it->second;
    auto parsed = policy_document(value);
    if (parsed) cache->emplace(value.text, *parsed);
    return parsed;
}

Result<std::vector<InlinePolicy>> inline_policies(const Node& entity, std::string_view key, DocumentCache* cache) {
    auto items = list(entity, key);
    if (!items) return Unexpected(items.error());
    std::vector<InlinePolicy> out;
    for (const Node& p : **items) {
        const Node* doc = p.find("PolicyDocument");
        if (!doc) return fail_at(p.loc, "InvalidAuthorizationDetails", fmt::format("{} entry has no PolicyDocument", key));
        auto parsed = cached_document(*doc, cache);
        if (!parsed) return Unexpected(parsed.error());
        out.push_back({text_of(p, "PolicyName"), std::move(*parsed)});
    }
    return out;
}

Result<std::vector<Attachment>> attachments(const Node& entity) {
    auto items = list(entity, "AttachedManagedPolicies");
    if (!items) return Unexpected(items.error());
    std::vector<Attachment> out;
    for (const Node& p : **items) out.push_back({text_of(p, "PolicyName"), text_of(p, "PolicyArn")});
    return out;
}

std::string boundary_of(const Node& entity) {
    const Node* b = entity.find("PermissionsBoundary");
    return b && b->is_object() ? text_of(*b, "PermissionsBoundaryArn") : std::string();
}

Result<void> require_name(const Node& entity, std::string_view key, std::string_view what) {
    if (text_of(entity, key).empty() || text_of(entity, "Arn").empty())
        return fail_at(entity.loc, "InvalidAuthorizationDetails", fmt::format("a {} entry lacks {} or Arn", what, key));
    return {};
}

// The credential facts jumpgate's collector adds; absent in the aws CLI's output.
Result<void> load_credentials(const Node& doc, Account& a) {
    const bool any = doc.find("MFADevices") || doc.find("AccessKeyMetadata") || doc.find("LoginProfiles");
    a.credentials_known = any;
    auto user = [&](const Node& item) -> User* {
        std::string name = text_of(item, "UserName");
        for (User& u : a.users)
            if (u.name == name) return &u;
        return nullptr;
    };
    for (auto [key, kind] : {std::pair{"MFADevices", 0}, {"AccessKeyMetadata", 1}, {"LoginProfiles", 2}}) {
        auto items = list(doc, key);
        if (!items) return Unexpected(items.error());
        for (const Node& item : **items) {
            User* u = user(item);
            if (!u) continue;  // a user deleted between the calls
            if (kind == 0) u->mfa_devices.push_back(text_of(item, "SerialNumber"));
            if (kind == 1 && text_of(item, "Status") == "Active") u->active_keys.push_back(text_of(item, "AccessKeyId"));
            if (kind == 2) u->login_profile = true;
        }
    }
    if (const Node* pp = doc.find("PasswordPolicy")) {
        a.password_policy_known = true;
        if (pp->is_object()) {
            PasswordPolicy p;
            auto num = [&](const char* k) { std::string t = text_of(*pp, k); return t.empty() ? 0 : std::atoi(t.c_str()); };
            auto yes = [&](const char* k) { return text_of(*pp, k) == "true"; };
            p.minimum_length = num("MinimumPasswordLength");
            p.reuse_prevention = num("PasswordReusePrevention");
            p.max_age = num("MaxPasswordAge");
            p.require_symbols = yes("RequireSymbols");
            p.require_numbers = yes("RequireNumbers");
            p.require_uppercase = yes("RequireUppercaseCharacters");
            p.require_lowercase = yes("RequireLowercaseCharacters");
            a.password_policy = p;
        }
    }
    return {};
}

}  // namespace

Result<Node> policy_document(const Node& value) {
    if (value.is_object()) return value;
    if (!value.is_string())
        return fail_at(value.loc, "InvalidAuthorizationDetails", "a policy document must be an object or JSON text");
    std::string text = value.text;
    if (!text.empty() && text.front() == '%') text = url_decode(text);
    auto parsed = parse_json(text, value.loc.file ? *value.loc.file : std::string());
    if (!parsed) return Unexpected(parsed.error());
    return parsed;
}

Result<Account> load_account(const Node& doc, const std::string& account_hint, DocumentCache* cache) {
    if (!doc.is_object())
        return fail_at(doc.loc, "InvalidAuthorizationDetails",
                       "expected the output of 'aws iam get-account-authorization-details' (a JSON object)");
    if (!doc.find("UserDetailList") && !doc.find("RoleDetailList") && !doc.find("GroupDetailList"))
        return fail_at(doc.loc, "InvalidAuthorizationDetails",
                       "no UserDetailList, GroupDetailList or RoleDetailList: not the output of "
                       "'aws iam get-account-authorization-details'");
    Account a;
    a.id = text_of(doc, "AccountId");

    auto users = list(doc, "UserDetailList");
    if (!users) return Unexpected(users.error());
    for (const Node& n : **users) {
        if (auto ok = require_name(n, "UserName", "UserDetailList"); !ok) return Unexpected(ok.error());
        User u;
        u.name = text_of(n, "UserName");
        u.arn = text_of(n, "Arn");
        u.id = text_of(n, "UserId");
        auto groups = list(n, "GroupList");
        if (!groups) return Unexpected(groups.error());
        for (const Node& g : **groups) u.groups.push_back(g.text);
        auto pols = inline_policies(n, "UserPolicyList", cache);
        if (!pols) return Unexpected(pols.error());
        u.inline_policies = std::move(*pols);
        auto att = attachments(n);
        if (!att) return Unexpected(att.error());
        u.attached = std::move(*att);
        u.boundary = boundary_of(n);
        a.users.push_back(std::move(u));
    }
    auto groups = list(doc, "GroupDetailList");
    if (!groups) return Unexpected(groups.error());
    for (const Node& n : **groups) {
        if (auto ok = require_name(n, "GroupName", "GroupDetailList"); !ok) return Unexpected(ok.error());
        Group g;
        g.name = text_of(n, "GroupName");
        g.arn = text_of(n, "Arn");
        auto pols = inline_policies(n, "GroupPolicyList", cache);
        if (!pols) return Unexpected(pols.error());
        g.inline_policies = std::move(*pols);
        auto att = attachments(n);
        if (!att) return Unexpected(att.error());
        g.attached = std::move(*att);
        a.groups.push_back(std::move(g));
    }
    auto roles = list(doc, "RoleDetailList");
    if (!roles) return Unexpected(roles.error());
    for (const Node& n : **roles) {
        if (auto ok = require_name(n, "RoleName", "RoleDetailList"); !ok) return Unexpected(ok.error());
        Role r;
        r.name = text_of(n, "RoleName");
        r.arn = text_of(n, "Arn");
        r.id = text_of(n, "RoleId");
        const Node* trust = n.find("AssumeRolePolicyDocument");
        if (!trust) return fail_at(n.loc, "InvalidAuthorizationDetails", "a RoleDetailList entry lacks AssumeRolePolicyDocument");
        auto parsed = cached_document(*trust, cache);
        if (!parsed) return Unexpected(parsed.error());
        r.trust = std::move(*parsed);
        auto pols = inline_policies(n, "RolePolicyList", cache);
        if (!pols) return Unexpected(pols.error());
        r.inline_policies = std::move(*pols);
        auto att = attachments(n);
        if (!att) return Unexpected(att.error());
        r.attached = std::move(*att);
        r.boundary = boundary_of(n);
        a.roles.push_back(std::move(r));
    }
    auto policies = list(doc, "Policies");
    if (!policies) return Unexpected(policies.error());
    for (const Node& n : **policies) {
        std::string arn = text_of(n, "Arn");
        auto versions = list(n, "PolicyVersionList");
        if (!versions) return Unexpected(versions.error());
        for (const Node& v : **versions) {
            if (text_of(v, "IsDefaultVersion") != "true") continue;
            const Node* d = v.find("Document");
            if (!d) continue;
            auto parsed = cached_document(*d, cache);
            if (!parsed) return Unexpected(parsed.error());
            a.policies[arn] = ManagedPolicy{text_of(n, "PolicyName"), arn, std::move(*parsed)};
        }
    }
    if (auto ok = load_credentials(doc, a); !ok) return Unexpected(ok.error());

    // The account: stated, else from the ARNs, else from the file name.
    if (a.id.empty()) {
        for (const auto& u : a.users) a.id = account_of_arn(u.arn);
        for (const auto& r : a.roles)
            if (a.id.empty()) a.id = account_of_arn(r.arn);
        for (const auto& g : a.groups)
            if (a.id.empty()) a.id = account_of_arn(g.arn);
    }
    if (a.id.empty()) a.id = account_hint;
    if (!is_account_id(a.id))
        return fail_at(doc.loc, "InvalidAuthorizationDetails",
                       "cannot tell which account this is: no ARN names one; name the file ACCOUNT_ID.json");
    return a;
}

Result<State> load_auth_details(const std::string& path) {
    std::error_code ec;
    std::vector<std::string> files;
    if (fs::is_directory(path, ec)) {
        for (const auto& e : fs::directory_iterator(path, ec))
            if (e.path().extension() == ".json") files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        if (files.empty()) return fail("InvalidAuthorizationDetails", fmt::format("{}: no *.json files in the directory", path));
    } else {
        files.push_back(path);
    }
    State state;
    for (const std::string& file : files) {
        std::string text;
        if (!read_file(file, text)) return fail("InvalidAuthorizationDetails", fmt::format("{}: cannot read the file", file));
        auto doc = parse_json(text, file);
        if (!doc) return Unexpected(doc.error());
        std::string stem = fs::path(file).stem().string();
        std::vector<const Node*> docs;
        if (doc->is_array())
            for (const Node& d : doc->items) docs.push_back(&d);
        else
            docs.push_back(&*doc);
        for (const Node* d : docs) {
            auto account = load_account(*d, is_account_id(stem) ? stem : std::string());
            if (!account) return Unexpected(account.error());
            account->source = file;
            for (const Account& other : state.accounts)
                if (other.id == account->id)
                    return fail_at(d->loc, "InvalidAuthorizationDetails",
                                   fmt::format("account {} appears twice (also in {})", account->id, other.source));
            state.accounts.push_back(std::move(*account));
        }
    }
    std::sort(state.accounts.begin(), state.accounts.end(), [](const Account& x, const Account& y) { return x.id < y.id; });
    return state;
}

void infer_admin_account(State& state, const std::string& given) {
    if (!given.empty()) {
        state.admin_account = given;
        return;
    }
    size_t best = 0;
    for (const Account& a : state.accounts)
        if (state.admin_account.empty() || a.users.size() > best) {
            state.admin_account = a.id;
            best = a.users.size();
        }
}

}  // namespace jg::jump::audit
