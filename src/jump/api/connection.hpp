// The one answer to "where do these calls go, and as whom": the accounts jumpgate acts on,
// either the local cloud in the jumpgate home (in-process, each account administered with
// its root keys) or any AWS-compatible endpoint over HTTP(S) with SigV4 (`--endpoint-url
// URL`, such as `jumpgate serve`, or `--aws`; each account with the keys of its profile).
// plan/apply, the user's side, the audit and the access matrix all act through it, so
// none of them knows which cloud it talks to; cli/ only turns flags into
// ConnectionOptions.
#pragma once

#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/cloud.hpp"
#include "cloud/store/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/node.hpp"
#include "core/random.hpp"
#include "jump/api/aws_api.hpp"

namespace jg::jump {

struct ConnectionOptions {
    std::string home;          // empty: $JUMPGATE_HOME, else ~/.jumpgate (the local cloud; MFA session cache)
    std::string region;        // empty: $AWS_REGION, $AWS_DEFAULT_REGION, else us-east-1
    std::string endpoint_url;  // HTTP at this URL
    bool aws = false;          // HTTP at AWS's own endpoints
    // Remote: the profile that administers each account (default root-ACCOUNT, as
    // `jumpgate serve --accounts` writes them).
    std::map<std::string, std::string> profiles;
    std::string admin_profile;  // remote user side: credentials that may read the admin account's IAM
    // Local: how hard the store syncs. The file commands re-read the live state before each
    // step, so a commit lost to a power failure is redone by the next run.
    store::Durability durability = store::Durability::full;
};

// The local cloud of a home, opened: its store and the Cloud on it (serve and `cloud
// account` need the Cloud itself).
struct LocalCloud {
    std::string home;
    SystemClock clock;
    SystemRandom random;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<cloud::Cloud> cloud;
};
[[nodiscard]] Result<std::unique_ptr<LocalCloud>> open_local_cloud(const std::string& home_flag,
                                                                    store::Durability durability);

class Connection {
public:
    // Opens what the options name. Errors: --endpoint-url with --aws, the store, the URL.
    [[nodiscard]] static Result<std::unique_ptr<Connection>> open(const ConnectionOptions& options);
    // Over a Cloud someone else owns (tests, embedders); `poll_ms` as the local cloud's.
    [[nodiscard]] static std::unique_ptr<Connection> over(cloud::Cloud& cloud, std::string home, std::string region);
    ~Connection();

    bool is_local() const { return m_cloud != nullptr; }
    // The local cloud, or nullptr for a remote target.
    cloud::Cloud* local_cloud() const { return m_cloud; }
    AwsApi& api() const { return *m_api; }
    const std::string& region() const { return m_region; }
    const std::string& home() const { return m_home; }
    const std::string& endpoint_url() const { return m_endpoint_url; }
    // A short description for messages: "the local cloud at HOME", "http://…", "AWS".
    std::string describe() const;
    // First wait between polls of CloudFormation's asynchronous work (doubles up to 8x):
    // 5 ms in-process, 50 ms on a loopback endpoint, 2 s elsewhere as AWS advises.
    int poll_ms() const { return m_poll_ms; }
    Clock& clock() { return m_clock; }
    Random& random() { return m_random; }

    // The credentials that administer `account`: the root keys of a local account, or the
    // keys of its profile. Errors: NoSuchAccount (local), NoCredentials (remote).
    [[nodiscard]] Result<AwsCredentials> credentials(const std::string& account) const;

    // Runs one action in `account`; the error says which account and action failed.
    [[nodiscard]] Result<Node> call(const std::string& account, std::string_view service, std::string_view action,
                                    const Node& input) const;
    // Every page of an IAM list call (Marker / IsTruncated): the items of `list_member`.
    [[nodiscard]] Result<std::vector<Node>> iam_list_all(const std::string& account, std::string_view action,
                                                         Node input, std::string_view list_member) const;

    // The accounts of the target: every local account; remote targets cannot list
    // accounts (no Organizations), so none.
    [[nodiscard]] Result<std::vector<std::string>> known_accounts() const;
    // Of `wanted`, those the local cloud lacks (none for a remote target: accounts there
    // must exist and are never created).
    [[nodiscard]] Result<std::vector<std::string>> missing_accounts(const std::vector<std::string>& wanted) const;
    // Local cloud: creates the accounts with [root-ID] profiles in HOME/credentials, one
    // progress line each.
    [[nodiscard]] Result<void> create_accounts(const std::vector<std::string>& accounts, std::ostream& progress);

    // The user's side. The shared credentials file holding the users' profiles:
    // HOME/credentials for the local cloud (beside its [root-ACCOUNT] profiles), else the
    // aws CLI's.
    std::string credentials_file() const;
    // The user's own key: profile `profile` (the user name when empty).
    [[nodiscard]] Result<AwsCredentials> user_credentials(const std::string& profile, const std::string& user) const;
    // Credentials that may administer the admin account: for the local cloud, the root of
    // `admin_account`, or of the only account holding IAM user `user`; remote, the
    // --admin-profile.
    [[nodiscard]] Result<AwsCredentials> admin_credentials(const std::string& user, const std::string& admin_account) const;

private:
    Connection() = default;
    std::unique_ptr<LocalCloud> m_owned;  // the local cloud this connection opened
    cloud::Cloud* m_cloud = nullptr;
    std::unique_ptr<AwsApi> m_api;
    std::string m_home, m_region, m_endpoint_url, m_admin_profile;
    bool m_aws = false;
    std::map<std::string, std::string> m_profiles;
    int m_poll_ms = 5;
    SystemClock m_clock;
    SystemRandom m_random;
};

// The profile of each account: `file_profiles` (the file's `profiles:`), then each
// ACCOUNT=PROFILE of `pairs` (--profile-for) over them. Error InvalidArgument.
[[nodiscard]] Result<std::map<std::string, std::string>> account_profiles(
    const std::map<std::string, std::string>& file_profiles, const std::vector<std::string>& pairs);

// Small builders for botocore-shaped inputs.
Node input_of(std::initializer_list<std::pair<const char*, std::string>> members);
std::string member_text(const Node& n, std::string_view key);

}  // namespace jg::jump
