#include "jump/import/import.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "core/atomic_file.hpp"
#include "core/strings.hpp"
#include "jump/apply/runbook.hpp"
#include "jump/config/config.hpp"
#include "jump/import/read_deployment.hpp"
#include "jump/render/templates.hpp"

namespace jg::jump {

namespace fs = std::filesystem;

namespace {

// Written beside, then renamed over (core's replace_file): a reader never sees half a file.
Result<void> write_whole(const fs::path& path, const std::string& text) {
    return replace_file(path.string(), text, FileMode::keep_or_0644, "WriteError");
}

// `jumpgate.yaml` -> `jumpgate-templates`: the custom folder beside the file.
std::string templates_folder_name(const fs::path& output) { return output.stem().string() + "-templates"; }

}  // namespace

Result<ImportResult> import_deployment(Connection& target, const ImportRequest& request) {
    const fs::path output(request.output);
    const fs::path folder = output.parent_path() / templates_folder_name(output);
    std::error_code ec;
    if (!request.force && fs::exists(output, ec))
        return fail("OutputExists",
                    fmt::format("{} already exists; nothing was written (--force replaces it)", output.string()));

    ReadOptions options{request.admin_account, templates_folder_name(output), request.profiles};
    auto live = read_deployment(target, options);
    if (!live) return Unexpected(live.error());

    ImportResult result;
    result.path = output.string();
    result.imported = std::move(live->imported);
    if (result.imported.custom_templates) {
        if (!request.force && fs::exists(folder, ec))
            return fail("OutputExists", fmt::format("{} (for the deployed templates) already exists; nothing was "
                                                    "written (--force replaces its files)",
                                                    folder.string()));
        fs::create_directories(folder, ec);
        if (ec) return fail("WriteError", fmt::format("{}: {}", folder.string(), ec.message()));
        for (const auto& [file, body] : live->custom_bodies)
            if (auto ok = write_whole(folder / file, body); !ok) return Unexpected(ok.error());
        result.templates_dir = folder.string();
    }
    if (!output.parent_path().empty()) fs::create_directories(output.parent_path(), ec);
    if (auto ok = write_whole(output, import_file_text(result.imported)); !ok) return Unexpected(ok.error());

    // The file as any command reads it, then its plan on the same target.
    auto config = load_config(output.string());
    if (!config)
        return fail("ImportCheckFailed",
                    fmt::format("{} was written but does not read back:\n{}", output.string(), config.error().str()));
    auto changes = plan(target, *config, RunbookOptions{});
    if (!changes)
        return fail("ImportCheckFailed", fmt::format("{} was written, but planning it failed: {}", output.string(),
                                                     changes.error().str()));
    for (Change& c : *changes) (c.adoption ? result.adoptions : result.drift).push_back(std::move(c));
    return result;
}

std::string import_summary(const ImportResult& r) {
    const Imported& m = r.imported;
    size_t accounts = 0, memberships = 0;
    for (const auto& p : m.projects) accounts += p.accounts.size();
    for (const auto& u : m.users) memberships += u.groups.size();
    std::string out = fmt::format("imported from {}: admin account {}, region {}\n", m.source, m.admin_account,
                                  m.region);
    out += fmt::format("  templates: {}\n", m.custom_templates
                                                ? fmt::format("custom, written to {}", r.templates_dir)
                                                : m.templates);
    for (const auto& v : m.template_verdicts)
        if (m.custom_templates) out += fmt::format("    {:<30} {}\n", v.file, v.verdict);
    out += fmt::format("  {} project(s) ({} account(s)), {} user(s) ({} membership(s))\n", m.projects.size(),
                       accounts, m.users.size(), memberships);
    if (!m.skipped_users.empty()) {
        out += fmt::format("  left out, not jumpgate-shaped ({} user(s); kept as comments in the file):\n",
                           m.skipped_users.size());
        for (const auto& s : m.skipped_users)
            out += fmt::format("    {}: {}{}\n", s.name, join(s.why, "; "),
                               s.managed ? " — WARNING: tagged ManagedBy=jumpgate, plan would offboard it" : "");
    }
    for (const auto& n : m.notes) out += "  note: " + n + "\n";
    if (r.adoptions.empty()) out += "  plan adopts nothing\n";
    else {
        out += fmt::format("  plan adopts {} thing(s) (nothing created or removed):\n", r.adoptions.size());
        for (const Change& c : r.adoptions) out += fmt::format("    {} {} ({})\n", c.kind, c.name, c.detail);
    }
    if (r.drift.empty()) out += "  plan: no other change\n";
    else {
        out += fmt::format("  warning: plan on the imported file still makes {} change(s) the file cannot express:\n",
                           r.drift.size());
        for (const Change& c : r.drift)
            out += fmt::format("    {} {} {} {}{}\n", action_name(c.action), c.account, c.kind, c.name,
                               c.detail.empty() ? "" : " (" + c.detail + ")");
    }
    out += fmt::format("wrote {}\n", r.path);
    return out;
}

}  // namespace jg::jump
