#include "jump/render/templates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cfn/template.hpp"
#include "core/json.hpp"
#include "core/node.hpp"
#include "core/strings.hpp"

#ifndef JUMPGATE_SOURCE_DIR
#define JUMPGATE_SOURCE_DIR "."
#endif

namespace jg::jump {

namespace fs = std::filesystem;

namespace {

const char* const k_files[] = {k_execution_role_template, k_admin_role_template, k_global_groups_template,
                               k_project_groups_template, k_roles_template};

std::string env_or(const char* name, std::string fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

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

std::string template_dir(const Config& config) {
    if (config.templates == TemplateSet::hardened)
        return env_or("JUMPGATE_HARDENED_DIR", std::string(JUMPGATE_SOURCE_DIR) + "/templates/hardened");
    if (!config.seed_templates.empty()) {
        fs::path p(config.seed_templates);
        return p.is_absolute() ? p.string() : (fs::path(config_dir(config)) / p).string();
    }
    return env_or("JUMPGATE_SEED_DIR", std::string(JUMPGATE_SOURCE_DIR) + "/../shared/seed/templates");
}

Result<TemplateBundle> load_templates(const Config& config) {
    TemplateBundle bundle;
    bundle.set = config.templates;
    bundle.dir = template_dir(config);
    if (!fs::is_directory(bundle.dir))
        return fail("TemplatesNotFound",
                    config.templates == TemplateSet::seed
                        ? fmt::format("the article's templates are not at {} (set seed_templates: in the file or "
                                      "$JUMPGATE_SEED_DIR to the seed's templates folder)",
                                      bundle.dir)
                        : fmt::format("jumpgate's hardened templates are not at {} (set $JUMPGATE_HARDENED_DIR "
                                      "to the repository's templates/hardened folder)",
                                      bundle.dir));
    for (const char* name : k_files) {
        TemplateFile f;
        f.name = name;
        std::string path = (fs::path(bundle.dir) / name).string();
        if (!read_file(path, f.body)) return fail("TemplatesNotFound", fmt::format("{}: cannot read the template", path));
        auto t = cfn::load_template(f.body, path);
        if (!t) return Unexpected(t.error().front());
        for (const auto& p : t->parameters) f.declared.push_back(p.name);
        bundle.files.emplace(name, std::move(f));
    }
    return bundle;
}

Parameters template_parameters(const TemplateBundle& bundle, const Config& config, const std::string& template_name,
                               const Project* project) {
    Parameters candidates{{"AdminAccountId", config.admin_account}};
    if (config.mfa_max_age) candidates.emplace_back("MfaMaxAge", std::to_string(*config.mfa_max_age));
    if (project) {
        // The seed's iam-groups.yaml: a prod account and an optional staging account.
        const auto& a = project->accounts;
        candidates.emplace_back("ProdAccountId", a.empty() ? "" : a[0]);
        candidates.emplace_back("StagingAccountId", a.size() > 1 ? a[1] : "");
        candidates.emplace_back("HasStagingAccount", a.size() > 1 ? "true" : "false");
        candidates.emplace_back("ProjectName", project->name);
        // The hardened one: every account of the project.
        candidates.emplace_back("AccountIds", join(a, ","));
    }
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
