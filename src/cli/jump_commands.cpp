// `jumpgate init | render | plan | apply`: the declarative file and the runbook it drives
// (src/jump). The target is the local cloud in the jumpgate home.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>

#include "cli/cli.hpp"
#include "cli/jump_target.hpp"
#include "jump/apply/apply_lock.hpp"
#include "jump/apply/reopens.hpp"
#include "jump/apply/runbook.hpp"
#include "jump/config/config.hpp"
#include "jump/config/example.hpp"
#include "jump/import/import.hpp"
#include "jump/render/templates.hpp"

namespace jg::cli {
namespace {

namespace fs = std::filesystem;

struct InitOptions {
    std::string dir = ".";
};

struct RenderOptions {
    std::string file = std::string(jump::k_default_config_path);
    std::string out;
};

int init(const InitOptions& o, Context& ctx) {
    fs::path path = fs::path(o.dir) / std::string(jump::k_example_file_name);
    std::error_code ec;
    if (fs::exists(path, ec)) {
        ctx.err << "error: " << path.string() << " already exists; nothing was written\n";
        return k_exit_usage;
    }
    fs::create_directories(o.dir, ec);
    std::ofstream out(path);
    out << jump::k_example_config;
    out.close();
    if (!out) {
        ctx.err << "error: " << path.string() << ": cannot write the file\n";
        return 1;
    }
    // -f defaults to ./jumpgate.yaml: name the file only when it is elsewhere.
    const bool here = fs::equivalent(o.dir, ".", ec);
    ctx.out << "wrote " << path.string() << " (the article's scenario); next: jumpgate plan"
            << (here ? std::string() : " -f " + path.string()) << "\n";
    return k_exit_ok;
}

int render(const RenderOptions& o, Context& ctx) {
    auto config = load_config_or_report(o.file, ctx);
    if (!config) return k_exit_usage;
    auto written = jump::render(*config, o.out);
    if (!written) {
        ctx.err << "error: " << written.error().str() << "\n";
        return 1;
    }
    ctx.out << fmt::format("rendered the {} templates and {} parameter files into {}\n",
                           config->templates_label(), written->size() - 5,
                           o.out);
    return k_exit_ok;
}

struct PlanOptions : TargetOptions {
    bool detailed_exitcode = false;
};

// With --detailed-exitcode (terraform's convention, for CI drift checks): 0 no change,
// 2 changes, 1 any error (bad file and flags included).
constexpr int k_exit_plan_changes = 2;
constexpr int k_exit_plan_error = 1;

int plan(const PlanOptions& o, Context& ctx) {
    const int usage = o.detailed_exitcode ? k_exit_plan_error : k_exit_usage;
    auto config = load_config_or_report(o.file, ctx);
    if (!config) return usage;
    if (o.format != "text" && o.format != "json") {
        ctx.err << "error: --format must be text or json\n";
        return usage;
    }
    bool changes_planned = false;
    int code = with_connection(o, *config, ctx, [&](jump::Connection& c) {
        auto changes = jump::plan(c, *config, {secrets_dir(o, c)});
        if (!changes) {
            ctx.err << "error: " << changes.error().str() << "\n";
            return 1;
        }
        ctx.out << (o.format == "json" ? jump::changes_json(*changes) : jump::changes_text(*changes));
        print_reopened(*changes, config->admin_account, ctx);
        changes_planned = !changes->empty();
        return k_exit_ok;
    });
    if (!o.detailed_exitcode) return code;
    if (code != k_exit_ok) return k_exit_plan_error;
    return changes_planned ? k_exit_plan_changes : k_exit_ok;
}

int apply(const TargetOptions& o, Context& ctx) {
    auto config = load_config_or_report(o.file, ctx);
    if (!config) return k_exit_usage;
    if (!consent_possible(o, ctx)) return 1;
    return with_connection(o, *config, ctx, [&](jump::Connection& c) { return consented_apply(o, *config, c, ctx); });
}

struct UnlockOptions : TargetOptions {
    std::string id;
    std::string admin_account;
};

int force_unlock(const UnlockOptions& o, Context& ctx) {
    std::optional<jump::Config> config;
    if (!o.file.empty() && !(config = load_config_or_report(o.file, ctx, "unlocked"))) return k_exit_usage;
    auto options = connection_options(o, config ? &*config : nullptr);
    if (!options) {
        ctx.err << "error: " << options.error().message << "\n";
        return k_exit_usage;
    }
    // A remote target's lock is an object in the admin account's template bucket.
    const std::string admin = !o.admin_account.empty() ? o.admin_account : config ? config->admin_account : "";
    if ((!o.endpoint_url.empty() || o.aws) && admin.empty()) {
        ctx.err << "error: a remote target's apply lock lives in the admin account's template bucket: name it with "
                   "-f FILE or --admin-account ID\n";
        return k_exit_usage;
    }
    auto connection = jump::Connection::open(*options);
    if (!connection) {
        ctx.err << "error: " << connection.error().str() << "\n";
        return 1;
    }
    auto removed = jump::force_unlock(**connection, admin, o.id);
    if (!removed) {
        ctx.err << "error: " << removed.error().code << ": " << removed.error().message << "\n";
        return 1;
    }
    ctx.out << "removed lock " << removed->id << " of " << removed->who << " (since " << removed->since << ")\n";
    return k_exit_ok;
}

struct ImportOptions : TargetOptions {
    std::string output = std::string(jump::k_default_config_path);
    bool force = false;
    std::string admin_account;
    std::string region;
};

// The workflow is jump::import_deployment; here only the flags and the printing.
int import(const ImportOptions& o, Context& ctx) {
    if (!o.admin_account.empty() && !jump::is_account_id(o.admin_account)) {
        ctx.err << "error: --admin-account '" << o.admin_account << "' is not an AWS account id (12 digits)\n";
        return k_exit_usage;
    }
    // Refused before any target is opened (import_deployment checks it again).
    if (std::error_code ec; !o.force && fs::exists(o.output, ec)) {
        ctx.err << "error: " << o.output << " already exists; nothing was written (--force replaces it)\n";
        return k_exit_usage;
    }
    auto options = connection_options(o, nullptr);
    if (!options) {
        ctx.err << "error: " << options.error().message << "\n";
        return k_exit_usage;
    }
    options->region = o.region;
    auto connection = jump::Connection::open(*options);
    if (!connection) {
        ctx.err << "error: " << connection.error().str() << "\n";
        return !o.endpoint_url.empty() || o.aws ? k_exit_usage : 1;
    }
    jump::ImportRequest request;
    request.output = o.output;
    request.force = o.force;
    request.admin_account = o.admin_account;
    for (const auto& [account, profile] : options->profiles) request.profiles.emplace_back(account, profile);
    auto result = jump::import_deployment(**connection, request);
    if (!result) {
        ctx.err << "error: " << result.error().str() << "\n";
        return result.error().code == "OutputExists" || result.error().code == "AdminAccountRequired" ? k_exit_usage : 1;
    }
    ctx.err << jump::import_summary(*result);
    const bool here = o.output == jump::k_default_config_path;
    ctx.out << "next: jumpgate plan" << (here ? std::string() : " -f " + o.output)
            << ((*connection)->is_local() ? std::string()
                                          : o.aws ? std::string(" --aws") : " --endpoint-url " + o.endpoint_url)
            << "\n";
    return k_exit_ok;
}

}  // namespace

void add_jump_commands(CLI::App& app, Context& ctx) {
    auto init_opts = std::make_shared<InitOptions>();
    auto* init_cmd = app.add_subcommand("init", "write an example jumpgate.yaml (the article's scenario) into DIR");
    init_cmd->add_option("DIR", init_opts->dir, "folder to write jumpgate.yaml into (default: .)");
    init_cmd->callback([init_opts, &ctx] { ctx.exit_code = init(*init_opts, ctx); });

    auto render_opts = std::make_shared<RenderOptions>();
    auto* render_cmd = app.add_subcommand("render", "write the file's templates and their parameter files into DIR");
    render_cmd->add_option("-f,--file", render_opts->file, "the declarative file (default ./jumpgate.yaml)");
    render_cmd->add_option("-o,--output", render_opts->out, "output folder")->required();
    render_cmd->callback([render_opts, &ctx] { ctx.exit_code = render(*render_opts, ctx); });

    auto plan_opts = std::make_shared<PlanOptions>();
    auto* plan_cmd = app.add_subcommand("plan", "show what apply would change (reads only)");
    add_target_options(*plan_cmd, *plan_opts);
    plan_cmd->add_option("--format", plan_opts->format, "text (default) or json");
    plan_cmd->add_flag("--detailed-exitcode", plan_opts->detailed_exitcode,
                       "exit 0 when nothing would change, 2 when something would, 1 on any error (for CI)");
    plan_cmd->callback([plan_opts, &ctx] { ctx.exit_code = plan(*plan_opts, ctx); });

    auto apply_opts = std::make_shared<TargetOptions>();
    auto* apply_cmd = app.add_subcommand("apply", "perform the runbook so that the live state matches the file");
    add_target_options(*apply_cmd, *apply_opts);
    add_apply_options(*apply_cmd, *apply_opts);

    auto unlock_opts = std::make_shared<UnlockOptions>();
    auto* unlock_cmd = app.add_subcommand(
        "force-unlock", "remove the apply lock ID that an apply which died left behind (a remote target's lock "
                        "object; a local apply's lock goes with its process)");
    unlock_cmd->add_option("ID", unlock_opts->id, "the lock's id, as a waiting apply names it")->required();
    add_target_options(*unlock_cmd, *unlock_opts, false, false);
    unlock_cmd->add_option("--admin-account", unlock_opts->admin_account,
                           "the admin (jump) account whose template bucket holds a remote target's lock (default: "
                           "the file's)");
    unlock_cmd->callback([unlock_opts, &ctx] { ctx.exit_code = force_unlock(*unlock_opts, ctx); });
    apply_cmd->callback([apply_opts, &ctx] { ctx.exit_code = apply(*apply_opts, ctx); });

    auto import_opts = std::make_shared<ImportOptions>();
    auto* import_cmd = app.add_subcommand(
        "import", "read a live Jump-account deployment (stacks, StackSet, users) into a commented jumpgate.yaml");
    import_cmd->add_option("-o,--output", import_opts->output, "the file to write (default ./jumpgate.yaml)");
    import_cmd->add_flag("--force", import_opts->force, "replace an existing file (and its templates folder)");
    import_cmd->add_option("--admin-account", import_opts->admin_account,
                           "the admin (jump) account (default: the local cloud's only account holding "
                           "iam-global-groups; required for a remote target)");
    import_cmd->add_option("--region", import_opts->region,
                           "the deployment's region (default $AWS_REGION, $AWS_DEFAULT_REGION, else us-east-1)");
    import_cmd->add_option("--home", import_opts->home,
                           "jumpgate home of the local cloud (default $JUMPGATE_HOME, else ~/.jumpgate)");
    import_cmd->add_option("--endpoint-url", import_opts->endpoint_url,
                           "an AWS-compatible endpoint (e.g. jumpgate serve) instead of the local cloud");
    import_cmd->add_flag("--aws", import_opts->aws, "AWS's own endpoints instead of the local cloud");
    import_cmd->add_option("--profile-for", import_opts->profile_for,
                           "ACCOUNT=PROFILE: the AWS profile that administers ACCOUNT on a remote target (repeatable; "
                           "written to the file's profiles:, default root-ACCOUNT)");
    import_cmd->callback([import_opts, &ctx] { ctx.exit_code = import(*import_opts, ctx); });
}

}  // namespace jg::cli
