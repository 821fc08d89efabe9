#include "cli/policy_lint_command.hpp"


#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <ostream>

#include "cli/template_policies.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"
#include "policy/lint.hpp"

namespace jg::cli {
namespace {

struct LintArgs {
    std::vector<std::string> files;
    std::string use = "managed";
    std::string fail_on = "error";
    std::string format = "text";
};

// One finding as a line a compiler would print: FILE:LINE:COL: severity: message [code].
void print_text(std::ostream& out, const policy::Finding& f) {
    out << f.where.str() << ": " << policy::to_string(f.severity) << ": " << f.message << " [" << f.code << "]\n";
}

std::string finding_json(const std::string& file, const policy::Finding& f) {
    return fmt::format(R"({{"file":{},"line":{},"column":{},"severity":"{}","code":"{}","message":{}}})",
                       json_quote(file), f.where.line, f.where.col, policy::to_string(f.severity), f.code,
                       json_quote(f.message));
}

void run_lint(const LintArgs& args, Context& ctx) {
    // CLI11 has already checked the choices; parse them into the layer's types.
    auto use = policy::parse_policy_use(args.use);
    auto threshold = policy::parse_severity(args.fail_on);
    policy::LintOptions options{*use};

    bool unreadable = false, reached = false;
    std::vector<std::string> json_items;
    for (const std::string& file : args.files) {
        std::string text;
        if (std::filesystem::is_directory(file) || !read_file(file, text)) {
            ctx.err << file << ": error: cannot read the file\n";
            unreadable = true;
            continue;
        }
        auto document = parse_json(text, file);
        if (!document) {
            ctx.err << document.error().str() << "\n";
            unreadable = true;
            continue;
        }
        std::string dir = std::filesystem::path(file).parent_path().string();
        if (auto resolved = resolve_template_policy(*document, dir.empty() ? "." : dir); !resolved) {
            ctx.err << resolved.error().str() << "\n";
            unreadable = true;
            continue;
        }
        for (const policy::Finding& f : policy::lint_policy(*document, options)) {
            if (f.severity >= *threshold) reached = true;
            if (args.format == "json") json_items.push_back(finding_json(file, f));
            else print_text(ctx.out, f);
        }
    }
    if (args.format == "json") {
        ctx.out << "[";
        for (std::size_t i = 0; i < json_items.size(); ++i) ctx.out << (i ? ",\n " : "\n ") << json_items[i];
        ctx.out << (json_items.empty() ? "]\n" : "\n]\n");
    }
    ctx.exit_code = unreadable ? k_exit_usage : reached ? k_exit_findings : k_exit_ok;
}

}  // namespace

void add_policy_lint_command(CLI::App& policy_app, Context& ctx) {
    auto args = std::make_shared<LintArgs>();
    CLI::App* lint = policy_app.add_subcommand(
        "lint", "check policy documents: grammar, unknown actions, condition types, MFA pitfalls, size quotas");
    lint->add_option("files", args->files, "policy documents (JSON), or template policy references (see policy simulate)")->required();
    lint->add_option("--type", args->use, "how the policy is used; decides the size quota (default managed)")
        ->check(CLI::IsMember({"managed", "user", "group", "role", "trust"}));
    lint->add_option("--fail-on", args->fail_on, "exit 1 when a finding reaches this severity (default error)")
        ->check(CLI::IsMember({"error", "warning", "info"}));
    lint->add_option("--format", args->format, "output format (default text)")
        ->check(CLI::IsMember({"text", "json"}));
    lint->callback([args, &ctx] { run_lint(*args, ctx); });
}

}  // namespace jg::cli
