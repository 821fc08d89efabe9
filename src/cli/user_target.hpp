// Where the user commands send their calls: the local cloud in the jumpgate home,
// in-process (jump::LocalApi), or any AWS endpoint over HTTP with SigV4 (jump::HttpApi:
// `--endpoint-url URL`, such as `jumpgate serve`, or `--aws` for AWS's own endpoints). The
// home always holds the MFA session cache.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cloud/cloud.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "jump/api/local_api.hpp"

namespace jg::cli {

struct UserTargetOptions {
    std::string home;
    std::string region;
    std::string endpoint_url;   // HTTP target at this URL
    bool aws = false;           // HTTP target at AWS's own endpoints
    std::string admin_profile;  // HTTP targets: credentials that may read the admin account's IAM
};

class Target {
public:
    static Result<std::unique_ptr<Target>> open(const UserTargetOptions& options);

    bool is_local() const { return m_cloud != nullptr; }
    jump::AwsApi& api() { return *m_api; }
    const std::string& region() const { return m_region; }
    const std::string& home() const { return m_home; }
    // The shared credentials file with the users' profiles: HOME/credentials for the local
    // cloud (beside its [root-ACCOUNT] profiles), else the aws CLI's.
    std::string credentials_file() const;
    // The user's own key: profile `profile` (the user name when empty).
    Result<jump::AwsCredentials> user_credentials(const std::string& profile, const std::string& user);
    Clock& clock() { return m_clock; }

    // Credentials that may administer the admin account: for the local cloud, the root of
    // `admin_account`, or of the only account that holds IAM user `user`; over HTTP, the
    // --admin-profile.
    Result<jump::AwsCredentials> admin_credentials(const std::string& user, const std::string& admin_account);

    // The accounts a wildcard account in a policy stands for: every local account (none
    // over HTTP: the caller names them).
    Result<std::vector<std::string>> known_accounts();
    // Root credentials of a local account.
    Result<jump::AwsCredentials> root_of(const std::string& account);

private:
    Target() = default;
    std::string m_home, m_region;
    SystemClock m_clock;
    SystemRandom m_random;
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<cloud::Cloud> m_cloud;
    std::unique_ptr<jump::AwsApi> m_api;
    std::string m_admin_profile;
};

inline Result<std::unique_ptr<Target>> open_target(const UserTargetOptions& options) { return Target::open(options); }

}  // namespace jg::cli
