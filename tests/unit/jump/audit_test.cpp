// The audit on the article's deployment (seed templates) and on jumpgate's (hardened):
// states built from the templates by tests/data/audit/make_state.py, and a live state
// collected from the local cloud through LocalApi.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "../cloud/fixture.hpp"
#include "core/json.hpp"
#include "jump/api/local_api.hpp"
#include "jump/audit/collect.hpp"
#include "jump/audit/findings.hpp"
#include "jump/audit/report.hpp"
#include "jump/config/config.hpp"

namespace jg::jump::audit {
namespace {

const std::string k_data = std::string(JUMPGATE_SOURCE_DIR) + "/tests/data/audit/";

Analysis analyze_file(const std::string& name) {
    auto state = load_auth_details(k_data + name);
    EXPECT_TRUE(state) << state.error().str();
    infer_admin_account(*state, {});
    EXPECT_EQ(state->admin_account, "111111111111");
    return analyze(*state);
}

const Grant* grant(const Analysis& a, const std::string& user, const std::string& role_arn) {
    for (const Grant& g : a.grants)
        if (g.user == user && g.role_arn == role_arn) return &g;
    return nullptr;
}

TEST(AuditSeed, DeveloperReachesTheExecutionRoleOfEveryAccount) {
    Analysis a = analyze_file("seed.json");
    auto it = std::find_if(a.findings.begin(), a.findings.end(), [](const Finding& f) {
        return f.rule == "JG101" && f.principal == "arn:aws:iam::111111111111:role/role-developer";
    });
    ASSERT_NE(it, a.findings.end());
    EXPECT_EQ(it->severity, Severity::critical);
    ASSERT_EQ(it->path.size(), 2u);
    EXPECT_EQ(it->path[1], "arn:aws:iam::111111111111:role/AWSCloudFormationStackSetExecutionRole");
    auto has = [&](const std::string& text) {
        return std::any_of(it->evidence.begin(), it->evidence.end(),
                           [&](const std::string& e) { return e.find(text) != std::string::npos; });
    };
    EXPECT_TRUE(has("identity policy \"PowerUserAccess\" statement 1 allows"));
    EXPECT_TRUE(has("reachable: arn:aws:iam::222222222222:role/AWSCloudFormationStackSetExecutionRole"));
    EXPECT_TRUE(has("also reachable by arn:aws:iam::111111111111:user/tanaka (session with MFA)"));

    // The developer (MFA session) holds AdministratorAccess in the member accounts.
    const Grant* g = grant(a, "tanaka", "arn:aws:iam::222222222222:role/AWSCloudFormationStackSetExecutionRole");
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->mfa, "required");
    EXPECT_EQ(g->via, (std::vector<std::string>{"group-developer", "role:arn:aws:iam::111111111111:role/role-developer"}));
    // The operator (ReadOnlyAccess: no sts:AssumeRole) does not.
    EXPECT_EQ(grant(a, "suzuki", "arn:aws:iam::222222222222:role/AWSCloudFormationStackSetExecutionRole"), nullptr);
}

TEST(AuditSeed, UserOutsideTheGroupsSwitchesWithItsKeyAndNoMfa) {
    Analysis a = analyze_file("seed.json");
    auto it = std::find_if(a.findings.begin(), a.findings.end(), [](const Finding& f) {
        return f.rule == "JG102" && f.principal == "arn:aws:iam::111111111111:user/ci-bot";
    });
    ASSERT_NE(it, a.findings.end());
    EXPECT_EQ(it->severity, Severity::critical);  // role-admin is administrator
    const Grant* g = grant(a, "ci-bot", "arn:aws:iam::222222222222:role/role-admin");
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->mfa, "bypassable");
    // Group members stay under the MFA deny: their keys are refused.
    g = grant(a, "yamada", "arn:aws:iam::222222222222:role/role-admin");
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->mfa, "required");
    EXPECT_EQ(g->via, std::vector<std::string>{"group-admin"});
}

