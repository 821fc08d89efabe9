// `jumpgate audit` and `jumpgate access`: load every account's IAM (files written by
// `aws iam get-account-authorization-details`, or live from the local cloud), analyse
// it with the policy engine, print findings or the access matrix.
#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "cli/cli.hpp"
#include "cli/jump_target.hpp"
#include "core/strings.hpp"
#include "jump/audit/live.hpp"
#include "jump/audit/findings.hpp"
#include "jump/audit/report.hpp"
#include "jump/config/config.hpp"

namespace jg::cli {
namespace {

struct SourceOptions {
    std::string auth_details;  // --from-auth-details
    std::string accounts;      // --accounts A,B (live)
    TargetOptions target;      // -f (the declarative file: drift findings), --home, --endpoint-url, --aws, --profile-for
    std::string admin_account;
    std::string format;
    std::string fail_on = "high";
    bool stats = false;
};

// The state to analyse: the files, or the live accounts through the connection (the local
// cloud, --endpoint-url or --aws; which accounts: jump/audit/live.hpp).
Result<jump::audit::State> load_state(const SourceOptions& o, const jump::Config* config = nullptr) {
    Result<jump::audit::State> state = jump::audit::State{};
    if (!o.auth_details.empty()) {
        state = jump::audit::load_auth_details(o.auth_details);
    } else {
        auto options = connection_options(o.target, config);
        if (!options) return Unexpected(options.error());
        std::vector<std::string> wanted;
        for (const auto& id : split(o.accounts, ','))
            if (!trim(id).empty()) wanted.push_back(trim(id));
        state = jump::audit::read_live(*options, wanted, config);
    }
    if (!state) return state;
    jump::audit::infer_admin_account(*state, !o.admin_account.empty() || !config ? o.admin_account : config->admin_account);
    return state;
}

void add_source_options(CLI::App* cmd, SourceOptions& o) {
    cmd->add_option("--from-auth-details", o.auth_details,
                    "a directory of `aws iam get-account-authorization-details` outputs (one *.json per account), "
                    "or one such file (a JSON array for several accounts)");
    cmd->add_option("--accounts", o.accounts,
                    "live: the accounts to read (comma-separated; default the file's, else every local account)");
    add_target_options(*cmd, o.target, false, false);
    cmd->add_option("--admin-account", o.admin_account, "the admin (jump) account (default: the one with the most users)");
}

// The declarative file of -f, if any; false (after saying why) when it has errors.
bool load_file(const SourceOptions& o, const char* what, std::optional<jump::Config>& config, Context& ctx) {
    if (o.target.file.empty()) return true;
    config = load_config_or_report(o.target.file, ctx, what);
    return config.has_value();
}

int run_audit(const SourceOptions& o, Context& ctx) {
    std::optional<jump::Config> config;
    if (!load_file(o, "audited", config, ctx)) return k_exit_usage;
    auto state = load_state(o, config ? &*config : nullptr);
    if (!state) {
        ctx.err << "error: " << state.error().str() << "\n";
        return k_exit_usage;
    }
    auto started = std::chrono::steady_clock::now();
    // The audit reports no grants: their "via" explanations are not needed.
    auto analysis = jump::audit::analyze(
        *state, {.findings = true, .via = o.format == "dot", .intended = config ? &*config : nullptr});
    if (o.stats) {
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        ctx.err << fmt::format("audit: {} accounts, {} principals, {} edges evaluated in {:.2f} s ({:.0f} edges/s; "
                               "{} engine decisions, {:.0f}/s), {} findings, {} grants\n",
                               state->accounts.size(), analysis.nodes, analysis.edge_checks, seconds,
                               seconds > 0 ? analysis.edge_checks / seconds : 0.0, analysis.evaluations,
                               seconds > 0 ? analysis.evaluations / seconds : 0.0, analysis.findings.size(),
                               analysis.grants.size());
        for (const auto& [name, secs] : analysis.phases) ctx.err << fmt::format("  {}: {:.2f} s\n", name, secs);
    }
    if (o.format == "json") jump::audit::write_findings_json(ctx.out, analysis);
    else if (o.format == "sarif") jump::audit::write_findings_sarif(ctx.out, analysis);
    else if (o.format == "dot") jump::audit::write_dot(ctx.out, analysis, false);
    else jump::audit::write_findings_text(ctx.out, analysis);
    auto threshold = jump::audit::parse_severity(o.fail_on);
    for (const auto& f : analysis.findings)
        if (f.severity >= *threshold) return k_exit_findings;
    return k_exit_ok;
}

int run_access(const SourceOptions& o, Context& ctx) {
    std::optional<jump::Config> config;
    if (!load_file(o, "read", config, ctx)) return k_exit_usage;
    auto started = std::chrono::steady_clock::now();
    auto state = load_state(o, config ? &*config : nullptr);
    if (!state) {
        ctx.err << "error: " << state.error().str() << "\n";
        return k_exit_usage;
    }
    double read_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    // The audit names missing accounts as drift; the matrix only says it lacks them.
    if (config)
        for (const auto& id : config->accounts())
            if (std::none_of(state->accounts.begin(), state->accounts.end(), [&](const auto& a) { return a.id == id; }))
                ctx.err << "note: account " << id << " of " << o.target.file << " is not in the live state; the matrix leaves it out\n";
    auto analysis = jump::audit::analyze(*state, {.findings = o.format == "dot"});
    if (o.stats) {
        ctx.err << fmt::format("access: {} accounts, {} principals, {} grants, {} engine decisions\n",
                               state->accounts.size(), analysis.nodes, analysis.grants.size(), analysis.evaluations);
        ctx.err << fmt::format("  read state: {:.2f} s\n", read_seconds);
        for (const auto& [name, secs] : analysis.phases) ctx.err << fmt::format("  {}: {:.2f} s\n", name, secs);
    }
    if (o.format == "json") jump::audit::write_access_json(ctx.out, analysis);
    else if (o.format == "csv") jump::audit::write_access_csv(ctx.out, analysis);
    else if (o.format == "dot") jump::audit::write_dot(ctx.out, analysis, true);
    else jump::audit::write_access_table(ctx.out, analysis);
    return k_exit_ok;
}

}  // namespace

void add_audit_commands(CLI::App& app, Context& ctx) {
    auto audit_opts = std::make_shared<SourceOptions>();
    audit_opts->format = "text";
    auto* audit = app.add_subcommand(
        "audit", "escalation paths, MFA bypasses and risky settings across every account (exit 1 when a finding "
                 "reaches --fail-on)");
    add_source_options(audit, *audit_opts);
    audit->add_option("--format", audit_opts->format, "text, json, sarif (2.1.0) or dot (Graphviz)")
        ->check(CLI::IsMember({"text", "json", "sarif", "dot"}));
    audit->add_option("--fail-on", audit_opts->fail_on, "lowest severity that makes the exit code 1 (default high)")
        ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}));
    audit->add_flag("--stats", audit_opts->stats,
                    "print the analysis size and speed to stderr (principals, engine decisions per second)");
    audit->callback([audit_opts, &ctx] { ctx.exit_code = run_audit(*audit_opts, ctx); });

    auto access_opts = std::make_shared<SourceOptions>();
    access_opts->format = "table";
    auto* access = app.add_subcommand(
        "access", "the access matrix: which user reaches which role in which account, through what, and with "
                  "which MFA requirement");
    add_source_options(access, *access_opts);
    access->add_option("--format", access_opts->format, "table, json, csv or dot (Graphviz)")
        ->check(CLI::IsMember({"table", "json", "csv", "dot"}));
    access->add_flag("--stats", access_opts->stats,
                     "print the time of each phase (reading the state, the graph, the matrix) to stderr");
    access->callback([access_opts, &ctx] { ctx.exit_code = run_access(*access_opts, ctx); });
}

}  // namespace jg::cli
