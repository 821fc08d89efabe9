// `jumpgate template validate|plan`: read a CloudFormation template, call cfn/, print.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <map>
#include <memory>
#include <ostream>

#include "cfn/capabilities.hpp"
#include "cfn/check.hpp"
#include "cfn/plan.hpp"
#include "cfn/registry.hpp"
#include "cfn/template.hpp"
#include "cli/cli.hpp"
#include "core/strings.hpp"

namespace jg::cli {
namespace {

struct TemplateOptions {
    std::string file;
    std::vector<std::string> parameters;
    std::vector<std::string> exports;
    std::string account = "123456789012";
    std::string region = "us-east-1";
    std::string stack_name = "jumpgate-stack";
    std::string format = "text";
};

void print_errors(Context& ctx, const cfn::Errors& errors) {
    for (const auto& e : errors) ctx.err << e.str() << "\n";
    ctx.exit_code = k_exit_findings;
}

std::optional<cfn::Template> load(Context& ctx, const std::string& file) {
    std::string text;
    if (!read_file(file, text)) {
        ctx.err << file << ": cannot read the file\n";
        ctx.exit_code = k_exit_usage;
        return std::nullopt;
    }
    auto t = cfn::load_template(text, file);
    if (!t) {
        print_errors(ctx, t.error());
        return std::nullopt;
    }
    return std::move(*t);
}

// KEY=VALUE pairs; false (and a message) when one has no '='.
bool key_values(Context& ctx, const std::vector<std::string>& pairs, const char* flag,
                std::map<std::string, std::string>& out) {
    for (const auto& p : pairs) {
        size_t eq = p.find('=');
        if (eq == std::string::npos || eq == 0) {
            ctx.err << fmt::format("{} '{}': expected KEY=VALUE\n", flag, p);
            ctx.exit_code = k_exit_usage;
            return false;
        }
        out[p.substr(0, eq)] = p.substr(eq + 1);
    }
    return true;
}

void validate(Context& ctx, const TemplateOptions& o) {
    auto t = load(ctx, o.file);
    if (!t) return;
    if (cfn::Errors errors = cfn::check_template(*t); !errors.empty()) return print_errors(ctx, errors);
    std::ostream& out = ctx.out;
    out << "Template is valid.\n";
    if (!t->description.empty()) out << "Description: " << t->description << "\n";
    out << fmt::format("Parameters ({}):\n", t->parameters.size());
    for (const auto& p : t->parameters) {
        out << "  " << p.name;
        if (!p.label.empty()) out << " \"" << p.label << "\"";
        out << " (" << p.type;
        if (p.default_value) out << ", default '" << *p.default_value << "'";
        else out << ", required";
        if (!p.allowed_values.empty()) out << ", allowed: " << join(p.allowed_values, "|");
        if (p.no_echo) out << ", NoEcho";
        out << ")";
        if (!p.description.empty()) out << ": " << p.description;
        out << "\n";
    }
    for (const auto& g : t->parameter_groups)
        out << "Parameter group \"" << g.label << "\": " << join(g.parameters, ", ") << "\n";
    std::map<std::string, int> types;
    std::vector<const cfn::Resource*> all;
    for (const auto& r : t->resources) {
        ++types[r.type];
        all.push_back(&r);
    }
    out << fmt::format("Resources ({}):\n", t->resources.size());
    for (const auto& [type, n] : types) out << fmt::format("  {} x{}\n", type, n);
    if (!t->conditions.empty()) {
        std::vector<std::string> names;
        for (const auto& c : t->conditions) names.push_back(c.first);
        out << "Conditions: " << join(names, ", ") << "\n";
    }
    if (!t->outputs.empty()) {
        out << fmt::format("Outputs ({}):\n", t->outputs.size());
        for (const auto& o2 : t->outputs) {
            out << "  " << o2.name;
            if (!o2.description.empty()) out << ": " << o2.description;
            if (o2.export_name) out << " (exported)";
            out << "\n";
        }
    }
    auto caps = cfn::required_capabilities(all);
    out << "Capabilities: " << (caps.empty() ? std::string("none") : join(caps, ", ")) << "\n";
}

void plan(Context& ctx, const TemplateOptions& o) {
    if (o.format != "text" && o.format != "json") {
        ctx.err << "--format must be text or json\n";
        ctx.exit_code = k_exit_usage;
        return;
    }
    cfn::PlanInput input;
    if (!key_values(ctx, o.parameters, "--parameter", input.parameters)) return;
    std::map<std::string, std::string> exports;
    if (!key_values(ctx, o.exports, "--export", exports)) return;
    auto t = load(ctx, o.file);
    if (!t) return;
    input.stack.account_id = o.account;
    input.stack.region = o.region;
    input.stack.stack_name = o.stack_name;
    // Imports named with --export resolve; the others stay symbolic in the plan.
    input.exports = [exports](std::string_view name) -> std::optional<std::string> {
        auto it = exports.find(std::string(name));
        if (it == exports.end()) return std::nullopt;
        return it->second;
    };
    auto p = cfn::plan_template(*t, input);
    if (!p) return print_errors(ctx, p.error());
    ctx.out << (o.format == "json" ? cfn::plan_json(*p, *t) : cfn::plan_text(*p, *t));
}

}  // namespace

void add_template_commands(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<TemplateOptions>();
    CLI::App* group = app.add_subcommand("template", "CloudFormation templates: validate, plan");
    group->require_subcommand(1);

    CLI::App* v = group->add_subcommand("validate", "check a template as CloudFormation's ValidateTemplate does");
    v->add_option("FILE", opts->file, "template (YAML or JSON)")->required();
    v->callback([&ctx, opts] { validate(ctx, *opts); });

    CLI::App* p = group->add_subcommand("plan", "resolve a template for given parameters and print the creation order");
    p->add_option("FILE", opts->file, "template (YAML or JSON)")->required();
    p->add_option("--parameter", opts->parameters, "KEY=VALUE (repeatable)");
    p->add_option("--export", opts->exports, "NAME=VALUE an export for Fn::ImportValue (repeatable)");
    p->add_option("--account", opts->account, "account id for AWS::AccountId");
    p->add_option("--region", opts->region, "region for AWS::Region");
    p->add_option("--stack-name", opts->stack_name, "stack name for AWS::StackName");
    p->add_option("--format", opts->format, "text or json");
    p->callback([&ctx, opts] { plan(ctx, *opts); });
}

}  // namespace jg::cli
