#include "jump/apply/offboard.hpp"

namespace jg::jump {

namespace {

// A call whose NoSuchEntity means "already gone".
Result<void> remove(const Connection& t, const std::string& account, std::string_view action, const Node& input) {
    auto out = t.call(account, "iam", action, input);
    if (!out && out.error().code != "NoSuchEntity") return Unexpected(out.error());
    return {};
}

}  // namespace

Result<void> offboard_user(const Connection& t, const std::string& account, const std::string& user, std::ostream& progress) {
    const Node who = input_of({{"UserName", user}});
    auto with_user = [&](std::initializer_list<std::pair<const char*, std::string>> more) {
        Node n = who;
        for (const auto& [k, v] : more) n.add(k, Node::make_string(v));
        return n;
    };

    // Console access first: the person can no longer sign in from here on.
    if (auto ok = remove(t, account, "DeleteLoginProfile", who); !ok) return ok;

    auto keys = t.iam_list_all(account, "ListAccessKeys", who, "AccessKeyMetadata");
    if (!keys) return Unexpected(keys.error());
    for (const Node& k : *keys) {
        std::string id = member_text(k, "AccessKeyId");
        if (auto ok = remove(t, account, "DeleteAccessKey", with_user({{"AccessKeyId", id}})); !ok) return ok;
        progress << "    deleted access key " << id << "\n";
    }

    auto devices = t.iam_list_all(account, "ListMFADevices", who, "MFADevices");
    if (!devices) return Unexpected(devices.error());
    for (const Node& d : *devices) {
        std::string serial = member_text(d, "SerialNumber");
        if (auto ok = remove(t, account, "DeactivateMFADevice", with_user({{"SerialNumber", serial}})); !ok) return ok;
        // Virtual devices (ARN serials) are deleted too; a hardware token is only detached.
        if (serial.rfind("arn:", 0) == 0)
            if (auto ok = remove(t, account, "DeleteVirtualMFADevice", input_of({{"SerialNumber", serial}})); !ok)
                return ok;
        progress << "    removed MFA device " << serial << "\n";
    }

    auto ssh = t.iam_list_all(account, "ListSSHPublicKeys", who, "SSHPublicKeys");
    if (!ssh) return Unexpected(ssh.error());
    for (const Node& k : *ssh) {
        std::string id = member_text(k, "SSHPublicKeyId");
        if (auto ok = remove(t, account, "DeleteSSHPublicKey", with_user({{"SSHPublicKeyId", id}})); !ok) return ok;
        progress << "    deleted SSH public key " << id << "\n";
    }

    auto certs = t.iam_list_all(account, "ListSigningCertificates", who, "Certificates");
    if (!certs) return Unexpected(certs.error());
    for (const Node& c : *certs) {
        std::string id = member_text(c, "CertificateId");
        if (auto ok = remove(t, account, "DeleteSigningCertificate", with_user({{"CertificateId", id}})); !ok)
            return ok;
        progress << "    deleted signing certificate " << id << "\n";
    }

    auto inline_policies = t.iam_list_all(account, "ListUserPolicies", who, "PolicyNames");
    if (!inline_policies) return Unexpected(inline_policies.error());
    for (const Node& p : *inline_policies) {
        if (auto ok = remove(t, account, "DeleteUserPolicy", with_user({{"PolicyName", p.text}})); !ok) return ok;
        progress << "    deleted inline policy " << p.text << "\n";
    }

    auto attached = t.iam_list_all(account, "ListAttachedUserPolicies", who, "AttachedPolicies");
    if (!attached) return Unexpected(attached.error());
    for (const Node& p : *attached) {
        std::string arn = member_text(p, "PolicyArn");
        if (auto ok = remove(t, account, "DetachUserPolicy", with_user({{"PolicyArn", arn}})); !ok) return ok;
        progress << "    detached policy " << arn << "\n";
    }

    auto groups = t.iam_list_all(account, "ListGroupsForUser", who, "Groups");
    if (!groups) return Unexpected(groups.error());
    for (const Node& g : *groups) {
        std::string name = member_text(g, "GroupName");
        if (auto ok = remove(t, account, "RemoveUserFromGroup", with_user({{"GroupName", name}})); !ok) return ok;
        progress << "    removed from group " << name << "\n";
    }

    return remove(t, account, "DeleteUser", who);
}

}  // namespace jg::jump
