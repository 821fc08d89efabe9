#include "cli/jump_target.hpp"

#include <CLI/CLI.hpp>

#include <ostream>

#include "cloud/accounts.hpp"
#include "cloud/cloud.hpp"
#include "core/clock.hpp"

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

}  // namespace

void add_target_options(CLI::App& cmd, TargetOptions& o) {
    cmd.add_option("-f,--file", o.file, "the declarative file (jumpgate.yaml)")->required();
    cmd.add_option("--home", o.home, "jumpgate home of the local cloud (default $JUMPGATE_HOME, else ~/.jumpgate)");
    cmd.add_option("--secrets-dir", o.secrets_dir,
                   "where new users' first-password files go, one 0600 file each (default HOME/new-users)");
}

std::optional<jump::Config> load_config_or_report(const std::string& path, Context& ctx) {
    auto config = jump::load_config(path);
    if (!config) {
        ctx.err << config.error().str() << "\n" << path << ": the file has errors; nothing was changed\n";
        return std::nullopt;
    }
    return std::move(*config);
}

int with_target(const TargetOptions& o, const jump::Config& config, Context& ctx,
                const std::function<int(TargetSession&)>& fn) {
    std::string home = cloud::resolve_home(o.home);
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
