// templates/article is jumpgate's own text of the article's five templates (issue 14 item
// 1): it must behave exactly as the published ones in ../shared/seed/templates, flaws
// included. Two proofs, both against ../shared (skipped, visibly, when it is absent):
// - the CloudFormation engine's plan of each template, for the same parameters, is the
//   same: resources, types, conditions, properties (policy documents statement by
//   statement, key order included: IAM returns a document as it was sent), dependencies,
//   outputs and their exports, parameters and capabilities;
// - a deployment of each (apply on the local cloud: `templates: article` against
//   `templates: <the seed folder>`) gives the same audit, finding for finding.
// Also: nothing of the built-in sets is read from the source tree at run time.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "../cloud/fixture.hpp"
#include "cfn/plan.hpp"
#include "cfn/template.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"
#include "jump/api/local_api.hpp"
#include "jump/api/connection.hpp"
#include "jump/apply/runbook.hpp"
#include "jump/audit/collect.hpp"
#include "jump/audit/findings.hpp"
#include "jump/audit/report.hpp"
#include "jump/config/config.hpp"
#include "jump/render/embedded_templates.hpp"
#include "jump/render/templates.hpp"

namespace jg::jump {
namespace {

namespace fs = std::filesystem;

constexpr const char* k_admin = "111111111111";
constexpr const char* k_prod = "222222222222";
constexpr const char* k_staging = "333333333333";

const char* const k_files[] = {k_execution_role_template, k_admin_role_template, k_global_groups_template,
                               k_project_groups_template, k_roles_template};

// ../shared/seed/templates, or "" (and the test says so) when ../shared is absent.
std::string seed_dir() {
    fs::path dir = fs::path(JUMPGATE_SOURCE_DIR) / ".." / "shared" / "seed" / "templates";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        std::printf("SKIPPED: ../shared/seed/templates is absent (%s): the article templates cannot be compared "
                    "with the published ones\n",
                    dir.string().c_str());
        return {};
    }
    return fs::canonical(dir).string();
}

std::string embedded(std::string_view set, std::string_view file) {
    for (const auto& e : embedded_templates())
        if (e.set == set && e.file == file) return std::string(e.text);
    ADD_FAILURE() << set << "/" << file << " is not embedded";
    return {};
}

cfn::Template parse(const std::string& text, const std::string& name) {
    auto t = cfn::load_template(text, name);
    EXPECT_TRUE(t) << name << ": " << (t ? std::string() : t.error().front().str());
    return t ? std::move(*t) : cfn::Template{};
}

cfn::Plan plan(const cfn::Template& t, const std::map<std::string, std::string>& parameters) {
    cfn::PlanInput input;
    input.stack.account_id = k_admin;
    input.stack.region = "ap-northeast-1";
    input.stack.stack_name = "equivalence";
    input.parameters = parameters;
    input.exports = [](std::string_view name) -> std::optional<std::string> {
        if (name == "EnforceMFAPolicyArn") return std::string("arn:aws:iam::111111111111:policy/policy-enforce-mfa");
        return std::nullopt;
    };
    auto p = cfn::plan_template(t, input);
    EXPECT_TRUE(p) << (p ? std::string() : p.error().front().str());
    return p ? std::move(*p) : cfn::Plan{};
}

const cfn::PlannedResource* find_resource(const cfn::Plan& p, const std::string& id) {
    for (const auto& r : p.resources)
        if (r.logical_id == id) return &r;
    return nullptr;
}

// Every difference between the plans of `ours` and `theirs`, one message each.
void expect_same_plan(const std::string& file, const cfn::Template& ours_t, const cfn::Plan& ours,
                      const cfn::Template& theirs_t, const cfn::Plan& theirs) {
    SCOPED_TRACE(file);
    EXPECT_EQ(ours_t.description, theirs_t.description);
    // Parameters: names, types, defaults, allowed values, descriptions, console labels.
    ASSERT_EQ(ours_t.parameters.size(), theirs_t.parameters.size());
    for (const auto& tp : theirs_t.parameters) {
        auto it = std::find_if(ours_t.parameters.begin(), ours_t.parameters.end(),
                               [&](const auto& op) { return op.name == tp.name; });
        ASSERT_NE(it, ours_t.parameters.end()) << "parameter " << tp.name;
        EXPECT_EQ(it->type, tp.type) << tp.name;
        EXPECT_EQ(it->default_value, tp.default_value) << tp.name;
        EXPECT_EQ(it->allowed_values, tp.allowed_values) << tp.name;
        EXPECT_EQ(it->description, tp.description) << tp.name;
        EXPECT_EQ(it->label, tp.label) << tp.name;
        EXPECT_EQ(it->allowed_pattern, tp.allowed_pattern) << tp.name;
        EXPECT_EQ(it->constraint_description, tp.constraint_description) << tp.name;
    }
    ASSERT_EQ(ours_t.parameter_groups.size(), theirs_t.parameter_groups.size());
    for (size_t i = 0; i < theirs_t.parameter_groups.size(); ++i) {
        EXPECT_EQ(ours_t.parameter_groups[i].label, theirs_t.parameter_groups[i].label);
        EXPECT_EQ(ours_t.parameter_groups[i].parameters, theirs_t.parameter_groups[i].parameters);
    }
    // Resources, by logical id.
    ASSERT_EQ(ours.resources.size(), theirs.resources.size());
    EXPECT_EQ(ours.omitted, theirs.omitted);
    for (const auto& r : theirs.resources) {
        SCOPED_TRACE(r.logical_id);
        const cfn::PlannedResource* o = find_resource(ours, r.logical_id);
        ASSERT_NE(o, nullptr) << "resource missing";
        EXPECT_EQ(o->type, r.type);
        EXPECT_EQ(o->condition, r.condition);
        EXPECT_EQ(o->deletion_policy, r.deletion_policy);
        EXPECT_EQ(o->update_replace_policy, r.update_replace_policy);
        EXPECT_EQ(o->wave, r.wave);
        auto deps = [](std::vector<std::string> d) { return std::sort(d.begin(), d.end()), d; };
        EXPECT_EQ(deps(o->depends_on), deps(r.depends_on));
        // Properties one by one; a policy document statement by statement.
        ASSERT_EQ(o->properties.members.size(), r.properties.members.size()) << to_json(o->properties);
        for (const auto& [key, value] : r.properties.members) {
            const Node* mine = o->properties.find(key);
            ASSERT_NE(mine, nullptr) << "property " << key;
            const Node* statements = value.is_object() ? value.find("Statement") : nullptr;
            const Node* my_statements = mine->is_object() ? mine->find("Statement") : nullptr;
            if (statements && my_statements) {
                ASSERT_EQ(my_statements->items.size(), statements->items.size()) << key;
                for (size_t i = 0; i < statements->items.size(); ++i)
                    EXPECT_TRUE(my_statements->items[i].same(statements->items[i]))
                        << key << " statement " << i << ":\n  ours:   " << to_json(my_statements->items[i])
                        << "\n  theirs: " << to_json(statements->items[i]);
            }
            EXPECT_TRUE(mine->same(value)) << key << ":\n  ours:   " << to_json(*mine) << "\n  theirs: " << to_json(value);
        }
    }
    // Outputs, by name.
    ASSERT_EQ(ours.outputs.size(), theirs.outputs.size());
    for (const auto& out : theirs.outputs) {
        auto it = std::find_if(ours.outputs.begin(), ours.outputs.end(), [&](const auto& o) { return o.name == out.name; });
        ASSERT_NE(it, ours.outputs.end()) << "output " << out.name;
        EXPECT_TRUE(it->value.same(out.value)) << out.name << ": " << to_json(it->value) << " vs " << to_json(out.value);
        EXPECT_EQ(it->description, out.description) << out.name;
        EXPECT_EQ(it->export_name, out.export_name) << out.name;
    }
    EXPECT_EQ(ours.capabilities, theirs.capabilities);
}

TEST(ArticleTemplates, BothSetsAreBuiltInAndComplete) {
    for (const char* set : {"article", "hardened"})
        for (const char* file : k_files) {
            std::string text = embedded(set, file);
            EXPECT_FALSE(text.empty()) << set << "/" << file;
            parse(text, std::string(set) + "/" + file);
        }
}

TEST(ArticleTemplates, PlansAreTheSeedsForTheSameParameters) {
    std::string seed = seed_dir();
    if (seed.empty()) GTEST_SKIP() << "needs ../shared/seed/templates";
    // Every template with the parameters apply gives it; iam-groups.yaml with and without
    // a staging account (its condition both ways).
    std::vector<std::pair<std::string, std::map<std::string, std::string>>> cases{
        {k_execution_role_template, {{"AdminAccountId", k_admin}}},
        {k_admin_role_template, {}},
        {k_global_groups_template, {}},
        {k_project_groups_template,
         {{"ProdAccountId", k_prod}, {"StagingAccountId", k_staging}, {"HasStagingAccount", "true"},
          {"ProjectName", "project-a"}}},
        {k_project_groups_template, {{"ProdAccountId", k_prod}, {"HasStagingAccount", "false"}, {"ProjectName", "solo"}}},
        {k_roles_template, {{"AdminAccountId", k_admin}}},
    };
    for (const auto& [file, parameters] : cases) {
        std::string theirs_text;
        ASSERT_TRUE(read_file(seed + "/" + file, theirs_text)) << file;
        cfn::Template ours_t = parse(embedded("article", file), "templates/article/" + file);
        cfn::Template theirs_t = parse(theirs_text, seed + "/" + file);
        expect_same_plan(file, ours_t, plan(ours_t, parameters), theirs_t, plan(theirs_t, parameters));
    }
}

// One deployment of the article's scenario in a fresh local cloud, and its audit as JSON.
class Deployment : public cloud::testing::CloudTest {
public:
    using CloudTest::SetUp;
    using CloudTest::TearDown;
    void TestBody() override {}

