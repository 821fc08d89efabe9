// The user's side of the Jump account (the article's section 3): `jumpgate mfa enroll`,
// `jumpgate assume`, `jumpgate aws-config`, `jumpgate console-url`. Each runs as the IAM
// user with the user's own key (see jump/user/user_key.hpp for where it is found).
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "cli/cli.hpp"
#include "cli/tty_prompt.hpp"
#include "jump/api/connection.hpp"
#include "core/json.hpp"
#include "jump/config/config.hpp"
#include "jump/user/assume.hpp"
#include "jump/user/aws_config_job.hpp"
#include "jump/user/console_url.hpp"
#include "jump/user/enroll.hpp"
#include "jump/user/mfa_device.hpp"
#include "jump/user/user_key.hpp"

namespace jg::cli {
namespace {

using namespace jg::jump::user;
using jump::AwsCredentials;

int report(Context& ctx, const Error& e) {
    ctx.err << "error: " << (e.code.empty() ? "" : e.code + ": ") << e.str() << "\n";
    return e.code == "InvalidArgument" || e.code == "ValidationError" ? k_exit_usage : 1;
}

struct EnrollOptions {
    jump::ConnectionOptions target;
    EnrollRequest request;
    bool show_secret = false, no_prompt = false;
};

int enroll(EnrollOptions o, Context& ctx) {
    if (auto ok = check_enroll_request(o.request); !ok) return report(ctx, ok.error());
    auto target = jump::Connection::open(o.target);
    if (!target) return report(ctx, target.error());
    o.request.show_uri = o.show_secret || ::isatty(STDOUT_FILENO) == 1;
    EnrollIo io{[&](const std::string& question) -> std::optional<std::string> {
                    if (o.no_prompt) return std::nullopt;
                    return ask_on_tty(question);
                },
                ctx.out, ctx.err};
    if (auto ok = enroll_mfa(**target, o.request, io); !ok) return report(ctx, ok.error());
    return k_exit_ok;
}

struct AssumeOptions {
    jump::ConnectionOptions target;
    std::string role, account, user, profile, mfa_code, mfa_serial, format = "env";
    std::optional<int> duration, session_duration;
};

int assume(const AssumeOptions& o, Context& ctx) {
    auto target = jump::Connection::open(o.target);
    if (!target) return report(ctx, target.error());
    auto key = (*target)->user_credentials(o.profile, o.user);
    if (!key) return report(ctx, key.error());
    UserCall call{(*target)->api(), *key, (*target)->region()};
    AssumeRequest request{o.user, o.account, o.role, o.duration, o.session_duration, std::nullopt};
    if (!o.mfa_serial.empty()) request.mfa_serial = o.mfa_serial;
    // A code only when no cached MFA session serves: the flag, else the terminal.
    CodeSource code_source = [&](const std::string& serial) -> Result<std::string> {
        if (!o.mfa_code.empty()) return o.mfa_code;
        if (auto code = ask_on_tty("MFA code for " + serial + ": ")) return *code;
        return fail("NoMfaCode", "no cached MFA session and no terminal to ask for a code: give --mfa-code CODE");
    };
    SessionCache cache((*target)->home() + "/sessions");
    auto session = assume_with_mfa(call, request, cache, (*target)->clock(), code_source);
    if (!session) return report(ctx, session.error());
    if (o.format == "json")
        ctx.out << format_json(*session);
    else if (o.format == "credential-process")
        ctx.out << format_credential_process(*session);
    else
        ctx.out << format_env(*session);
    return k_exit_ok;
}

struct ConsoleUrlOptions {
    std::string account, role, display_name, endpoint_url;
};

int aws_config(const AwsConfigJob& job, Context& ctx) {
    auto result = generate_aws_config(job);
    if (!result) return report(ctx, result.error());
    if (result->reaches_none) ctx.err << "note: IAM user '" << job.user << "' can reach no role\n";
    ctx.out << result->text;
    return k_exit_ok;
}

void add_target_options(CLI::App* cmd, jump::ConnectionOptions& t) {
    cmd->add_option("--home", t.home, "jumpgate home of the local cloud (default $JUMPGATE_HOME, else ~/.jumpgate)");
    cmd->add_option("--region", t.region,
                    "region for the calls (default: aws-config -f's file's region, else $AWS_REGION, else us-east-1)");
    cmd->add_option("--endpoint-url", t.endpoint_url, "an AWS-compatible endpoint (e.g. jumpgate serve) instead of the local cloud");
    cmd->add_flag("--aws", t.aws, "AWS's own endpoints instead of the local cloud");
}

}  // namespace

void add_user_commands(CLI::App& app, Context& ctx) {
    auto* mfa = app.add_subcommand("mfa", "the user's own MFA device");
    mfa->require_subcommand(1);
    auto e = std::make_shared<EnrollOptions>();
    auto* enroll_cmd = mfa->add_subcommand(
        "enroll", "as the user: create and enable a virtual MFA device (prints the otpauth URI, writes the QR PNG)");
    enroll_cmd->add_option("--user", e->request.user, "IAM user name")->required();
    enroll_cmd->add_option("--profile", e->request.profile, "profile with the user's key (default: the user name)");
    enroll_cmd->add_option("--device-name", e->request.device_name, "device name (default: the user name, as the seed's policy requires)");
    enroll_cmd->add_option("--qr", e->request.qr_file, "write the QR code PNG here (mode 0600)");
    enroll_cmd->add_option("--code1", e->request.code1, "first of two consecutive codes (completes a pending device)");
    enroll_cmd->add_option("--code2", e->request.code2, "the code after it");
    enroll_cmd->add_flag("--codes-from-seed", e->request.codes_from_seed, "local cloud only: compute the two codes from the seed (scripting)");
    enroll_cmd->add_flag("--show-secret", e->show_secret, "print the otpauth URI even when stdout is not a terminal");
    enroll_cmd->add_flag("--no-prompt", e->no_prompt, "never ask for codes on the terminal");
    enroll_cmd->add_flag("--create-key", e->request.create_key,
                         "local cloud only: first create the user's access key with the admin account's root and "
                         "store it as the profile");
    enroll_cmd->add_option("--admin-account", e->request.admin_account, "the admin account (default: the one holding the user)");
    add_target_options(enroll_cmd, e->target);
    enroll_cmd->callback([e, &ctx] { ctx.exit_code = enroll(*e, ctx); });

    auto a = std::make_shared<AssumeOptions>();
    auto* assume_cmd = app.add_subcommand(
        "assume", "as the user: an MFA session (cached until it expires), then AssumeRole into ROLE of an account");
    assume_cmd->add_option("ROLE", a->role, "role name, e.g. role-admin")->required();
    assume_cmd->add_option("--account", a->account, "12-digit id of the role's account")->required();
    assume_cmd->add_option("--user", a->user, "IAM user name (also the RoleSessionName)")->required();
    assume_cmd->add_option("--profile", a->profile, "profile with the user's key (default: the user name)");
    assume_cmd->add_option("--mfa-code", a->mfa_code, "code of the user's MFA device (else asked on the terminal)");
    assume_cmd->add_option("--mfa-serial", a->mfa_serial, "MFA device serial (default: the user's enabled device)");
    assume_cmd->add_option("--duration", a->duration, "role session seconds (900-43200, default 3600)");
    assume_cmd->add_option("--session-duration", a->session_duration, "MFA session seconds (900-129600, default 43200)");
    assume_cmd->add_option("--format", a->format, "env (default), json, or credential-process")
        ->check(CLI::IsMember({"env", "json", "credential-process"}));
    add_target_options(assume_cmd, a->target);
    assume_cmd->callback([a, &ctx] { ctx.exit_code = assume(*a, ctx); });

    auto c = std::make_shared<AwsConfigJob>();
    auto* config_cmd =
        app.add_subcommand("aws-config", "~/.aws/config profiles for every role the user can reach");
    config_cmd->add_option("--user", c->user, "IAM user name")->required();
    config_cmd->add_option("-f,--file", c->file, "the declarative file (else: the admin account's live IAM state)");
    config_cmd->add_option("--profile", c->profile, "source profile with the user's key (default: the user name)");
    config_cmd->add_option("--admin-account", c->admin_account, "the admin account (default: the one holding the user)");
    config_cmd->add_option("--duration", c->duration, "duration_seconds of every role profile");
    config_cmd->add_flag("--credential-process", c->credential_process,
                         "profiles that run `jumpgate assume --format credential-process` (one MFA code for all)");
    config_cmd->add_option("--jumpgate", c->jumpgate, "the jumpgate command in credential_process lines");
    config_cmd->add_option("--account", c->accounts, "an account a wildcard in a policy stands for (HTTP targets)");
    config_cmd->add_option("--admin-profile", c->target.admin_profile,
                           "HTTP targets: profile that may read the admin account's IAM");
    add_target_options(config_cmd, c->target);
    config_cmd->callback([c, &ctx] { ctx.exit_code = aws_config(*c, ctx); });

    auto u = std::make_shared<ConsoleUrlOptions>();
    auto* url_cmd = app.add_subcommand("console-url", "the console's switch-role link for a role of an account");
    url_cmd->add_option("--account", u->account, "account id or alias")->required();
    url_cmd->add_option("--role", u->role, "role name")->required();
    url_cmd->add_option("--display-name", u->display_name, "name the console shows for the role");
    url_cmd->add_option("--endpoint-url", u->endpoint_url,
                        "a `jumpgate serve` URL: the link of its local console instead of AWS's");
    url_cmd->callback([u, &ctx] {
        auto url = switch_role_url(u->account, u->role, u->display_name, u->endpoint_url);
        if (!url) {
            ctx.exit_code = report(ctx, url.error());
            return;
        }
        ctx.out << *url << "\n";
    });
}

}  // namespace jg::cli
