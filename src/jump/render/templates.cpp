#include "jump/render/templates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "cfn/check.hpp"
#include "cfn/template.hpp"
#include "core/json.hpp"
#include "core/node.hpp"
#include "core/strings.hpp"
#include "jump/render/embedded_templates.hpp"

namespace jg::jump {

namespace fs = std::filesystem;

namespace {

const char* const k_files[] = {k_execution_role_template, k_admin_role_template, k_global_groups_template,
                               k_project_groups_template, k_roles_template};

Node parameters_json(const Parameters& params) {
    Node list = Node::make_array();
    for (const auto& [k, v] : params) {
        Node p = Node::make_object();
        p.add("ParameterKey", Node::make_string(k));
        p.add("ParameterValue", Node::make_string(v));
        list.push(std::move(p));
    }
    return list;
}

Result<void> write_text(const fs::path& path, const std::string& text) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return fail("RenderError", fmt::format("{}: cannot write the file", path.string()));
    return {};
}

}  // namespace

namespace {

// What jumpgate may pass to a template (see the header): the project's values only to
// iam-groups.yaml, MfaMaxAge only when the file sets it.
Parameters candidate_parameters(const Config& config, const Project* project) {
    Parameters candidates{{"AdminAccountId", config.admin_account}};
    if (config.mfa_max_age) candidates.emplace_back("MfaMaxAge", std::to_string(*config.mfa_max_age));
    if (project) {
        // The article's iam-groups.yaml: a prod account and an optional staging account.
        const auto& a = project->accounts;
        candidates.emplace_back("ProdAccountId", a.empty() ? "" : a[0]);
        candidates.emplace_back("StagingAccountId", a.size() > 1 ? a[1] : "");
        candidates.emplace_back("HasStagingAccount", a.size() > 1 ? "true" : "false");
        candidates.emplace_back("ProjectName", project->name);
        // The hardened one: every account of the project.
        candidates.emplace_back("AccountIds", join(a, ","));
    }
    return candidates;
}

// One template's problems, each "FILE:LINE:COL: message": it parses, the CloudFormation
// engine's checks pass, and every parameter without a Default is one jumpgate passes.
void check_template_file(const Config& config, const std::string& path, TemplateFile& f,
                         std::vector<std::string>& problems) {
    auto t = cfn::load_template(f.body, path);
    if (!t) {
        for (const auto& e : t.error()) problems.push_back(e.str());
        return;
    }
    for (const auto& e : cfn::check_template(*t)) problems.push_back(e.str());
    Project any_project{"project", {config.admin_account}, {}};
    Parameters passed = candidate_parameters(config, f.name == k_project_groups_template ? &any_project : nullptr);
    std::vector<std::string> passed_names;
    for (const auto& [name, value] : passed) passed_names.push_back(name);
    for (const auto& p : t->parameters) {
        f.declared.push_back(p.name);
        bool passes = std::find(passed_names.begin(), passed_names.end(), p.name) != passed_names.end();
        if (!passes && !p.default_value)
            problems.push_back(Error{"InvalidTemplates",
                                     fmt::format("parameter '{}' has no Default and jumpgate does not pass it to {} "
                                                 "(it passes {})",
                                                 p.name, f.name, join(passed_names, ", ")),
                                     p.loc}
                                   .str());
    }
}

}  // namespace

Result<TemplateBundle> load_templates(const Config& config) {
    TemplateBundle bundle;
    bundle.set = config.templates;
    const bool builtin = config.templates_dir.empty();
    bundle.dir = builtin ? "templates/" + std::string(builtin_templates_folder(config.templates)) : config.templates_dir;
    std::vector<std::string> problems;
    for (const char* name : k_files) {
        TemplateFile f;
        f.name = name;
        std::string path = (fs::path(bundle.dir) / name).string();
        if (builtin) {
            for (const EmbeddedTemplate& e : embedded_templates())
                if (e.set == builtin_templates_folder(config.templates) && e.file == name) f.body = e.text;
            if (f.body.empty()) return fail("InvalidTemplates", fmt::format("{}: not built into this jumpgate", path));
        } else if (std::error_code ec; !fs::is_regular_file(path, ec)) {
            problems.push_back(fmt::format("{}: missing (a templates folder holds the five files {}, {}, {}, {} and {})",
                                           path, k_files[0], k_files[1], k_files[2], k_files[3], k_files[4]));
            continue;
        } else if (!read_file(path, f.body)) {
            problems.push_back(fmt::format("{}: cannot read the file", path));
            continue;
        }
        check_template_file(config, path, f, problems);
        bundle.files.emplace(name, std::move(f));
    }
    if (!problems.empty()) return fail("InvalidTemplates", join(problems, "\n"));
    return bundle;
}

Parameters template_parameters(const TemplateBundle& bundle, const Config& config, const std::string& template_name,
                               const Project* project) {
    Parameters candidates = candidate_parameters(config, project);
    const TemplateFile& f = bundle.file(template_name);
    Parameters out;
    // In the template's own order, so that rendered files read like the template.
    for (const std::string& name : f.declared)
        for (const auto& c : candidates)
            if (c.first == name) out.push_back(c);
    return out;
}

std::vector<std::string> role_instance_accounts(const Config& config) {
    std::vector<std::string> all = config.accounts();
    if (config.templates == TemplateSet::seed) return all;
    std::vector<std::string> out;
    for (const auto& p : config.projects)
        for (const auto& a : p.accounts)
            if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    return out;
}

Result<std::vector<std::string>> render(const Config& config, const std::string& out_dir) {
    auto bundle = load_templates(config);
    if (!bundle) return Unexpected(bundle.error());
    std::vector<std::string> written;
    auto put = [&](const fs::path& path, const std::string& text) -> Result<void> {
        if (auto ok = write_text(path, text); !ok) return ok;
        written.push_back(path.string());
        return {};
    };
    fs::path out(out_dir);
    for (const auto& [name, f] : bundle->files)
        if (auto ok = put(out / "templates" / name, f.body); !ok) return Unexpected(ok.error());
    auto params = [&](const std::string& name, const Project* p = nullptr) {
        return to_json(parameters_json(template_parameters(*bundle, config, name, p)), 2) + "\n";
    };
    for (const std::string& account : config.accounts())
        if (auto ok = put(out / "parameters" / "accounts" / account / "stackset-execution-role.json",
                          params(k_execution_role_template));
            !ok)
            return Unexpected(ok.error());
    if (auto ok = put(out / "parameters" / "iam-global-groups.json", params(k_global_groups_template)); !ok)
        return Unexpected(ok.error());
    for (const Project& p : config.projects)
        if (auto ok = put(out / "parameters" / "projects" / p.name / "iam-groups.json", params(k_project_groups_template, &p));
            !ok)
            return Unexpected(ok.error());
    if (auto ok = put(out / "parameters" / "iam-roles.json", params(k_roles_template)); !ok)
        return Unexpected(ok.error());
    Node accounts = Node::make_array();
    for (const auto& a : role_instance_accounts(config)) accounts.push(Node::make_string(a));
    if (auto ok = put(out / "parameters" / "iam-roles-accounts.json", to_json(accounts, 2) + "\n"); !ok)
        return Unexpected(ok.error());
    return written;
}

}  // namespace jg::jump
