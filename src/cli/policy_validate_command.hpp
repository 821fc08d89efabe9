// `jumpgate policy validate FILE...`: what IAM itself answers for a document (AWS's
// validator and size quotas), registered under the `policy` command family.
#pragma once

#include "cli/cli.hpp"

namespace jg::cli {

// Adds the `validate` subcommand to `policy_app` (the `policy` family's CLI::App).
void add_policy_validate_command(CLI::App& policy_app, Context& ctx);

}  // namespace jg::cli
