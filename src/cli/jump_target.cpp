#include "cli/jump_target.hpp"

#include <CLI/CLI.hpp>

#include <map>
#include <ostream>
#include <fmt/format.h>

#include "cloud/accounts.hpp"
#include "cloud/cloud.hpp"
#include "core/clock.hpp"
#include "jump/api/http_api.hpp"
#include "jump/api/profiles.hpp"
#include "jump/render/templates.hpp"

namespace jg::cli {

namespace {

class LocalSession final : public TargetSession {
public:
    LocalSession(cloud::Cloud& cloud, std::string home, const jump::Config& config, std::string secrets_dir)
        : m_local(cloud, home, config.region),
          m_secrets_dir(secrets_dir.empty() ? home + "/new-users" : std::move(secrets_dir)) {}

    const jump::Target& target() override { return m_local.target(); }
    jump::RunbookOptions runbook_options() override { return {&m_local, m_secrets_dir}; }
    Random& random() override { return m_random; }

private:
    jump::LocalTarget m_local;
    std::string m_secrets_dir;
    SystemRandom m_random;
};

// An AWS-compatible endpoint or AWS: each account acts with its profile's keys. No account
// is created (they must exist), and CloudFormation is polled every 2 s as AWS advises
// (50 ms on a loopback endpoint such as `jumpgate serve`).
class RemoteSession final : public TargetSession {
public:
    RemoteSession(std::unique_ptr<jump::HttpApi> api, std::map<std::string, std::string> profiles,
                  const jump::Config& config, std::string secrets_dir, int poll_ms)
        : m_api(std::move(api)),
          m_profiles(std::move(profiles)),
          m_target{*m_api, [this](const std::string& account) { return credentials(account); }, config.region,
                   poll_ms},
          m_secrets_dir(std::move(secrets_dir)) {}

    const jump::Target& target() override { return m_target; }
    jump::RunbookOptions runbook_options() override { return {nullptr, m_secrets_dir}; }
    Random& random() override { return m_random; }

private:
    Result<jump::AwsCredentials> credentials(const std::string& account) {
        auto it = m_profiles.find(account);
        // `jumpgate serve --accounts` writes [root-ID] profiles: the default name.
        const std::string profile = it != m_profiles.end() ? it->second : "root-" + account;
        auto creds = jump::read_profile_credentials(profile);
        if (!creds && creds.error().code == "ProfileNotFound")
            return fail("NoCredentials",
                        fmt::format("no credentials for account {}: {} (map the account to a profile with "
                                    "--profile-for {}=PROFILE or a profiles: entry in the file)",
                                    account, creds.error().message, account));
        return creds;
    }

    std::unique_ptr<jump::HttpApi> m_api;
    std::map<std::string, std::string> m_profiles;
    jump::Target m_target;
    std::string m_secrets_dir;
    SystemRandom m_random;
};

bool is_loopback(const std::string& url) {
    for (const char* host : {"://127.", "://localhost", "://[::1]"})
        if (url.find(host) != std::string::npos) return true;
    return false;
}

// The profile of each account: the file's `profiles:`, then --profile-for over them.
Result<std::map<std::string, std::string>> account_profiles(const TargetOptions& o, const jump::Config& config) {
    std::map<std::string, std::string> out;
    for (const auto& p : config.profiles) out[p.account] = p.profile;
    for (const std::string& pair : o.profile_for) {
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

}  // namespace

void add_target_options(CLI::App& cmd, TargetOptions& o) {
    cmd.add_option("-f,--file", o.file, "the declarative file (default ./jumpgate.yaml)");
    cmd.add_option("--home", o.home, "jumpgate home of the local cloud (default $JUMPGATE_HOME, else ~/.jumpgate)");
    cmd.add_option("--secrets-dir", o.secrets_dir,
                   "where new users' first-password files go, one 0600 file each (default HOME/new-users)");
    cmd.add_option("--endpoint-url", o.endpoint_url,
                   "an AWS-compatible endpoint (e.g. jumpgate serve) instead of the local cloud");
    cmd.add_flag("--aws", o.aws, "AWS's own endpoints instead of the local cloud");
    cmd.add_option("--profile-for", o.profile_for,
                   "ACCOUNT=PROFILE: the AWS profile that administers ACCOUNT on a remote target (repeatable; "
                   "overrides the file's profiles:, default root-ACCOUNT)");
}

std::optional<jump::Config> load_config_or_report(const std::string& path, Context& ctx) {
    auto config = jump::load_config(path);
    if (!config && config.error().code == "ConfigNotFound") {
        ctx.err << "error: " << config.error().message << "\n";
        return std::nullopt;
    }
    if (!config) {
        ctx.err << config.error().str() << "\n" << path << ": the file has errors; nothing was changed\n";
        return std::nullopt;
    }
    // The templates too (a folder of the user's own is checked whole), before any target opens.
    if (auto templates = jump::load_templates(*config); !templates) {
        ctx.err << templates.error().message << "\n" << path << ": its templates have errors; nothing was changed\n";
        return std::nullopt;
    }
    return std::move(*config);
}

int with_target(const TargetOptions& o, const jump::Config& config, Context& ctx,
                const std::function<int(TargetSession&)>& fn) {
    std::string home = cloud::resolve_home(o.home);
    if (!o.endpoint_url.empty() && o.aws) {
        ctx.err << "error: --endpoint-url and --aws exclude each other\n";
        return 2;
    }
    if (!o.endpoint_url.empty() || o.aws) {
        auto profiles = account_profiles(o, config);
        if (!profiles) {
            ctx.err << "error: " << profiles.error().message << "\n";
            return 2;
        }
        auto api = jump::HttpApi::create({o.endpoint_url});
        if (!api) {
            ctx.err << "error: " << api.error().str() << "\n";
            return 2;
        }
        RemoteSession session(std::move(*api), std::move(*profiles), config,
                              o.secrets_dir.empty() ? home + "/new-users" : o.secrets_dir,
                              is_loopback(o.endpoint_url) ? 50 : 2000);
        return fn(session);
    }
    // plan and apply re-read the live state before every step, so a commit lost to a power
    // failure (not to a crash of jumpgate: WAL with synchronous=NORMAL survives that) is
    // simply redone by the next apply; an fsync per call would triple the time of a large
    // onboarding for nothing.
    store::Options store_options;
    store_options.durability = store::Durability::process_crash;
    auto store = store::Store::open(home, store_options);
    if (!store) {
        ctx.err << "error: " << store.error().str() << "\n";
        return 1;
    }
    SystemClock clock;
    SystemRandom random;
    auto c = cloud::Cloud::open(**store, clock, random);
    if (!c) {
        ctx.err << "error: " << c.error().str() << "\n";
        return 1;
    }
    LocalSession session(**c, home, config, o.secrets_dir);
    return fn(session);
}

}  // namespace jg::cli
