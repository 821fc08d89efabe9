#include "cloud/accounts.hpp"

#include <cstdlib>

#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"

namespace jg::cloud {

namespace {

bool is_account_id(const std::string& id) {
    if (id.size() != 12) return false;
    for (char c : id)
        if (c < '0' || c > '9') return false;
    return true;
}

// IAM's account alias rule: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$
bool is_alias(const std::string& a) {
    if (a.size() < 3 || a.size() > 63 || a.front() == '-' || a.back() == '-') return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char c = a[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
        if (c == '-' && i > 0 && a[i - 1] == '-') return false;
    }
    return true;
}

Account from_doc(const Node& doc, const std::optional<Node>& key) {
    Account a;
    a.id = iam::member(doc, "AccountId");
    a.alias = iam::member(doc, "Alias");
    a.root_access_key_id = iam::member(doc, "RootAccessKeyId");
    if (key) a.root_secret_access_key = iam::member(*key, "SecretAccessKey");
    if (auto t = parse_iso8601(iam::member(doc, "CreateDate"))) a.create_date = *t;
    return a;
}

}  // namespace

Result<Account> add_account(Cloud& cloud, const std::string& id, const std::string& alias) {
    if (!is_account_id(id)) return validation_error("AccountId", id, "Member must satisfy regular expression pattern: \\d{12}");
    if (!alias.empty() && !is_alias(alias))
        return validation_error("AccountAlias", alias,
                                "Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$");
    Account account;
    account.id = id;
    account.alias = alias;
    account.root_access_key_id = new_unique_id(cloud.random(), IdKind::access_key);
    account.root_secret_access_key = new_secret_access_key(cloud.random());
    account.create_date = cloud.clock().now();
    return cloud.store().write([&](store::Tx& tx) -> Result<Account> {
        Node doc = Node::make_object();
        doc.add("AccountId", str(id));
        if (!alias.empty()) doc.add("Alias", str(alias));
        doc.add("RootAccessKeyId", str(account.root_access_key_id));
        doc.add("CreateDate", str(format_iso8601(account.create_date)));
        if (auto put = tx.insert("", iam::k_account, id, to_json(doc)); !put) {
            if (put.error().code == "AlreadyExists")
                return fail("EntityAlreadyExists", "The account " + id + " already exists.");
            return Unexpected(put.error());
        }
        if (!alias.empty()) {
            Node index = Node::make_object();
            index.add("AccountId", str(id));
            if (auto put = tx.insert("", iam::k_account_alias, alias, to_json(index)); !put) {
                if (put.error().code == "AlreadyExists")
                    return fail("EntityAlreadyExists", "The account alias " + alias + " already exists.");
                return Unexpected(put.error());
            }
        }
        Node key = Node::make_object();
        key.add("AccessKeyId", str(account.root_access_key_id));
        key.add("SecretAccessKey", str(account.root_secret_access_key));
        key.add("Account", str(id));
        key.add("Status", str("Active"));
        key.add("CreateDate", str(format_iso8601(account.create_date)));
        if (auto put = tx.insert("", iam::k_access_key, account.root_access_key_id, to_json(key)); !put)
            return Unexpected(put.error());
        return account;
    });
}

Result<std::optional<Account>> find_account(Cloud& cloud, const std::string& id) {
    return cloud.store().read([&](store::Reader& r) -> Result<std::optional<Account>> {
        auto doc = iam::get_doc(r, "", iam::k_account, id);
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return std::optional<Account>{};
        auto key = iam::get_doc(r, "", iam::k_access_key, iam::member(**doc, "RootAccessKeyId"));
        if (!key) return Unexpected(key.error());
        return std::optional<Account>(from_doc(**doc, *key));
    });
}

Result<std::vector<Account>> list_accounts(Cloud& cloud) {
    return cloud.store().read([&](store::Reader& r) -> Result<std::vector<Account>> {
        auto page = r.list("", iam::k_account, {});
        if (!page) return Unexpected(page.error());
        std::vector<Account> out;
        for (const auto& e : page->entries) {
            auto doc = parse_json(e.body);
            if (!doc) return fail("InternalFailure", "stored account is not JSON");
            // With the root key's secret: callers act as the account's root with it.
            auto key = iam::get_doc(r, "", iam::k_access_key, iam::member(*doc, "RootAccessKeyId"));
            if (!key) return Unexpected(key.error());
            out.push_back(from_doc(*doc, *key));
        }
        return out;
    });
}

std::string resolve_home(const std::string& flag) {
    if (!flag.empty()) return flag;
    if (const char* env = std::getenv("JUMPGATE_HOME"); env && *env) return env;
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : ".") + "/.jumpgate";
}

}  // namespace jg::cloud
