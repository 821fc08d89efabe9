// The file `jumpgate import` writes (jump/import/import_file.*): golden text for a
// deployment with everything the writer can say (custom templates, both project layouts,
// adopted and tagged users, names YAML would misread, users left out with their reasons,
// profiles, adoptions, notes), and a round trip through parse_config — what the file
// declares is what was imported, names YAML would read as booleans or numbers included.
#include <gtest/gtest.h>

#include <string>

#include "core/strings.hpp"
#include "jump/config/config.hpp"
#include "jump/import/import_file.hpp"

namespace jg::jump {
namespace {

Imported seed_deployment() {
    Imported m;
    m.source = "http://127.0.0.1:4599";
    m.admin_account = "111111111111";
    m.region = "ap-northeast-1";
    m.templates = "seed";
    for (const char* f : {"stackset-execution-role.yaml", "stackset-admin-role.yaml", "iam-global-groups.yaml",
                          "iam-groups.yaml", "iam-roles.yaml"})
        m.template_verdicts.push_back(TemplateVerdict{f, "stack x", "= seed"});
    m.projects.push_back(ImportedProject{"project-a", {"222222222222", "333333333333"}, "iam-groups-project-a",
                                         "prod, staging"});
    m.projects.push_back(ImportedProject{"yes", {"444444444444"}, "iam-groups-yes", "prod"});
    m.users.push_back(ImportedUser{"yamada.taro", {"group-admin"}, true});
    m.users.push_back(ImportedUser{"true", {"group-operator-project-a", "group-developer-yes"}, false});
    m.users.push_back(ImportedUser{"+ops@example.com", {}, true});
    m.users.push_back(ImportedUser{"123", {"group-operator"}, false});
    m.profiles.emplace_back("222222222222", "prod-admin");
    return m;
}

Imported custom_deployment() {
    Imported m = seed_deployment();
    m.templates = "jumpgate-templates";
    m.custom_templates = true;
    m.template_verdicts[0].verdict = "differs from seed and hardened";
    m.template_verdicts[4] = TemplateVerdict{"iam-roles.yaml", "", "not deployed"};
    m.mfa_max_age = 1800;
    m.projects[1].layout.clear();
    m.skipped_users.push_back(SkippedUser{"ci-deployer", {"no console password (login profile)"}, false});
    m.skipped_users.push_back(
        SkippedUser{"sato.jiro", {"in group oncall, which the file cannot declare", "1 policy of its own"}, true});
    m.adoptions.push_back("tag ManagedBy=jumpgate on 2 user(s) jumpgate did not create: true, 123");
    m.adoptions.push_back("the account password policy: none is set; jumpgate sets its own");
    m.notes.push_back("StackSet iam-roles has an instance in account 555555555555, which no project names");
    return m;
}

TEST(ImportFileTest, GoldenText) {
    const std::string path = std::string(JUMPGATE_SOURCE_DIR) + "/tests/data/import/custom.yaml";
    std::string expected;
    ASSERT_TRUE(read_file(path, expected)) << path;
    EXPECT_EQ(import_file_text(custom_deployment()), expected)
        << "the writer's output differs from " << path << "; the output was:\n"
        << import_file_text(custom_deployment());
}

TEST(ImportFileTest, TheFileDeclaresWhatWasImported) {
    const Imported m = seed_deployment();
    const std::string text = import_file_text(m);
    auto c = parse_config(text, "jumpgate.yaml");
    ASSERT_TRUE(c) << c.error().str() << "\n" << text;
    EXPECT_EQ(c->admin_account, m.admin_account);
    EXPECT_EQ(c->region, m.region);
    EXPECT_EQ(c->templates, TemplateSet::seed);
    EXPECT_TRUE(c->templates_dir.empty());
    ASSERT_EQ(c->projects.size(), m.projects.size());
    for (size_t i = 0; i < m.projects.size(); ++i) {
        EXPECT_EQ(c->projects[i].name, m.projects[i].name);
        EXPECT_EQ(c->projects[i].accounts, m.projects[i].accounts);
    }
    ASSERT_EQ(c->users.size(), m.users.size());
    for (size_t i = 0; i < m.users.size(); ++i) {
        EXPECT_EQ(c->users[i].name, m.users[i].name);  // "true", "123", "+ops@…" stay strings
        EXPECT_EQ(c->users[i].groups, m.users[i].groups);
    }
    ASSERT_EQ(c->profiles.size(), 1u);
    EXPECT_EQ(c->profiles[0].account, "222222222222");
    EXPECT_EQ(c->profiles[0].profile, "prod-admin");
    EXPECT_EQ(c->tiers.size(), default_tiers().size());
}

TEST(ImportFileTest, HardenedKeepsTheMfaAgeAndAProjectOfManyAccounts) {
    Imported m = seed_deployment();
    m.templates = "hardened";
    m.mfa_max_age = 900;
    m.projects[0].accounts.push_back("555555555555");
    m.projects[0].layout.clear();
    auto c = parse_config(import_file_text(m), "jumpgate.yaml");
    ASSERT_TRUE(c) << c.error().str();
    EXPECT_EQ(c->templates, TemplateSet::hardened);
    EXPECT_EQ(c->mfa_max_age, 900);
    EXPECT_EQ(c->projects[0].accounts.size(), 3u);
}

TEST(ImportFileTest, NamesAreQuotedOnlyWhenYamlWouldMisreadThem) {
    EXPECT_EQ(yaml_name("yamada.taro"), "yamada.taro");
    EXPECT_EQ(yaml_name("project-a"), "project-a");
    EXPECT_EQ(yaml_name("true"), "\"true\"");
    EXPECT_EQ(yaml_name("No"), "\"No\"");
    EXPECT_EQ(yaml_name("null"), "\"null\"");
    EXPECT_EQ(yaml_name("123"), "\"123\"");
    EXPECT_EQ(yaml_name("+ops@example.com"), "\"+ops@example.com\"");
    EXPECT_EQ(yaml_name("a=b,c"), "\"a=b,c\"");
}

}  // namespace
}  // namespace jg::jump
