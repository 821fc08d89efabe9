#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "cli/version.hpp"
#include "wire/service_model.hpp"

namespace jg::cli {

std::string version_text(bool verbose) {
    std::string text = fmt::format("jumpgate {} (commit {})\n", version(), commit());
    if (!verbose) return text;
    text += fmt::format("service models: npm aws-sdk {} over botocore {} (Debian awscli), built in:\n",
                        wire::embedded_models_aws_sdk_version(), wire::embedded_models_botocore_version());
    for (const auto& m : wire::embedded_service_models())
        text += fmt::format("  {} {}: {} operations, {} bytes, sha256 {}\n    from aws-sdk sha256 {}\n"
                            "    and botocore sha256 {}\n",
                            m.service, m.api_version, m.operations, m.json_size, m.sha256, m.aws_sdk_sha256,
                            m.botocore_sha256);
    return text;
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    Context ctx{out, err};
    CLI::App app{"jumpgate: the Jump-account pattern for AWS without Organizations", "jumpgate"};
    app.require_subcommand(1);
    // `--version [--verbose]` is answered before parsing (CLI11's flag takes no companion);
    // the flag is still declared so that --help and the man page show it.
    app.set_version_flag("--version", version_text(false));
    if (!args.empty() && args[0] == "--version") {
        bool verbose = std::find(args.begin(), args.end(), "--verbose") != args.end();
        out << version_text(verbose);
        return k_exit_ok;
    }

    // Command families, in the order of the layers they drive.
    add_policy_commands(app, ctx);
    add_template_commands(app, ctx);
    add_cloud_commands(app, ctx);
    add_user_commands(app, ctx);
    add_serve_command(app, ctx);
    add_jump_commands(app, ctx);
    add_jump_edit_commands(app, ctx);
    add_audit_commands(app, ctx);
    add_docs_commands(app, ctx);  // last: it describes every command above

    // CLI11 reports an unknown first word as a missing subcommand; say what is wrong.
    if (!args.empty() && !args[0].empty() && args[0][0] != '-') {
        bool known = false;
        for (const CLI::App* sub : app.get_subcommands({}))
            known = known || sub->check_name(args[0]);
        if (!known) {
            err << "unknown command '" << args[0] << "'\nRun with --help for more information.\n";
            return k_exit_usage;
        }
    }
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e, out, err);
        return code == 0 ? k_exit_ok : k_exit_usage;
    }
    return ctx.exit_code;
}

}  // namespace jg::cli