TEST(AuditHardened, NoCriticalOrHighAndTheArticlesAccessesHold) {
    Analysis a = analyze_file("hardened.json");
    for (const Finding& f : a.findings)
        EXPECT_LT(f.severity, Severity::high) << f.id << " " << f.title << " " << f.principal;
    // The article's intended accesses, with MFA.
    for (auto [user, role] : {std::pair{"yamada", "role-admin"}, {"tanaka", "role-developer"},
                              {"sato", "role-developer"}, {"suzuki", "role-operator"}}) {
        for (const char* account : {"222222222222", "333333333333"}) {
            const Grant* g = grant(a, user, std::string("arn:aws:iam::") + account + ":role/" + role);
            ASSERT_NE(g, nullptr) << user << " " << role << " " << account;
            EXPECT_EQ(g->mfa, "required");
        }
    }
    // Nobody reaches an execution role, and the key-only user reaches nothing.
    for (const Grant& g : a.grants) {
        EXPECT_NE(g.role, "AWSCloudFormationStackSetExecutionRole") << g.user;
        EXPECT_NE(g.user, "ci-bot") << g.role_arn;
    }
    EXPECT_EQ(a.grants.size(), 8u);
}

TEST(AuditHardened, AUserWhoseOnlyMfaIsAPasskeyReachesMfaRolesInTheConsoleOnly) {
    auto state = load_auth_details(k_data + "hardened.json");
    ASSERT_TRUE(state) << state.error().str();
    infer_admin_account(*state, {});
    bool replaced = false;
    for (Account& account : state->accounts)
        for (User& u : account.users)
            if (u.name == "yamada") {
                ASSERT_TRUE(account.credentials_known);
                ASSERT_FALSE(u.mfa_devices.empty());
                u.mfa_devices = {"arn:aws:iam::111111111111:u2f/user/yamada/yamada-passkey-ABCDEFGHIJKLMNOPQRSTUVWX"};
                replaced = true;
            }
    ASSERT_TRUE(replaced);
    Analysis a = analyze(*state);
    for (const char* account : {"222222222222", "333333333333"}) {
        const Grant* g = grant(a, "yamada", std::string("arn:aws:iam::") + account + ":role/role-admin");
        ASSERT_NE(g, nullptr);
        EXPECT_EQ(g->mfa, "required");
        EXPECT_TRUE(g->console_only) << account;
    }
    // Users with a virtual device keep the CLI.
    const Grant* tanaka = grant(a, "tanaka", "arn:aws:iam::222222222222:role/role-developer");
    ASSERT_NE(tanaka, nullptr);
    EXPECT_FALSE(tanaka->console_only);
    std::vector<const Finding*> jg114;
    for (const Finding& f : a.findings)
        if (f.rule == "JG114") jg114.push_back(&f);
    ASSERT_EQ(jg114.size(), 1u);
    EXPECT_EQ(jg114[0]->principal, "arn:aws:iam::111111111111:user/yamada");
    EXPECT_EQ(jg114[0]->severity, Severity::low);
    EXPECT_NE(jg114[0]->evidence[0].find("take TOTP codes only"), std::string::npos) << jg114[0]->evidence[0];
    EXPECT_NE(jg114[0]->evidence[0].find("2 role(s)"), std::string::npos) << jg114[0]->evidence[0];
    // The matrix says it in every format.
    std::ostringstream text, json, csv;
    write_access_table(text, a);
    write_access_json(json, a);
    write_access_csv(csv, a);
    EXPECT_NE(text.str().find("required (console only: passkey)"), std::string::npos) << text.str();
    EXPECT_NE(json.str().find("\"console_only\": true"), std::string::npos) << json.str();
    EXPECT_NE(csv.str().find(",required (console only: passkey)"), std::string::npos) << csv.str();
}

TEST(AuditFindings, IdsAreStableAcrossRuns) {
    Analysis a = analyze_file("seed.json"), b = analyze_file("seed.json");
    ASSERT_EQ(a.findings.size(), b.findings.size());
    for (size_t i = 0; i < a.findings.size(); ++i) EXPECT_EQ(a.findings[i].id, b.findings[i].id);
}

// The article's scenario as a declarative file: the states make_state.py builds are what
// apply makes of it, so the only drift is the CI user the file does not declare.
TEST(AuditDrift, TheTemplatesDeploymentMatchesItsFileButForTheUndeclaredUser) {
    for (const char* set : {"seed", "hardened"}) {
        auto config = parse_config(std::string("admin_account: \"111111111111\"\nregion: us-east-1\ntemplates: ") + set +
                                       "\nprojects:\n  project-a:\n    accounts: [\"222222222222\", \"333333333333\"]\n"
                                       "users:\n  yamada: {groups: [group-admin]}\n  tanaka: {groups: [group-developer]}\n"
                                       "  sato: {groups: [group-developer-project-a]}\n"
                                       "  suzuki: {groups: [group-operator-project-a]}\n",
                                   "jumpgate.yaml");
        ASSERT_TRUE(config) << config.error().str();
        auto state = load_auth_details(k_data + set + ".json");
        ASSERT_TRUE(state) << state.error().str();
        infer_admin_account(*state, config->admin_account);
        Analysis a = analyze(*state, {.intended = &*config});
        std::vector<std::string> drift;
        for (const Finding& f : a.findings)
            if (f.rule == "JG112") drift.push_back(f.title + " " + f.principal);
        EXPECT_EQ(drift, std::vector<std::string>{"drift: user not in the file arn:aws:iam::111111111111:user/ci-bot"}) << set;

        // One member less in the file: the live membership is now drift (high).
        config->users.pop_back();
        a = analyze(*state, {.intended = &*config});
        EXPECT_TRUE(std::any_of(a.findings.begin(), a.findings.end(), [](const Finding& f) {
            return f.title == "drift: user not in the file" && f.principal == "arn:aws:iam::111111111111:user/suzuki" &&
                   f.severity == Severity::high;
        })) << set;
    }
}

