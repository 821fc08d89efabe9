#include "jump/apply/local_target.hpp"

#include <fmt/format.h>

#include "cloud/accounts.hpp"
#include "core/credentials_file.hpp"

namespace jg::jump {

LocalTarget::LocalTarget(cloud::Cloud& cloud, std::string home, std::string region)
    : m_cloud(cloud),
      m_home(std::move(home)),
      m_api(cloud),
      m_target{m_api,
               [this](const std::string& account) -> Result<AwsCredentials> {
                   auto a = cloud::find_account(m_cloud, account);
                   if (!a) return Unexpected(a.error());
                   if (!*a)
                       return fail("NoSuchAccount",
                                   fmt::format("account {} does not exist in the local cloud at {}", account, m_home));
                   return AwsCredentials{(*a)->root_access_key_id, (*a)->root_secret_access_key, {}};
               },
               std::move(region), 5} {}

Result<std::vector<Change>> LocalTarget::missing_accounts(const Config& config) {
    std::vector<Change> out;
    for (const std::string& id : config.accounts()) {
        auto a = cloud::find_account(m_cloud, id);
        if (!a) return Unexpected(a.error());
        if (!*a)
            out.push_back(Change{ChangeAction::create, id, "account", id,
                                 id == config.admin_account ? "local cloud, admin (jump) account" : "local cloud"});
    }
    return out;
}

Result<void> LocalTarget::create_accounts(const std::vector<Change>& accounts, std::ostream& progress) {
    for (const Change& c : accounts) {
        auto a = cloud::add_account(m_cloud, c.account);
        if (!a) return Unexpected(a.error());
        CredentialsProfile profile{"root-" + c.account, a->root_access_key_id, a->root_secret_access_key, {}};
        if (auto ok = upsert_credentials_profile(m_home + "/credentials", profile); !ok) return ok;
        progress << fmt::format("  created account {} (profile [root-{}])\n", c.account, c.account);
    }
    return {};
}

}  // namespace jg::jump
