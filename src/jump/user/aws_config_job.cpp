#include "jump/user/aws_config_job.hpp"

#include "jump/config/config.hpp"
#include "jump/user/aws_config.hpp"
#include "jump/user/mfa_device.hpp"
#include "jump/user/reachable_roles.hpp"

namespace jg::jump::user {
namespace {

// The role's trust policy as its own account holds it (GetRole as that account's root).
// Only a local connection has those roots; over HTTP the member accounts are out of reach
// and the roles are taken to trust the admin account.
decltype(IamSource::role_trust) trust_lookup(Connection& t) {
    return [&t](const std::string& account, const std::string& role) -> Result<std::optional<std::string>> {
        auto root = t.credentials(account);
        if (!root) return Unexpected(root.error());
        Node in = Node::make_object();
        const auto slash = role.rfind('/');
        in.add("RoleName", Node::make_string(slash == std::string::npos ? role : role.substr(slash + 1)));
        auto got = t.api().call(*root, "iam", "GetRole", in, t.region());
        if (!got && got.error().code == "NoSuchEntity") return std::optional<std::string>{};
        if (!got) return Unexpected(got.error());
        const Node* r = got->find("Role");
        const Node* doc = r ? r->find("AssumeRolePolicyDocument") : nullptr;
        return std::optional<std::string>{doc ? doc->text : std::string{}};
    };
}

}  // namespace

Result<AwsConfigResult> generate_aws_config(const AwsConfigJob& job) {
    // The profiles' region: the job's, else the declarative file's, else the connection's.
    ConnectionOptions options = job.target;
    if (!job.file.empty() && options.region.empty()) {
        auto config = load_config(job.file);
        if (!config) return Unexpected(config.error());
        options.region = config->region;
    }
    auto opened = Connection::open(options);
    if (!opened) return Unexpected(opened.error());
    Connection& t = **opened;
    auto admin = t.admin_credentials(job.user, job.admin_account);
    if (!admin) return Unexpected(admin.error());

    Result<std::vector<ReachableRole>> roles;
    if (!job.file.empty()) {
        roles = reachable_from_file(job.file, job.user);
    } else {
        auto accounts = t.known_accounts();
        if (!accounts) return Unexpected(accounts.error());
        accounts->insert(accounts->end(), job.accounts.begin(), job.accounts.end());
        IamSource source{t.api(), *admin, t.region(), *accounts, {}};
        if (t.is_local()) source.role_trust = trust_lookup(t);
        roles = reachable_from_iam(source, job.user);
    }
    if (!roles) return Unexpected(roles.error());

    // The MFA device in mfa_serial: the user's enabled one, else the name enroll gives it.
    UserCall admin_call{t.api(), *admin, t.region()};
    auto device = enabled_device(admin_call, job.user);
    if (!device) return Unexpected(device.error());
    auto who = admin_call("sts", "GetCallerIdentity", Node::make_object());
    if (!who) return Unexpected(who.error());
    const Node* account = who->find("Account");

    AwsConfigRequest request;
    request.user = job.user;
    request.source_profile = job.profile.empty() ? job.user : job.profile;
    request.region = t.region();
    request.duration_seconds = job.duration;
    request.mfa_serial = device->value_or(virtual_device_serial(account ? account->text : std::string{}, job.user));
    if (job.credential_process) {
        request.credential_process_command = job.jumpgate;
        request.home = t.home();
        if (!job.target.endpoint_url.empty()) request.target_args = {"--endpoint-url", job.target.endpoint_url};
        if (job.target.aws) request.target_args = {"--aws"};
    }
    return AwsConfigResult{render_aws_config(request, *roles), roles->empty()};
}

}  // namespace jg::jump::user
