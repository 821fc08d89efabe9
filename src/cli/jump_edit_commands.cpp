// `jumpgate user add|remove`, `project add`, `account add`: each edits the declarative
// file (keeping its comments and order), checks the edited file as a whole, writes it,
// then applies it — the article's procedures 4 (onboarding), offboarding and 5 (adding an
// account) as one command each.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <ostream>

#include "cli/cli.hpp"
#include "cli/jump_target.hpp"
#include "core/atomic_file.hpp"
#include "core/strings.hpp"
#include "jump/apply/runbook.hpp"
#include "jump/config/config.hpp"
#include "jump/config/edit.hpp"

namespace jg::cli {
namespace {

struct EditOptions {
    TargetOptions target;
    std::string name;
    std::vector<std::string> groups;
    std::vector<std::string> accounts;
    std::string account;
};

// Replaces the file atomically (keeping its mode) so that a reader never sees half of it.
bool write_file_atomically(const std::string& path, const std::string& text, Context& ctx) {
    if (auto ok = replace_file(path, text, FileMode::keep_or_0644, "ConfigFileError"); !ok) {
        ctx.err << "error: " << ok.error().message << "\n";
        return false;
    }
    return true;
}

// Loads the file, edits its text, checks the result, writes it, applies it.
int edit_and_apply(const EditOptions& o, Context& ctx, const std::string& what,
                   const std::function<Result<std::string>(const std::string&)>& edit) {
    const std::string& path = o.target.file;
    if (!load_config_or_report(path, ctx)) return k_exit_usage;
    if (!consent_possible(o.target, ctx)) return 1;
    std::string text;
    if (!read_file(path, text)) {
        ctx.err << "error: " << path << ": cannot read the file\n";
        return k_exit_usage;
    }
    auto edited = edit(text);
    if (!edited) {
        ctx.err << "error: " << edited.error().message << "; nothing was changed\n";
        return k_exit_usage;
    }
    auto config = jump::parse_config(*edited, path);
    if (!config) {
        ctx.err << config.error().str() << "\n" << path << ": the edit would make the file invalid; nothing was changed\n";
        return k_exit_usage;
    }
    if (!write_file_atomically(path, *edited, ctx)) return 1;
    ctx.out << path << ": " << what << "\n";
    return with_connection(o.target, *config, ctx, [&](jump::Connection& c) {
        return consented_apply(o.target, *config, c, ctx,
                               path + " was edited; run `jumpgate apply -f " + path + "` to finish\n");
    });
}

void add_file_options(CLI::App& cmd, TargetOptions& o) {
    add_target_options(cmd, o);
    add_apply_options(cmd, o);
}

}  // namespace

void add_jump_edit_commands(CLI::App& app, Context& ctx) {
    auto* user = app.add_subcommand("user", "add or remove a user of the declarative file, then apply");
    user->require_subcommand(1);

    auto add_o = std::make_shared<EditOptions>();
    auto* add = user->add_subcommand("add", "add NAME with its groups, then apply (a login profile and a 0600 "
                                            "first-password file)");
    add->add_option("NAME", add_o->name, "IAM user name")->required();
    add->add_option("--group", add_o->groups, "group-<tier> or group-<tier>-<project> (repeatable)")->required();
    add_file_options(*add, add_o->target);
    add->callback([add_o, &ctx] {
        ctx.exit_code = edit_and_apply(*add_o, ctx, fmt::format("added user {}", add_o->name), [&](const std::string& t) {
            return jump::edit_add_user(t, add_o->name, add_o->groups);
        });
    });

    auto rm_o = std::make_shared<EditOptions>();
    auto* rm = user->add_subcommand("remove", "remove NAME from the file, then apply (full offboarding)");
    rm->add_option("NAME", rm_o->name, "IAM user name")->required();
    add_file_options(*rm, rm_o->target);
    rm->callback([rm_o, &ctx] {
        ctx.exit_code = edit_and_apply(*rm_o, ctx, fmt::format("removed user {}", rm_o->name),
                                       [&](const std::string& t) { return jump::edit_remove_user(t, rm_o->name); });
    });

    auto* project = app.add_subcommand("project", "add a project of the declarative file, then apply");
    project->require_subcommand(1);
    auto proj_o = std::make_shared<EditOptions>();
    auto* padd = project->add_subcommand("add", "add project NAME with its accounts, then apply");
    padd->add_option("NAME", proj_o->name, "project name")->required();
    padd->add_option("--account", proj_o->accounts, "12-digit account id (repeatable)")->required();
    add_file_options(*padd, proj_o->target);
    padd->callback([proj_o, &ctx] {
        ctx.exit_code = edit_and_apply(*proj_o, ctx, fmt::format("added project {}", proj_o->name),
                                       [&](const std::string& t) {
                                           return jump::edit_add_project(t, proj_o->name, proj_o->accounts);
                                       });
    });

    auto* account = app.add_subcommand("account", "add an account to a project of the declarative file, then apply");
    account->require_subcommand(1);
    auto acc_o = std::make_shared<EditOptions>();
    auto* aadd = account->add_subcommand("add", "add account ID to PROJECT, then apply (the article's section 5)");
    aadd->add_option("PROJECT", acc_o->name, "project name")->required();
    aadd->add_option("ID", acc_o->account, "12-digit account id")->required();
    add_file_options(*aadd, acc_o->target);
    aadd->callback([acc_o, &ctx] {
        ctx.exit_code = edit_and_apply(*acc_o, ctx, fmt::format("added account {} to project {}", acc_o->account, acc_o->name),
                                       [&](const std::string& t) {
                                           return jump::edit_add_account(t, acc_o->name, acc_o->account);
                                       });
    });
}

}  // namespace jg::cli
