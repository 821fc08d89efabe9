// The audit on real deployments: `jump::apply` deploys the article's system (templates:
// seed) and jumpgate's (hardened) into an in-process local cloud, the audit collects it
// live through LocalApi, and the reported paths are then walked through the local STS.
// On the seed: a group-developer user with MFA becomes AdministratorAccess in a member
// account by the reported developer -> execution-role path, and a user outside the groups
// becomes role-admin with its access key and no MFA. On the hardened deployment: no
// critical or high finding, the same attempts are denied, the article's accesses hold.
#include <algorithm>
#include <sstream>

#include "../cloud/fixture.hpp"
#include "jump/api/local_api.hpp"
#include "jump/api/connection.hpp"
#include "jump/apply/runbook.hpp"
#include "jump/audit/collect.hpp"
#include "jump/audit/findings.hpp"
#include "jump/config/config.hpp"

namespace jg::jump {
namespace {

constexpr const char* k_admin = "111111111111";
constexpr const char* k_prod = "222222222222";
constexpr const char* k_staging = "333333333333";

using audit::Analysis;
using audit::Finding;
using audit::Grant;
using audit::Severity;
using cloud::Credentials;

std::string role(const std::string& account, const std::string& name) {
    return "arn:aws:iam::" + account + ":role/" + name;
}

class AuditDeployment : public cloud::testing::CloudTest {
protected:
    // The article's scenario as a file; ci-bot is declared without groups (a CI user).
    Config deploy(const std::string& set) {
        std::string text = std::string("admin_account: \"") + k_admin + "\"\nregion: us-east-1\ntemplates: " + set +
                           "\nprojects:\n  project-a:\n    accounts: [\"" + k_prod + "\", \"" + k_staging +
                           "\"]\nusers:\n  yamada: {groups: [group-admin]}\n  tanaka: {groups: [group-developer]}\n"
                           "  sato: {groups: [group-developer-project-a]}\n"
                           "  suzuki: {groups: [group-operator-project-a]}\n  ci-bot:\n";
        auto config = parse_config(text, "jumpgate.yaml");
        EXPECT_TRUE(config) << config.error().str();
        auto local = Connection::over(cloud(), home(), config->region);
        std::ostringstream progress;
        auto applied = apply(*local, *config, RunbookOptions{home() + "/new-users"}, random, progress);
        EXPECT_TRUE(applied) << applied.error().str() << "\n" << progress.str();
        // The people's own steps: an MFA device and an access key each; ci-bot gets a key,
        // PowerUserAccess of its own and no console password.
        for (const char* user : {"yamada", "tanaka", "sato", "suzuki"}) {
            serials[user] = enable_mfa(k_admin, user, secrets[user]);
            keys[user] = user_key(k_admin, user);
        }
        keys["ci-bot"] = user_key(k_admin, "ci-bot");
        ok(root(k_admin), "iam", "AttachUserPolicy",
           R"({"UserName":"ci-bot","PolicyArn":"arn:aws:iam::aws:policy/PowerUserAccess"})");
        ok(root(k_admin), "iam", "DeleteLoginProfile", R"({"UserName":"ci-bot"})");
        return *config;
    }

    // The live audit of the file's accounts, with the file's drift.
    Analysis audit_live(const Config& config) {
        std::vector<audit::AccountAccess> access;
        for (const auto& id : config.accounts()) {
            auto a = cloud::find_account(cloud(), id);
            EXPECT_TRUE(a && *a) << id;
            access.push_back({id, {(*a)->root_access_key_id, (*a)->root_secret_access_key, {}}});
        }
        LocalApi api(cloud());
        auto state = audit::collect_state(api, access, config.region);
        EXPECT_TRUE(state) << state.error().str();
        audit::infer_admin_account(*state, config.admin_account);
        return audit::analyze(*state, {.intended = &config});
    }

    Credentials root(const std::string& account) {
        auto a = cloud::find_account(cloud(), account);
        EXPECT_TRUE(a && *a);
        return a && *a ? Credentials{(*a)->root_access_key_id, {}} : Credentials{};
    }