    std::string deploy_and_audit(const std::string& templates) {
        std::string text = std::string("admin_account: \"") + k_admin + "\"\nregion: ap-northeast-1\ntemplates: " +
                           templates + "\nprojects:\n  project-a:\n    accounts: [\"" + k_prod + "\", \"" + k_staging +
                           "\"]\nusers:\n  yamada: {groups: [group-admin]}\n  tanaka: {groups: [group-developer]}\n"
                           "  suzuki: {groups: [group-operator-project-a]}\n  ci-bot:\n";
        auto config = parse_config(text, "jumpgate.yaml");
        EXPECT_TRUE(config) << config.error().str();
        if (!config) return {};
        auto local = Connection::over(cloud(), home(), config->region);
        std::ostringstream progress;
        auto applied = apply(*local, *config, RunbookOptions{home() + "/new-users"}, random, progress);
        EXPECT_TRUE(applied) << applied.error().str() << "\n" << progress.str();
        // The users' own steps: an MFA device and an access key each; ci-bot only a key.
        for (const char* user : {"yamada", "tanaka", "suzuki"}) {
            std::string secret;
            enable_mfa(k_admin, user, secret);
            user_key(k_admin, user);
        }
        user_key(k_admin, "ci-bot");
        std::vector<audit::AccountAccess> access;
        for (const auto& id : config->accounts()) {
            auto a = cloud::find_account(cloud(), id);
            EXPECT_TRUE(a && *a) << id;
            if (a && *a) access.push_back({id, {(*a)->root_access_key_id, (*a)->root_secret_access_key, {}}});
        }
        LocalApi api(cloud());
        auto state = audit::collect_state(api, access, config->region);
        EXPECT_TRUE(state) << state.error().str();
        if (!state) return {};
        audit::infer_admin_account(*state, config->admin_account);
        audit::Analysis analysis = audit::analyze(*state, {.intended = &*config});
        std::ostringstream out;
        audit::write_findings_json(out, analysis);
        return out.str();
    }
};

std::string audit_of(const std::string& templates) {
    Deployment d;
    d.SetUp();
    std::string json = d.deploy_and_audit(templates);
    d.TearDown();
    return json;
}

TEST(ArticleTemplates, DeploymentsAuditTheSameFindingForFinding) {
    std::string seed = seed_dir();
    if (seed.empty()) GTEST_SKIP() << "needs ../shared/seed/templates";
    auto ours = parse_json(audit_of("article"));
    auto theirs = parse_json(audit_of("'" + seed + "'"));
    ASSERT_TRUE(ours && theirs);
    const Node* our_findings = ours->find("findings");
    const Node* their_findings = theirs->find("findings");
    ASSERT_TRUE(our_findings && their_findings);
    // The article's flaws are there: the critical escalation and the MFA bypass.
    EXPECT_GE(their_findings->items.size(), 2u);
    ASSERT_EQ(our_findings->items.size(), their_findings->items.size());
    for (size_t i = 0; i < their_findings->items.size(); ++i)
        EXPECT_TRUE(our_findings->items[i].same(their_findings->items[i]))
            << "finding " << i << ":\n  article: " << to_json(our_findings->items[i])
            << "\n  seed:    " << to_json(their_findings->items[i]);
}

TEST(ArticleTemplates, SeedAndArticleNameTheSameBuiltInSet) {
    for (const char* name : {"seed", "article"}) {
        auto c = parse_config(std::string("admin_account: \"111111111111\"\nregion: us-east-1\ntemplates: ") + name + "\n",
                              "jumpgate.yaml");
        ASSERT_TRUE(c) << c.error().str();
        EXPECT_EQ(c->templates, TemplateSet::seed);
        EXPECT_TRUE(c->templates_dir.empty());
        auto bundle = load_templates(*c);
        ASSERT_TRUE(bundle) << bundle.error().str();
        EXPECT_EQ(bundle->dir, "templates/article");
        EXPECT_EQ(bundle->file(k_roles_template).body, embedded("article", k_roles_template));
    }
}

}  // namespace
}  // namespace jg::jump
