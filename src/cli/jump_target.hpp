// What the file-driven commands share: loading the file (every error printed, exit 2) and
// the flags naming the connection (jump/api/connection.hpp) — the local cloud in the
// jumpgate home by default, or any AWS-compatible endpoint (--endpoint-url, e.g. `jumpgate
// serve`) or AWS itself (--aws) over HTTPS with SigV4, each account with its profile's keys.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "jump/api/connection.hpp"
#include "jump/apply/change.hpp"
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
    bool auto_approve = false;              // apply: --auto-approve
    int lock_timeout = 0;                   // apply: --lock-timeout SECONDS
};

// -f (required when `file_required`), --home, --endpoint-url, --aws, --profile-for; with
// `secrets`, --secrets-dir.
void add_target_options(CLI::App& cmd, TargetOptions& o, bool file_required = true, bool secrets = true);

// apply's --auto-approve and --lock-timeout.
void add_apply_options(CLI::App& cmd, TargetOptions& o);

// False (after saying why, naming --auto-approve) when apply could not ask for consent: a
// remote target, no terminal, no --auto-approve. Checked before anything changes.
bool consent_possible(const TargetOptions& o, Context& ctx);

// apply with consent and the lock: takes the deployment's lock (waiting up to
// --lock-timeout), plans, and on a terminal shows the plan (deletions and offboarding
// called out) and asks; then performs it. `on_failure` is added to a failure's message.
int consented_apply(const TargetOptions& o, const jump::Config& config, jump::Connection& connection, Context& ctx,
                    const std::string& on_failure = {});

// On stderr, what the plan re-opens by the audit's rule ids (hardened -> seed), if anything.
void print_reopened(const std::vector<jump::Change>& changes, const std::string& admin_account, Context& ctx);

// The file, or nullopt after printing every problem and "nothing was `what`".
std::optional<jump::Config> load_config_or_report(const std::string& path, Context& ctx,
                                                  const char* what = "changed");

// The connection's options from the flags; with a file, its region and profiles.
Result<jump::ConnectionOptions> connection_options(const TargetOptions& o, const jump::Config* config);

// Where new users' first-password files go: --secrets-dir, else HOME/new-users.
std::string secrets_dir(const TargetOptions& o, const jump::Connection& connection);

// Opens the connection the options name (for the file) and runs `fn` with it; returns fn's
// exit code, or after printing why the connection could not be opened 2 (bad flags) or 1.
int with_connection(const TargetOptions& o, const jump::Config& config, Context& ctx,
                    const std::function<int(jump::Connection&)>& fn);

}  // namespace jg::cli
