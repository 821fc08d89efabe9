#include "cli/policy_validate_command.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <ostream>

#include "core/json.hpp"
#include "core/strings.hpp"
#include "policy/iam_validation.hpp"
#include "policy/parser.hpp"

namespace jg::cli {
namespace {

struct ValidateArgs {
    std::vector<std::string> files;
    std::string use = "managed";
    std::string entity = "NAME";
};

// One line per file: "FILE: ok (N characters)" or "FILE: CODE: AWS's message".
void run_validate(const ValidateArgs& args, Context& ctx) {
    auto use = policy::parse_policy_use(args.use);
    bool unreadable = false, refused = false;
    for (const std::string& file : args.files) {
        std::string text;
        if (std::filesystem::is_directory(file) || !read_file(file, text)) {
            ctx.err << file << ": error: cannot read the file\n";
            unreadable = true;
            continue;
        }
        if (auto ok = policy::validate_iam_policy(text, *use); !ok) {
            ctx.out << file << ": " << ok.error().code << ": " << ok.error().message << "\n";
            refused = true;
            continue;
        }
        std::size_t size = policy::policy_size(*parse_json(text));
        if (auto e = policy::quota_error(*use, size, args.entity)) {
            ctx.out << file << ": " << e->code << ": " << e->message << "\n";
            refused = true;
            continue;
        }
        ctx.out << file << ": ok (" << size << " characters)\n";
    }
    ctx.exit_code = unreadable ? k_exit_usage : refused ? k_exit_findings : k_exit_ok;
}

}  // namespace

void add_policy_validate_command(CLI::App& policy_app, Context& ctx) {
    auto args = std::make_shared<ValidateArgs>();
    CLI::App* validate = policy_app.add_subcommand(
        "validate", "answer as IAM would when the document is stored: AWS's validation rules, messages and size quotas");
    validate->add_option("files", args->files, "policy documents (JSON)")->required();
    validate->add_option("--type", args->use,
                         "how the policy is used: managed, inline user/group/role policy, or a role trust policy "
                         "(default managed)")
        ->check(CLI::IsMember({"managed", "user", "group", "role", "trust"}));
    validate->add_option("--entity", args->entity, "the user, group or role named in an inline size message");
    validate->callback([args, &ctx] { run_validate(*args, ctx); });
}

}  // namespace jg::cli
