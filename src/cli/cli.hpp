// The command line as a function, so that tests run it in-process.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace jg::cli {

// Exit codes shared by every command.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_findings = 1;  // the command ran and found something (lint, audit)
inline constexpr int k_exit_usage = 2;     // bad flags or malformed input

// What a command needs from the process: its streams and where to put its exit code.
struct Context {
    std::ostream& out;
    std::ostream& err;
    int exit_code = k_exit_ok;
};

// Runs `jumpgate ARGS...` (args excludes the program name); returns the exit code.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Each command family registers its subcommands here (one function per file).
void add_policy_commands(CLI::App& app, Context& ctx);
void add_template_commands(CLI::App& app, Context& ctx);
void add_cloud_commands(CLI::App& app, Context& ctx);
void add_user_commands(CLI::App& app, Context& ctx);
void add_serve_command(CLI::App& app, Context& ctx);
void add_jump_commands(CLI::App& app, Context& ctx);
void add_jump_edit_commands(CLI::App& app, Context& ctx);
void add_audit_commands(CLI::App& app, Context& ctx);
// Hidden: `__man FILE` and `__completion FILE`, written from the command tree.
void add_docs_commands(CLI::App& app, Context& ctx);

}  // namespace jg::cli
