#include "jump/api/connection.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "cloud/accounts.hpp"
#include "core/credentials_file.hpp"
#include "jump/api/http_api.hpp"
#include "jump/api/local_api.hpp"
#include "jump/api/profiles.hpp"
#include "jump/user/user_key.hpp"

namespace jg::jump {

namespace {

bool is_loopback(const std::string& url) {
    for (const char* host : {"://127.", "://localhost", "://[::1]"})
        if (url.find(host) != std::string::npos) return true;
    return false;
}

std::string default_region(std::string region) {
    for (const char* var : {"AWS_REGION", "AWS_DEFAULT_REGION"})
        if (region.empty() && std::getenv(var)) region = std::getenv(var);
    return region.empty() ? "us-east-1" : region;
}

}  // namespace

Result<std::unique_ptr<LocalCloud>> open_local_cloud(const std::string& home_flag, store::Durability durability) {
    auto local = std::make_unique<LocalCloud>();
    local->home = cloud::resolve_home(home_flag);
    store::Options store_options;
    store_options.durability = durability;
    auto store = store::Store::open(local->home, store_options);
    if (!store) return Unexpected(store.error());
    local->store = std::move(*store);
    auto c = cloud::Cloud::open(*local->store, local->clock, local->random);
    if (!c) return Unexpected(c.error());
    local->cloud = std::move(*c);
    return local;
}

Connection::~Connection() {
    // The api refers to the cloud: it goes first.
    m_api.reset();
}

Result<std::unique_ptr<Connection>> Connection::open(const ConnectionOptions& options) {
    if (!options.endpoint_url.empty() && options.aws)
        return fail("InvalidArgument", "--endpoint-url and --aws exclude each other");
    std::unique_ptr<Connection> c(new Connection());
    c->m_home = cloud::resolve_home(options.home);
    c->m_region = default_region(options.region);
    if (!options.endpoint_url.empty() || options.aws) {
        auto api = HttpApi::create({options.endpoint_url});
        if (!api) return Unexpected(api.error());
        c->m_api = std::move(*api);
        c->m_endpoint_url = options.endpoint_url;
        c->m_aws = options.aws;
        c->m_profiles = options.profiles;
        c->m_admin_profile = options.admin_profile;
        c->m_poll_ms = is_loopback(options.endpoint_url) ? 50 : 2000;
        return c;
    }
    auto local = open_local_cloud(options.home, options.durability);
    if (!local) return Unexpected(local.error());
    c->m_owned = std::move(*local);
    c->m_cloud = c->m_owned->cloud.get();
    c->m_api = std::make_unique<LocalApi>(*c->m_cloud);
    return c;
}

std::unique_ptr<Connection> Connection::over(cloud::Cloud& cloud, std::string home, std::string region) {
    std::unique_ptr<Connection> c(new Connection());
    c->m_home = std::move(home);
    c->m_region = default_region(std::move(region));
    c->m_cloud = &cloud;
    c->m_api = std::make_unique<LocalApi>(cloud);
    return c;
}

std::string Connection::describe() const {
    if (is_local()) return "the local cloud at " + m_home;
    return m_aws ? std::string("AWS") : m_endpoint_url;
}

Result<AwsCredentials> Connection::credentials(const std::string& account) const {
    if (is_local()) {
        auto a = cloud::find_account(*m_cloud, account);
        if (!a) return Unexpected(a.error());
        if (!*a)
            return fail("NoSuchAccount", fmt::format("account {} does not exist in the local cloud at {}", account, m_home));
        return AwsCredentials{(*a)->root_access_key_id, (*a)->root_secret_access_key, {}};
    }
    auto it = m_profiles.find(account);
    const std::string profile = it != m_profiles.end() ? it->second : "root-" + account;
    auto creds = read_profile_credentials(profile);
    if (!creds && creds.error().code == "ProfileNotFound")
        return fail("NoCredentials", fmt::format("no credentials for account {}: {} (map the account to a profile with "
                                                 "--profile-for {}=PROFILE or a profiles: entry in the file)",
                                                 account, creds.error().message, account));
    return creds;
}

Result<Node> Connection::call(const std::string& account, std::string_view service, std::string_view action,
                              const Node& input) const {
    auto creds = credentials(account);
    if (!creds) return Unexpected(creds.error());
    auto out = m_api->call(*creds, service, action, input, m_region);
    if (!out) {
        Error e = out.error();
        e.message = fmt::format("{}:{} in account {}: {}: {}", service, action, account, e.code, e.message);
        return Unexpected(std::move(e));
    }
    return out;
}

Result<std::vector<Node>> Connection::iam_list_all(const std::string& account, std::string_view action, Node input,
                                                   std::string_view list_member) const {
    std::vector<Node> items;
    for (;;) {
        auto page = call(account, "iam", action, input);
        if (!page) return Unexpected(page.error());
        if (Node* list = page->find(list_member); list && list->is_array())
            for (Node& item : list->items) items.push_back(std::move(item));
        const Node* truncated = page->find("IsTruncated");
        const Node* marker = page->find("Marker");
        if (!truncated || truncated->text != "true" || !marker) break;
        if (Node* m = input.find("Marker")) *m = *marker;
        else input.add("Marker", *marker);
    }
    return items;
}

Result<std::vector<std::string>> Connection::known_accounts() const {
    if (!is_local()) return std::vector<std::string>{};
    auto all = cloud::list_accounts(*m_cloud);
    if (!all) return Unexpected(all.error());
    std::vector<std::string> ids;
    for (const auto& a : *all) ids.push_back(a.id);
    return ids;
}

Result<std::vector<std::string>> Connection::missing_accounts(const std::vector<std::string>& wanted) const {
    std::vector<std::string> out;
    if (!is_local()) return out;
    for (const std::string& id : wanted) {
        auto a = cloud::find_account(*m_cloud, id);
        if (!a) return Unexpected(a.error());
        if (!*a) out.push_back(id);
    }
    return out;
}

Result<void> Connection::create_accounts(const std::vector<std::string>& accounts, std::ostream& progress) {
    if (!is_local() && !accounts.empty())
        return fail("InvalidArgument", "accounts are created only in the local cloud; on " + describe() +
                                           " they must exist");
    for (const std::string& id : accounts) {
        auto a = cloud::add_account(*m_cloud, id);
        if (!a) return Unexpected(a.error());
        CredentialsProfile profile{"root-" + id, a->root_access_key_id, a->root_secret_access_key, {}};
        if (auto ok = upsert_credentials_profile(m_home + "/credentials", profile); !ok) return ok;
        progress << fmt::format("  created account {} (profile [root-{}])\n", id, id);
    }
    return {};
}

std::string Connection::credentials_file() const {
    return is_local() ? m_home + "/credentials" : default_profile_files().credentials_path;
}

Result<AwsCredentials> Connection::user_credentials(const std::string& profile_flag, const std::string& user) const {
    const std::string profile = profile_flag.empty() ? user : profile_flag;
    if (is_local()) return user::profile_credentials(credentials_file(), profile, user);
    auto creds = read_profile_credentials(profile);
    if (!creds && creds.error().code == "ProfileNotFound")
        return fail("NoCredentials", creds.error().message + ": IAM user '" + user +
                                         "' needs its own access key there (`aws configure --profile " + profile +
                                         "` with the key the administrator handed out)");
    return creds;
}

Result<AwsCredentials> Connection::admin_credentials(const std::string& user, const std::string& admin_account) const {
    if (!is_local()) {
        if (m_admin_profile.empty())
            return fail("InvalidArgument", "over HTTP, give --admin-profile P: credentials that may read the admin "
                                           "account's IAM (the local cloud uses its root)");
        return read_profile_credentials(m_admin_profile);
    }
    if (!admin_account.empty()) {
        auto root = credentials(admin_account);
        if (!root && root.error().code == "NoSuchAccount")
            return fail("NoSuchEntity", "no account " + admin_account + " in the local cloud at " + m_home);
        return root;
    }
    auto all = known_accounts();
    if (!all) return Unexpected(all.error());
    std::vector<AwsCredentials> holders;
    Node input = input_of({{"UserName", user}});
    for (const auto& id : *all) {
        auto root = credentials(id);  // list_accounts leaves the secrets out
        if (!root) return Unexpected(root.error());
        if (m_api->call(*root, "iam", "GetUser", input, m_region)) holders.push_back(*root);
    }
    if (holders.empty())
        return fail("NoSuchEntity", "no account of the local cloud at " + m_home + " has IAM user '" + user + "'");
    if (holders.size() > 1)
        return fail("InvalidArgument", "several accounts have IAM user '" + user + "': name one with --admin-account");
    return holders.front();
}

Result<std::map<std::string, std::string>> account_profiles(const std::map<std::string, std::string>& file_profiles,
                                                            const std::vector<std::string>& pairs) {
    std::map<std::string, std::string> out = file_profiles;
    for (const std::string& pair : pairs) {
        auto eq = pair.find('=');
        std::string account = pair.substr(0, eq);
        if (eq == std::string::npos || eq + 1 == pair.size() || account.size() != 12 ||
            account.find_first_not_of("0123456789") != std::string::npos)
            return fail("InvalidArgument",
                        fmt::format("--profile-for '{}': expected ACCOUNT=PROFILE with a 12-digit account id", pair));
        out[account] = pair.substr(eq + 1);
    }
    return out;
}

Node input_of(std::initializer_list<std::pair<const char*, std::string>> members) {
    Node n = Node::make_object();
    for (const auto& [k, v] : members) n.add(k, Node::make_string(v));
    return n;
}

std::string member_text(const Node& n, std::string_view key) {
    const Node* m = n.find(key);
    return m && m->is_scalar() ? m->text : std::string();
}

}  // namespace jg::jump
