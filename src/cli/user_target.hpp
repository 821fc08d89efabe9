// Where the user commands send their calls. Today: the local cloud in the jumpgate home,
// in-process (jump::LocalApi); the HTTP target (--endpoint-url / --aws) plugs in here.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cloud/cloud.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "jump/api/local_api.hpp"

namespace jg::cli {

struct TargetOptions {
    std::string home;
    std::string region;
};

class Target {
public:
    static Result<std::unique_ptr<Target>> open(const TargetOptions& options);

    bool is_local() const { return true; }
    jump::AwsApi& api() { return *m_api; }
    const std::string& region() const { return m_region; }
    const std::string& home() const { return m_home; }
    // The shared credentials file with the users' profiles and the [root-ACCOUNT] ones.
    std::string credentials_file() const { return m_home + "/credentials"; }
    Clock& clock() { return m_clock; }

    // Credentials that may administer the admin account: for the local cloud, the root of
    // `admin_account`, or of the only account that holds IAM user `user`.
    Result<jump::AwsCredentials> admin_credentials(const std::string& user, const std::string& admin_account);

    // The accounts a wildcard account in a policy stands for: every local account.
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
    std::unique_ptr<jump::LocalApi> m_api;
};

inline Result<std::unique_ptr<Target>> open_target(const TargetOptions& options) { return Target::open(options); }

}  // namespace jg::cli
