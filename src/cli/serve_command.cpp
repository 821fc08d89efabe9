// `jumpgate serve`: the local cloud as an AWS endpoint over HTTP (IAM, STS,
// CloudFormation, S3), with the browser console under /_console/, until SIGINT or SIGTERM.
#include <CLI/CLI.hpp>

#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <memory>
#include <thread>
#include <ostream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "cloud/accounts.hpp"
#include "cloud/cloud.hpp"
#include "console/console.hpp"
#include "console/router.hpp"
#include "core/clock.hpp"
#include "core/credentials_file.hpp"
#include "core/random.hpp"
#include "core/strings.hpp"
#include "jump/api/connection.hpp"
#include "wire/server/endpoint.hpp"
#include "wire/server/http_server.hpp"

namespace jg::cli {
namespace {

struct ServeOptions {
    std::string home;
    std::string host = "127.0.0.1";
    int port = 4599;
    std::string accounts;  // ID,ID,…
    std::size_t max_connections = 4096;
    // process-crash (default): WAL with synchronous=NORMAL — every acknowledged write
    // survives jumpgate being killed (SIGKILL, a crash), the WAL is fsynced at checkpoints
    // only; power-loss: synchronous=FULL — an fsync per commit group, so a write also
    // survives the machine losing power, at several times the cost of a write.
    std::string durability = "process-crash";
};

// Creates the accounts of `list` that do not exist yet, each with its [root-ID] profile.
Result<void> ensure_accounts(cloud::Cloud& c, const std::string& home, const std::string& list, std::ostream& err) {
    for (const std::string& raw : split(list, ',')) {
        const std::string id = trim(raw);
        if (id.empty()) continue;
        auto existing = cloud::find_account(c, id);
        if (!existing) return Unexpected(existing.error());
        if (*existing) continue;
        auto account = cloud::add_account(c, id);
        if (!account) return Unexpected(account.error());
        CredentialsProfile profile{"root-" + id, account->root_access_key_id, account->root_secret_access_key, {}};
        if (auto ok = upsert_credentials_profile(home + "/credentials", profile); !ok) return ok;
        err << "account " << id << " created; profile [root-" << id << "] written to " << home << "/credentials\n";
    }
    return {};
}

int serve(const ServeOptions& o, Context& ctx) {
    // SIGINT and SIGTERM are taken synchronously by this thread (sigwait below): block
    // them before any server thread starts, so that every thread inherits the mask.
    sigset_t stop_signals, previous;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);
    struct RestoreMask {
        sigset_t mask;
        ~RestoreMask() { pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
    } restore{previous};
    // A client that hangs up mid-response must not kill the server.
    signal(SIGPIPE, SIG_IGN);
    // Each connection is a descriptor: allow as many as the hard limit does.
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }

    auto fail_with = [&](const Error& e) {
        ctx.err << "error: " << (e.code.empty() ? "" : e.code + ": ") << e.message << "\n";
        return e.code == "ValidationError" ? k_exit_usage : 1;
    };
    // A local endpoint for development and tests: what a client was told succeeded must
    // survive the server being killed (WAL, synchronous=NORMAL), as AWS's answers survive
    // a client's crash; surviving an OS crash or power loss too costs an fsync per commit
    // (CreateUser+DeleteUser about a fifth slower, measured on ext4) and is asked for with
    // --durability power-loss.
    auto local = jump::open_local_cloud(o.home, o.durability == "power-loss" ? store::Durability::full
                                                                             : store::Durability::process_crash);
    if (!local) return fail_with(local.error());
    cloud::Cloud& c = *(*local)->cloud;
    if (auto ok = ensure_accounts(c, (*local)->home, o.accounts, ctx.err); !ok) return fail_with(ok.error());

    auto endpoint = wire::Endpoint::create(c, (*local)->clock, (*local)->random);
    if (!endpoint) return fail_with(endpoint.error());
    wire::HttpServerOptions server_options;
    server_options.host = o.host;
    server_options.port = o.port;
    server_options.max_connections = o.max_connections;
    // An I/O thread per core: quick reads (GetCallerIdentity, …) are answered on them.
    server_options.io_threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
    // The browser console under /_console/, the AWS endpoint for everything else.
    console::Console web_console(c, (*local)->clock, (*local)->random);
    console::Router router(web_console, **endpoint);
    wire::HttpServer server(router, server_options);
    if (auto ok = server.start(); !ok) return fail_with(ok.error());
    ctx.out << "listening on http://" << o.host << ":" << server.port() << std::endl;
    ctx.out << "console on http://" << o.host << ":" << server.port() << web_console.prefix() << std::endl;

    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    server.stop();
    ctx.err << "stopped (" << (signal_number == SIGINT ? "SIGINT" : "SIGTERM") << ")\n";
    return k_exit_ok;
}

}  // namespace

void add_serve_command(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<ServeOptions>();
    auto* serve_cmd = app.add_subcommand("serve", "serve the local cloud as an AWS endpoint (IAM, STS, "
                                                  "CloudFormation, S3) until SIGINT/SIGTERM");
    serve_cmd->add_option("--home", opts->home, "jumpgate home (default $JUMPGATE_HOME, else ~/.jumpgate)");
    serve_cmd->add_option("--host", opts->host, "address to listen on (default 127.0.0.1)");
    serve_cmd->add_option("--port", opts->port, "port to listen on; 0 picks a free one (default 4599)")
        ->check(CLI::Range(0, 65535));
    serve_cmd->add_option("--accounts", opts->accounts,
                          "comma-separated account ids to create when missing, each with a [root-ID] profile");
    serve_cmd->add_option("--max-connections", opts->max_connections,
                          "connections served at once; more are answered 503 with Retry-After (default 4096)")
        ->check(CLI::Range(1, 1'000'000));
    serve_cmd->add_option("--durability", opts->durability,
                          "process-crash (default): every acknowledged write survives jumpgate being killed; "
                          "power-loss: also an OS crash or power loss (an fsync per commit, slower writes)")
        ->check(CLI::IsMember({"process-crash", "power-loss"}));
    serve_cmd->callback([opts, &ctx] { ctx.exit_code = serve(*opts, ctx); });
}

}  // namespace jg::cli
