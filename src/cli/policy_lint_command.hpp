// `jumpgate policy lint FILE...`: registered under the `policy` command family.
#pragma once

#include "cli/cli.hpp"

namespace jg::cli {

// Adds the `lint` subcommand to `policy_app` (the `policy` family's CLI::App).
void add_policy_lint_command(CLI::App& policy_app, Context& ctx);

}  // namespace jg::cli