class AuditLive : public cloud::testing::CloudTest {};

// What the live collection reads through AwsApi is what the files say: the same
// analysis from the collected document and from its JSON text.
TEST_F(AuditLive, CollectedStateGivesTheSameFindingsAsItsFile) {
    auto root = add_account(cloud(), "111111111111", {});
    ASSERT_TRUE(root) << root.error().str();
    auto member = add_account(cloud(), "222222222222", {});
    ASSERT_TRUE(member) << member.error().str();
    LocalApi api(cloud());
    AwsCredentials admin{root->root_access_key_id, root->root_secret_access_key, {}};
    AwsCredentials other{member->root_access_key_id, member->root_secret_access_key, {}};
    auto run = [&](const AwsCredentials& who, const char* action, const char* json) {
        auto out = api.call(who, "iam", action, in(json), "us-east-1");
        ASSERT_TRUE(out) << action << ": " << out.error().str();
    };
    run(admin, "CreateUser", R"({"UserName":"ci-bot"})");
    run(admin, "AttachUserPolicy", R"({"UserName":"ci-bot","PolicyArn":"arn:aws:iam::aws:policy/PowerUserAccess"})");
    run(admin, "CreateAccessKey", R"({"UserName":"ci-bot"})");
    run(admin, "CreateLoginProfile", R"({"UserName":"ci-bot","Password":"Correct-Horse-9-Battery"})");
    run(other, "CreateRole",
        R"({"RoleName":"role-admin","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}"})");
    run(other, "AttachRolePolicy", R"({"RoleName":"role-admin","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"})");

    auto state = collect_state(api, {{"111111111111", admin}, {"222222222222", other}}, "us-east-1");
    ASSERT_TRUE(state) << state.error().str();
    infer_admin_account(*state, {});
    ASSERT_EQ(state->accounts.size(), 2u);
    const User& bot = state->accounts[0].users.at(0);
    EXPECT_TRUE(state->accounts[0].credentials_known);
    EXPECT_TRUE(bot.login_profile);
    EXPECT_EQ(bot.active_keys.size(), 1u);
    EXPECT_TRUE(bot.mfa_devices.empty());
    Analysis live = analyze(*state);

    // The same documents through JSON text, as --from-auth-details reads them.
    std::string dir = home() + "/details";
    std::filesystem::create_directories(dir);
    for (const char* id : {"111111111111", "222222222222"}) {
        auto doc = collect_account(api, {id, std::string(id) == "111111111111" ? admin : other}, "us-east-1");
        ASSERT_TRUE(doc) << doc.error().str();
        std::ofstream(dir + "/" + id + ".json") << to_json(*doc, 1);
    }
    auto loaded = load_auth_details(dir);
    ASSERT_TRUE(loaded) << loaded.error().str();
    infer_admin_account(*loaded, {});
    Analysis files = analyze(*loaded);
    ASSERT_EQ(live.findings.size(), files.findings.size());
    for (size_t i = 0; i < live.findings.size(); ++i) EXPECT_EQ(live.findings[i].id, files.findings[i].id);

    auto has = [&](const char* rule) {
        return std::any_of(live.findings.begin(), live.findings.end(), [&](const Finding& f) { return f.rule == rule; });
    };
    EXPECT_TRUE(has("JG102"));  // the key passes BoolIfExists
    EXPECT_TRUE(has("JG105"));  // console password, no MFA device
    EXPECT_TRUE(has("JG107"));  // no password policy
    EXPECT_TRUE(has("JG108"));  // PowerUserAccess attached to the user
}

}  // namespace
}  // namespace jg::jump::audit
