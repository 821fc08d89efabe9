#include "cli/jump_target.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <ostream>

#include "cli/tty_prompt.hpp"
#include "jump/apply/apply_lock.hpp"
#include "jump/apply/reopens.hpp"
#include "jump/apply/runbook.hpp"
#include "jump/render/templates.hpp"

namespace jg::cli {

void add_target_options(CLI::App& cmd, TargetOptions& o, bool file_required, bool secrets) {
    // Commands that need the file read ./jumpgate.yaml by default; for the others (audit,
    // access, force-unlock) leaving -f out means "no file".
    if (file_required) {
        cmd.add_option("-f,--file", o.file, "the declarative file (default ./jumpgate.yaml)");
    } else {
        o.file.clear();
        cmd.add_option("-f,--file", o.file, "the declarative file (jumpgate.yaml), if any");
    }
    cmd.add_option("--home", o.home, "jumpgate home of the local cloud (default $JUMPGATE_HOME, else ~/.jumpgate)");
    if (secrets)
        cmd.add_option("--secrets-dir", o.secrets_dir,
                       "where new users' first-password files go, one 0600 file each (default HOME/new-users)");
    cmd.add_option("--endpoint-url", o.endpoint_url,
                   "an AWS-compatible endpoint (e.g. jumpgate serve) instead of the local cloud");
    cmd.add_flag("--aws", o.aws, "AWS's own endpoints instead of the local cloud");
    cmd.add_option("--profile-for", o.profile_for,
                   "ACCOUNT=PROFILE: the AWS profile that administers ACCOUNT on a remote target (repeatable; "
                   "overrides the file's profiles:, default root-ACCOUNT)");
}

std::optional<jump::Config> load_config_or_report(const std::string& path, Context& ctx, const char* what) {
    auto config = jump::load_config(path);
    if (!config && config.error().code == "ConfigNotFound") {
        ctx.err << "error: " << config.error().message << "\n";
        return std::nullopt;
    }
    if (!config) {
        ctx.err << config.error().str() << "\n" << path << ": the file has errors; nothing was " << what << "\n";
        return std::nullopt;
    }
    // The templates too (a folder of the user's own is checked whole), before any target opens.
    if (auto templates = jump::load_templates(*config); !templates) {
        ctx.err << templates.error().message << "\n" << path << ": its templates have errors; nothing was " << what
                << "\n";
        return std::nullopt;
    }
    return std::move(*config);
}

Result<jump::ConnectionOptions> connection_options(const TargetOptions& o, const jump::Config* config) {
    jump::ConnectionOptions options;
    options.home = o.home;
    options.endpoint_url = o.endpoint_url;
    options.aws = o.aws;
    std::map<std::string, std::string> file_profiles;
    if (config) {
        options.region = config->region;
        for (const auto& p : config->profiles) file_profiles[p.account] = p.profile;
    }
    auto profiles = jump::account_profiles(file_profiles, o.profile_for);
    if (!profiles) return Unexpected(profiles.error());
    options.profiles = std::move(*profiles);
    // plan and apply re-read the live state before every step, so a commit lost to a power
    // failure (not to a crash of jumpgate: WAL with synchronous=NORMAL survives that) is
    // simply redone by the next apply; an fsync per call would triple the time of a large
    // onboarding for nothing.
    options.durability = store::Durability::process_crash;
    return options;
}

std::string secrets_dir(const TargetOptions& o, const jump::Connection& connection) {
    return o.secrets_dir.empty() ? connection.home() + "/new-users" : o.secrets_dir;
}

int with_connection(const TargetOptions& o, const jump::Config& config, Context& ctx,
                    const std::function<int(jump::Connection&)>& fn) {
    auto options = connection_options(o, &config);
    if (!options) {
        ctx.err << "error: " << options.error().message << "\n";
        return k_exit_usage;
    }
    auto connection = jump::Connection::open(*options);
    if (!connection) {
        ctx.err << "error: " << connection.error().str() << "\n";
        // Bad flags or URL: usage; the local store failing to open: 1.
        return !o.endpoint_url.empty() || o.aws ? k_exit_usage : 1;
    }
    return fn(**connection);
}

namespace {

bool on_terminal() { return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDOUT_FILENO) == 1; }

}  // namespace

void print_reopened(const std::vector<jump::Change>& changes, const std::string& admin_account, Context& ctx) {
    auto reopened = jump::reopened_findings(changes, admin_account);
    if (reopened.empty()) return;
    ctx.err << "warning: this plan opens (or re-opens) what the audit reports as:\n";
    for (const auto& line : reopened) ctx.err << "  " << line << "\n";
}

void add_apply_options(CLI::App& cmd, TargetOptions& o) {
    cmd.add_flag("--auto-approve", o.auto_approve,
                 "apply without showing the plan and asking (needed for a remote target without a terminal)");
    cmd.add_option("--lock-timeout", o.lock_timeout,
                   "seconds to wait for another apply of the same deployment to finish (default 0: fail at once, "
                   "naming the lock's holder)")
        ->check(CLI::Range(0, 86400));
}

bool consent_possible(const TargetOptions& o, Context& ctx) {
    const bool remote = !o.endpoint_url.empty() || o.aws;
    if (!remote || o.auto_approve || on_terminal()) return true;
    ctx.err << "error: apply to " << (o.aws ? std::string("AWS") : o.endpoint_url)
            << " without a terminal to ask on: review `jumpgate plan` and run again with --auto-approve; nothing "
               "was changed\n";
    return false;
}

int consented_apply(const TargetOptions& o, const jump::Config& config, jump::Connection& c, Context& ctx,
                    const std::string& on_failure) {
    auto failed = [&](const Error& e) {
        ctx.err << "error: " << e.str() << "\n" << on_failure;
        return 1;
    };
    if (!consent_possible(o, ctx)) return 1;
    // The lock first: the plan shown is then the plan performed.
    auto taken = jump::ApplyLock::acquire(c, config.admin_account, std::chrono::seconds(o.lock_timeout), ctx.err);
    if (!taken) return failed(taken.error());
    std::unique_ptr<jump::ApplyLock> lock = std::move(*taken);
    const jump::RunbookOptions options{secrets_dir(o, c)};
    if (!o.auto_approve && on_terminal()) {
        auto changes = jump::plan(c, config, options);
        if (!changes) return failed(changes.error());
        if (!changes->empty()) {
            ctx.out << jump::changes_text(*changes) << jump::destructive_text(*changes);
            print_reopened(*changes, config.admin_account, ctx);
            ctx.out.flush();
            auto answer = ask_on_tty(fmt::format("Apply these {} change(s) to {}? Only 'yes' or 'y' applies: ",
                                                 changes->size(), c.describe()));
            if (!answer || (*answer != "y" && *answer != "yes")) {
                ctx.err << "apply cancelled; nothing was changed\n" << on_failure;
                return 1;
            }
        }
    }
    auto report = jump::apply(c, config, options, c.random(), ctx.out);
    if (!report) return failed(report.error());
    ctx.out << fmt::format("apply: {} change(s) made; the live state matches {}\n", report->done.size(), o.file);
    return k_exit_ok;
}

}  // namespace jg::cli
