#include "cli/cli.hpp"

#include <CLI/CLI.hpp>

#include <ostream>

namespace jg::cli {

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    Context ctx{out, err};
    CLI::App app{"jumpgate: the Jump-account pattern for AWS without Organizations", "jumpgate"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "jumpgate 0.1.0");

    // Command families, in the order of the layers they drive.
    add_policy_commands(app, ctx);
    add_template_commands(app, ctx);
    add_cloud_commands(app, ctx);
    add_user_commands(app, ctx);
    add_serve_command(app, ctx);
    add_jump_commands(app, ctx);
    add_jump_edit_commands(app, ctx);
    add_audit_commands(app, ctx);

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
