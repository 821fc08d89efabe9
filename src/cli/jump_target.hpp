// What the file-driven commands share: loading the file (every error printed, exit 2) and
// opening the target — the local cloud in the jumpgate home by default, or any
// AWS-compatible endpoint (--endpoint-url, e.g. `jumpgate serve`) or AWS itself (--aws)
// over HTTPS with SigV4, each account with the credentials of its profile.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "core/random.hpp"
#include "jump/apply/local_target.hpp"
#include "jump/apply/runbook.hpp"
#include "jump/config/config.hpp"

namespace jg::cli {

struct TargetOptions {
    std::string file = std::string(jump::k_default_config_path);  // -f
    std::string home;         // --home (default $JUMPGATE_HOME, else ~/.jumpgate)
    std::string secrets_dir;  // --secrets-dir (default HOME/new-users)
    std::string format = "text";
    std::string endpoint_url;               // --endpoint-url
    bool aws = false;                       // --aws
    std::vector<std::string> profile_for;   // --profile-for ACCOUNT=PROFILE (repeatable)
};

void add_target_options(CLI::App& cmd, TargetOptions& o);

// The file, or nullopt after printing every problem and "nothing was changed".
std::optional<jump::Config> load_config_or_report(const std::string& path, Context& ctx);

// An open target for one command.
class TargetSession {
public:
    virtual ~TargetSession() = default;
    virtual const jump::Target& target() = 0;
    virtual jump::RunbookOptions runbook_options() = 0;
    virtual Random& random() = 0;
};

// Opens the target the options name and runs `fn` with it; returns fn's exit code, or 1
// after printing why the target could not be opened.
int with_target(const TargetOptions& o, const jump::Config& config, Context& ctx,
                const std::function<int(TargetSession&)>& fn);

}  // namespace jg::cli
