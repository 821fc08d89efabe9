// `jumpgate cloud ...`: the local multi-account cloud in the jumpgate home.
#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>
#include <string>

#include "cli/cli.hpp"
#include "cloud/accounts.hpp"
#include "cloud/cloud.hpp"
#include "cloud/iam/federation.hpp"
#include "cloud/sts/oidc_keys.hpp"
#include "core/strings.hpp"
#include "core/credentials_file.hpp"
#include "jump/api/connection.hpp"

namespace jg::cli {
namespace {

struct AccountOptions {
    std::string home;
    std::string id;
    std::string alias;
};

// Opens the home's store and cloud, or says why not.
template <class F>
int with_cloud(const std::string& home_flag, Context& ctx, F&& fn) {
    auto local = jump::open_local_cloud(home_flag, store::Durability::full);
    if (!local) {
        ctx.err << "error: " << local.error().str() << "\n";
        return 1;
    }
    return fn(*(*local)->cloud, (*local)->home);
}

int account_add(const AccountOptions& o, Context& ctx) {
    return with_cloud(o.home, ctx, [&](cloud::Cloud& c, const std::string& home) {
        auto account = cloud::add_account(c, o.id, o.alias);
        if (!account) {
            ctx.err << "error: " << account.error().code << ": " << account.error().message << "\n";
            return account.error().code == "ValidationError" ? k_exit_usage : 1;
        }
        std::string path = home + "/credentials";
        CredentialsProfile profile{"root-" + o.id, account->root_access_key_id, account->root_secret_access_key, {}};
        if (auto ok = upsert_credentials_profile(path, profile); !ok) {
            ctx.err << "error: " << ok.error().str() << "\n";
            return 1;
        }
        ctx.out << "account " << o.id << (o.alias.empty() ? "" : " (" + o.alias + ")") << " created; profile [root-"
                << o.id << "] written to " << path << "\n";
        return k_exit_ok;
    });
}

int account_list(const AccountOptions& o, Context& ctx) {
    return with_cloud(o.home, ctx, [&](cloud::Cloud& c, const std::string&) {
        auto all = cloud::list_accounts(c);
        if (!all) {
            ctx.err << "error: " << all.error().str() << "\n";
            return 1;
        }
        for (const auto& a : *all) ctx.out << a.id << (a.alias.empty() ? "" : "  " + a.alias) << "\n";
        return k_exit_ok;
    });
}

struct OidcKeysOptions {
    std::string home;
    std::string issuer;
    std::string file;
};

// The JWKS of an OIDC issuer, which AssumeRoleWithWebIdentity verifies tokens with (the
// local cloud fetches nothing from the internet: cloud/sts/oidc_keys.hpp).
int oidc_keys_set(const OidcKeysOptions& o, Context& ctx) {
    if (auto url = cloud::iam::oidc_provider_key(o.issuer); !url) {
        ctx.err << "error: " << o.issuer << ": " << url.error().code << ": " << url.error().message << "\n";
        return k_exit_usage;
    }
    std::string text;
    if (!read_file(o.file, text)) {
        ctx.err << "error: " << o.file << ": cannot be read\n";
        return 1;
    }
    return with_cloud(o.home, ctx, [&](cloud::Cloud& c, const std::string&) {
        if (auto ok = cloud::sts::set_issuer_keys(c, o.issuer, text); !ok) {
            ctx.err << "error: " << o.file << ": " << ok.error().code << ": " << ok.error().message << "\n";
            return k_exit_usage;
        }
        ctx.out << "keys of " << o.issuer << " registered from " << o.file << "\n";
        return k_exit_ok;
    });
}

int oidc_keys_remove(const OidcKeysOptions& o, Context& ctx) {
    return with_cloud(o.home, ctx, [&](cloud::Cloud& c, const std::string&) {
        auto gone = cloud::sts::remove_issuer_keys(c, o.issuer);
        if (!gone) {
            ctx.err << "error: " << gone.error().code << ": " << gone.error().message << "\n";
            return k_exit_usage;
        }
        if (!*gone) {
            ctx.err << "error: no keys are registered for " << o.issuer << "\n";
            return 1;
        }
        ctx.out << "keys of " << o.issuer << " removed\n";
        return k_exit_ok;
    });
}

int oidc_keys_list(const OidcKeysOptions& o, Context& ctx) {
    return with_cloud(o.home, ctx, [&](cloud::Cloud& c, const std::string&) {
        auto all = cloud::sts::list_issuer_keys(c);
        if (!all) {
            ctx.err << "error: " << all.error().str() << "\n";
            return 1;
        }
        for (const auto& k : *all) ctx.out << k.issuer << "\n";
        return k_exit_ok;
    });
}

}  // namespace

void add_cloud_commands(CLI::App& app, Context& ctx) {
    auto* cloud = app.add_subcommand("cloud", "the local multi-account cloud in the jumpgate home");
    cloud->require_subcommand(1);
    auto* account = cloud->add_subcommand("account", "accounts of the local cloud");
    account->require_subcommand(1);

    auto opts = std::make_shared<AccountOptions>();
    auto* add = account->add_subcommand("add", "create an account with root access keys; write profile [root-ID]");
    add->add_option("ID", opts->id, "12-digit account id")->required();
    add->add_option("--alias", opts->alias, "account alias");
    add->add_option("--home", opts->home, "jumpgate home (default $JUMPGATE_HOME, else ~/.jumpgate)");
    add->callback([opts, &ctx] { ctx.exit_code = account_add(*opts, ctx); });

    auto* list = account->add_subcommand("list", "list the accounts: id and alias");
    list->add_option("--home", opts->home, "jumpgate home (default $JUMPGATE_HOME, else ~/.jumpgate)");
    list->callback([opts, &ctx] { ctx.exit_code = account_list(*opts, ctx); });

    auto keys = std::make_shared<OidcKeysOptions>();
    auto* oidc = cloud->add_subcommand(
        "oidc-keys", "signing keys (JWKS) of OIDC issuers, for AssumeRoleWithWebIdentity (nothing is fetched)");
    oidc->require_subcommand(1);
    auto* set = oidc->add_subcommand("set", "register or replace the JWKS of an issuer");
    set->add_option("ISSUER", keys->issuer, "the issuer URL, as in the tokens' iss (https://HOST[/PATH])")->required();
    set->add_option("JWKS_FILE", keys->file, "a JSON Web Key Set: {\"keys\": [...]} of RSA or P-256 keys")->required();
    set->add_option("--home", keys->home, "jumpgate home (default $JUMPGATE_HOME, else ~/.jumpgate)");
    set->callback([keys, &ctx] { ctx.exit_code = oidc_keys_set(*keys, ctx); });
    auto* remove = oidc->add_subcommand("remove", "forget the JWKS of an issuer");
    remove->add_option("ISSUER", keys->issuer, "the issuer URL")->required();
    remove->add_option("--home", keys->home, "jumpgate home (default $JUMPGATE_HOME, else ~/.jumpgate)");
    remove->callback([keys, &ctx] { ctx.exit_code = oidc_keys_remove(*keys, ctx); });
    auto* ls = oidc->add_subcommand("list", "list the issuers whose keys are registered");
    ls->add_option("--home", keys->home, "jumpgate home (default $JUMPGATE_HOME, else ~/.jumpgate)");
    ls->callback([keys, &ctx] { ctx.exit_code = oidc_keys_list(*keys, ctx); });
}

}  // namespace jg::cli