    // A session with MFA from the user's key (GetSessionToken with a TOTP code).
    Credentials mfa_session(const std::string& user) {
        Node out = ok(keys[user], "sts", "GetSessionToken",
                      R"({"SerialNumber":")" + serials[user] + R"(","TokenCode":")" +
                          totp_code(secrets[user], clock.now()) + R"("})");
        clock.advance(std::chrono::seconds(30));  // the next code is a new one
        return session_of(out);
    }

    // sts:AssumeRole hop by hop (session named after the user); the credentials at the
    // end, or the first refusal's error code.
    Result<Credentials> follow(Credentials who, const std::vector<std::string>& roles, const std::string& user) {
        for (const auto& arn : roles) {
            auto out = call(who, "sts", "AssumeRole", R"({"RoleArn":")" + arn + R"(","RoleSessionName":")" + user + R"("})");
            if (!out) {
                Error e = out.error();
                e.message = arn + ": " + e.message;
                return Unexpected(e);
            }
            who = session_of(*out);
        }
        return who;
    }

    // Administrator in that account: IAM writes, which PowerUserAccess and ReadOnlyAccess lack.
    bool administrator(const Credentials& who, const std::string& name) {
        return call(who, "iam", "CreateUser", R"({"UserName":")" + name + R"("})").has_value();
    }

    static const Grant* grant(const Analysis& a, const std::string& user, const std::string& role_arn) {
        for (const Grant& g : a.grants)
            if (g.user == user && g.role_arn == role_arn) return &g;
        return nullptr;
    }
    // The roles a grant passes through, then its role: the path to walk.
    static std::vector<std::string> hops(const Grant& g) {
        std::vector<std::string> out;
        for (const auto& v : g.via)
            if (v.rfind("role:", 0) == 0) out.push_back(v.substr(5));
        out.push_back(g.role_arn);
        return out;
    }

    std::map<std::string, Credentials> keys;
    std::map<std::string, std::string> serials, secrets;
};

TEST_F(AuditDeployment, SeedPathsReportedByTheAuditAreRealThroughTheLocalSts) {
    Config config = deploy("seed");
    Analysis a = audit_live(config);
    for (const Finding& f : a.findings) {
        EXPECT_NE(f.rule, "JG112") << f.title << " " << f.principal;  // apply made the file
        // AWS managed policies (collected because they are attached) are not the account's to lint.
        EXPECT_NE(f.principal.rfind("arn:aws:iam::aws:policy/", 0), 0u) << f.title << " " << f.principal;
    }

    // Reported: role-developer in the admin account reaches the execution roles (critical).
    auto escalation = std::find_if(a.findings.begin(), a.findings.end(), [](const Finding& f) {
        return f.rule == "JG101" && f.principal == role(k_admin, "role-developer");
    });
    ASSERT_NE(escalation, a.findings.end());
    EXPECT_EQ(escalation->severity, Severity::critical);
    ASSERT_EQ(escalation->path.size(), 2u);
    EXPECT_NE(escalation->path[1].find(":role/AWSCloudFormationStackSetExecutionRole"), std::string::npos);
    const Grant* g = grant(a, "tanaka", role(k_prod, "AWSCloudFormationStackSetExecutionRole"));
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->mfa, "required");
    EXPECT_EQ(hops(*g), (std::vector<std::string>{role(k_admin, "role-developer"),
                                                  role(k_prod, "AWSCloudFormationStackSetExecutionRole")}));

    // Real: tanaka, with MFA, walks it and is administrator in the prod account — which
    // its intended role there (PowerUserAccess) is not.
    Credentials tanaka = mfa_session("tanaka");
    auto developer = follow(tanaka, {role(k_prod, "role-developer")}, "tanaka");
    ASSERT_TRUE(developer) << developer.error().str();
    EXPECT_FALSE(administrator(*developer, "by-developer"));
    auto exec = follow(tanaka, hops(*g), "tanaka");
    ASSERT_TRUE(exec) << exec.error().str();
    EXPECT_EQ(text(ok(*exec, "sts", "GetCallerIdentity"), "Arn"),
              std::string("arn:aws:sts::") + k_prod + ":assumed-role/AWSCloudFormationStackSetExecutionRole/tanaka");
    EXPECT_TRUE(administrator(*exec, "by-escalation"));

    // Reported: ci-bot (no group, so no MFA deny) reaches role-admin with its key.
    auto bypass = std::find_if(a.findings.begin(), a.findings.end(), [](const Finding& f) {
        return f.rule == "JG102" && f.principal == "arn:aws:iam::111111111111:user/ci-bot";
    });
    ASSERT_NE(bypass, a.findings.end());
    EXPECT_EQ(bypass->severity, Severity::critical);
    g = grant(a, "ci-bot", role(k_prod, "role-admin"));
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->mfa, "bypassable");
    // Real: the long-term key, no MFA, and AdministratorAccess in prod.
    auto admin = follow(keys["ci-bot"], hops(*g), "ci-bot");
    ASSERT_TRUE(admin) << admin.error().str();
    EXPECT_TRUE(administrator(*admin, "by-ci-bot"));
    // While a group member's key stays under the MFA deny, as the audit says.
    EXPECT_EQ(grant(a, "yamada", role(k_prod, "role-admin"))->mfa, "required");
    auto refused = follow(keys["yamada"], {role(k_prod, "role-admin")}, "yamada");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "AccessDenied");
}

