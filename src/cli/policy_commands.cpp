// `jumpgate policy ...`: the IAM policy engine on files.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include "cli/cli.hpp"
#include "cli/policy_lint_command.hpp"
#include "cli/policy_validate_command.hpp"
#include "cli/template_policies.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"
#include "policy/evaluator.hpp"
#include "policy/managed_policies.hpp"
#include "policy/simulation.hpp"


namespace jg::cli {
namespace {

struct SimulateOptions {
    std::string file;
    bool explain = false;
    bool json = false;
};

policy::ManagedPolicyLookup managed_lookup() {
    return [](std::string_view arn) { return policy::aws_managed_policy_document(arn); };
}

int simulate(const SimulateOptions& o, Context& ctx) {
    std::string text;
    if (!read_file(o.file, text)) {
        ctx.err << "error: cannot read " << o.file << "\n";
        return k_exit_usage;
    }
    auto root = parse_json(text, o.file);
    if (!root) {
        ctx.err << "error: " << root.error().str() << "\n";
        return k_exit_usage;
    }
    // Policies may be named as resources of CloudFormation templates (see template_policies.hpp).
    std::string dir = std::filesystem::path(o.file).parent_path().string();
    if (auto resolved = resolve_template_policies(*root, dir.empty() ? "." : dir); !resolved) {
        ctx.err << "error: " << resolved.error().str() << "\n";
        return k_exit_usage;
    }
    auto cases = policy::load_simulation(*root, managed_lookup());
    if (!cases) {
        ctx.err << "error: " << cases.error().str() << "\n";
        return k_exit_usage;
    }
    for (const auto& c : *cases) {
        auto result = policy::evaluate(*c.policies, c.request);
        const char* name = policy::decision_name(result.decision);
        if (o.json) {
            ctx.out << "{\"index\":" << c.index << ",\"result\":\"" << name << "\",\"explanation\":[";
            for (size_t i = 0; i < result.explanation.size(); ++i)
                ctx.out << (i ? "," : "") << json_quote(result.explanation[i]);
            ctx.out << "]}\n";
            continue;
        }
        ctx.out << name << "\n";
        if (o.explain)
            for (const auto& line : result.explanation) ctx.out << "  " << line << "\n";
    }
    return k_exit_ok;
}

}  // namespace

void add_policy_commands(CLI::App& app, Context& ctx) {
    auto* policy = app.add_subcommand("policy", "IAM policies: simulate requests against policies");
    policy->require_subcommand(1);

    auto opts = std::make_shared<SimulateOptions>();
    auto* sim = policy->add_subcommand(
        "simulate", "evaluate requests (iam-simulate's case format) and print Allowed, ExplicitlyDenied or ImplicitlyDenied");
    sim->add_option("FILE", opts->file, "a case object or an array of cases (JSON)")->required();
    sim->add_flag("--explain", opts->explain, "print the reasons under each result");
    sim->add_flag("--json", opts->json, "one JSON object per case: index, result, explanation");
    sim->callback([opts, &ctx] { ctx.exit_code = simulate(*opts, ctx); });

    add_policy_lint_command(*policy, ctx);
    add_policy_validate_command(*policy, ctx);
}

}  // namespace jg::cli
