#include "cli/user_target.hpp"

#include <cstdlib>

#include "cloud/accounts.hpp"
#include "jump/api/http_api.hpp"
#include "jump/api/profiles.hpp"
#include "jump/user/user_key.hpp"

namespace jg::cli {

Result<std::unique_ptr<Target>> Target::open(const UserTargetOptions& options) {
    std::unique_ptr<Target> t(new Target());
    t->m_home = cloud::resolve_home(options.home);
    t->m_region = options.region;
    for (const char* var : {"AWS_REGION", "AWS_DEFAULT_REGION"})
        if (t->m_region.empty() && std::getenv(var)) t->m_region = std::getenv(var);
    if (t->m_region.empty()) t->m_region = "us-east-1";
    if (!options.endpoint_url.empty() && options.aws)
        return fail("InvalidArgument", "--endpoint-url and --aws exclude each other");
    if (!options.endpoint_url.empty() || options.aws) {
        auto api = jump::HttpApi::create({options.endpoint_url});
        if (!api) return Unexpected(api.error());
        t->m_api = std::move(*api);
        t->m_admin_profile = options.admin_profile;
        return t;
    }
    auto store = store::Store::open(t->m_home);
    if (!store) return Unexpected(store.error());
    t->m_store = std::move(*store);
    auto c = cloud::Cloud::open(*t->m_store, t->m_clock, t->m_random);
    if (!c) return Unexpected(c.error());
    t->m_cloud = std::move(*c);
    t->m_api = std::make_unique<jump::LocalApi>(*t->m_cloud);
    return t;
}

std::string Target::credentials_file() const {
    return is_local() ? m_home + "/credentials" : jump::default_profile_files().credentials_path;
}

Result<jump::AwsCredentials> Target::user_credentials(const std::string& profile_flag, const std::string& user) {
    const std::string profile = profile_flag.empty() ? user : profile_flag;
    if (is_local()) return jump::user::profile_credentials(credentials_file(), profile, user);
    auto creds = jump::read_profile_credentials(profile);
    if (!creds && creds.error().code == "ProfileNotFound")
        return fail("NoCredentials", creds.error().message + ": IAM user '" + user +
                                         "' needs its own access key there (`aws configure --profile " + profile +
                                         "` with the key the administrator handed out)");
    return creds;
}

Result<jump::AwsCredentials> Target::root_of(const std::string& account) {
    if (!is_local()) return fail("InvalidArgument", "root credentials exist only in the local cloud");
    auto found = cloud::find_account(*m_cloud, account);
    if (!found) return Unexpected(found.error());
    if (!*found) return fail("NoSuchEntity", "no account " + account + " in the local cloud at " + m_home);
    return jump::AwsCredentials{(*found)->root_access_key_id, (*found)->root_secret_access_key, {}};
}

Result<jump::AwsCredentials> Target::admin_credentials(const std::string& user, const std::string& admin_account) {
    if (!is_local()) {
        if (m_admin_profile.empty())
            return fail("InvalidArgument", "over HTTP, give --admin-profile P: credentials that may read the admin "
                                           "account's IAM (the local cloud uses its root)");
        return jump::read_profile_credentials(m_admin_profile);
    }
    if (!admin_account.empty()) return root_of(admin_account);
    auto all = cloud::list_accounts(*m_cloud);
    if (!all) return Unexpected(all.error());
    std::vector<jump::AwsCredentials> holders;
    Node input = Node::make_object();
    input.add("UserName", Node::make_string(user));
    for (const auto& a : *all) {
        auto root = root_of(a.id);  // list_accounts leaves the secrets out
        if (!root) return Unexpected(root.error());
        if (m_api->call(*root, "iam", "GetUser", input, m_region)) holders.push_back(*root);
    }
    if (holders.empty())
        return fail("NoSuchEntity", "no account of the local cloud at " + m_home + " has IAM user '" + user + "'");
    if (holders.size() > 1)
        return fail("InvalidArgument", "several accounts have IAM user '" + user + "': name one with --admin-account");
    return holders.front();
}

Result<std::vector<std::string>> Target::known_accounts() {
    if (!is_local()) return std::vector<std::string>{};
    auto all = cloud::list_accounts(*m_cloud);
    if (!all) return Unexpected(all.error());
    std::vector<std::string> ids;
    for (const auto& a : *all) ids.push_back(a.id);
    return ids;
}

}  // namespace jg::cli