TEST_F(AuditDeployment, HardenedHasNoCriticalOrHighTheSameAttemptsFailAndTheArticlesAccessesHold) {
    Config config = deploy("hardened");
    Analysis a = audit_live(config);
    for (const Finding& f : a.findings) {
        EXPECT_LT(f.severity, Severity::high) << f.id << " " << f.title << " " << f.principal;
        EXPECT_NE(f.rule, "JG112") << f.title << " " << f.principal;
    }
    for (const Grant& g : a.grants) {
        EXPECT_EQ(g.mfa, "required") << g.user << " " << g.role_arn;
        EXPECT_EQ(g.role_arn.find("AWSCloudFormationStackSet"), std::string::npos) << g.user << " " << g.role_arn;
    }

    // The seed's developer path: no role-developer in the admin account, and from the
    // member account's role-developer no way to the execution role.
    Credentials tanaka = mfa_session("tanaka");
    auto hop = follow(tanaka, {role(k_admin, "role-developer")}, "tanaka");
    ASSERT_FALSE(hop);
    EXPECT_EQ(hop.error().code, "AccessDenied");
    auto developer = follow(tanaka, {role(k_prod, "role-developer")}, "tanaka");
    ASSERT_TRUE(developer) << developer.error().str();
    for (const char* account : {k_prod, k_staging}) {
        auto exec = follow(*developer, {role(account, "AWSCloudFormationStackSetExecutionRole")}, "tanaka");
        ASSERT_FALSE(exec) << account;
        EXPECT_EQ(exec.error().code, "AccessDenied");
    }
    EXPECT_FALSE(administrator(*developer, "by-developer"));
    // The key without MFA: refused by the trust's Bool.
    auto bypass = follow(keys["ci-bot"], {role(k_prod, "role-admin")}, "ci-bot");
    ASSERT_FALSE(bypass);
    EXPECT_EQ(bypass.error().code, "AccessDenied");

    // The article's intended accesses, as the audit lists them and through STS.
    for (auto [user, tier] : {std::pair{"yamada", "role-admin"}, {"tanaka", "role-developer"},
                              {"sato", "role-developer"}, {"suzuki", "role-operator"}}) {
        Credentials mfa = mfa_session(user);
        for (const char* account : {k_prod, k_staging}) {
            SCOPED_TRACE(std::string(user) + " " + tier + " " + account);
            const Grant* g = grant(a, user, role(account, tier));
            ASSERT_NE(g, nullptr);
            auto session = follow(mfa, hops(*g), user);
            ASSERT_TRUE(session) << session.error().str();
            EXPECT_EQ(administrator(*session, std::string("by-") + user), std::string(tier) == "role-admin");
        }
    }
}

}  // namespace
}  // namespace jg::jump
