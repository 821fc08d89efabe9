// SSH public keys (for CodeCommit): UploadSSHPublicKey, GetSSHPublicKey,
// ListSSHPublicKeys, UpdateSSHPublicKey, DeleteSSHPublicKey. RSA keys of at least 2048
// bits in OpenSSH or PEM encoding; GetSSHPublicKey returns either encoding.
#include <fmt/format.h>

#include "cloud/iam/keys.hpp"
#include "cloud/iam/user_credentials.hpp"
#include "cloud/input.hpp"
#include "core/ids.hpp"
#include "core/ssh_key.hpp"

namespace jg::cloud::iam {

namespace {

constexpr int k_min_bits = 2048;
constexpr std::size_t k_max_body = 16384;

Node public_key_view(const Node& doc, std::string_view encoding) {
    Node out = Node::make_object();
    out.add("UserName", str(member(doc, "UserName")));
    out.add("SSHPublicKeyId", str(member(doc, "SSHPublicKeyId")));
    out.add("Fingerprint", str(member(doc, "Fingerprint")));
    out.add("SSHPublicKeyBody", str(member(doc, encoding == "PEM" ? "PemBody" : "SshBody")));
    out.add("Status", str(member(doc, "Status")));
    out.add("UploadDate", str(member(doc, "UploadDate")));
    return out;
}

Node metadata_view(const Node& doc) {
    Node out = Node::make_object();
    out.add("UserName", str(member(doc, "UserName")));
    out.add("SSHPublicKeyId", str(member(doc, "SSHPublicKeyId")));
    out.add("Status", str(member(doc, "Status")));
    out.add("UploadDate", str(member(doc, "UploadDate")));
    return out;
}

}  // namespace

Result<Node> upload_ssh_public_key(CallContext& ctx) {
    auto body = required_string(ctx.input(), "SSHPublicKeyBody");
    if (!body) return Unexpected(body.error());
    if (auto ok = check_length("SSHPublicKeyBody", *body, 1, k_max_body); !ok) return Unexpected(ok.error());
    auto target = authorized_user(ctx, "iam:UploadSSHPublicKey", 64, true);
    if (!target) return Unexpected(target.error());
    auto key = parse_ssh_public_key(*body);
    if (!key) return Unexpected(key.error());
    if (key->bits < k_min_bits)
        return fail("InvalidPublicKey",
                    fmt::format("The public key is invalid: it is {} bits long; the minimum is {} bits.", key->bits,
                                k_min_bits));
    Node doc = Node::make_object();
    doc.add("UserName", str(target->name));
    doc.add("SSHPublicKeyId", str(new_unique_id(ctx.cloud().random(), IdKind::ssh_public_key)));
    doc.add("Fingerprint", str(key->fingerprint));
    doc.add("SshBody", str(key->openssh));
    doc.add("PemBody", str(key->pem));
    doc.add("Status", str("Active"));
    doc.add("UploadDate", str(format_iso8601(ctx.now())));
    auto stored = add_user_credential(ctx, k_ssh_public_keys, std::move(doc), "DuplicateSSHPublicKey",
                                      "The SSH public key is already associated with the specified IAM user.",
                                      "Fingerprint");
    if (!stored) return Unexpected(stored.error());
    Node out = Node::make_object();
    out.add("SSHPublicKey", public_key_view(*stored, "SSH"));
    return out;
}

Result<Node> get_ssh_public_key(CallContext& ctx) {
    auto id = required_string(ctx.input(), "SSHPublicKeyId");
    if (!id) return Unexpected(id.error());
    auto encoding = optional_enum(ctx.input(), "Encoding", {"SSH", "PEM"});
    if (!encoding) return Unexpected(encoding.error());
    if (!*encoding) return validation_error("Encoding", std::nullopt, "Member must not be null");
    auto target = authorized_user(ctx, "iam:GetSSHPublicKey", 64, true);
    if (!target) return Unexpected(target.error());
    return ctx.cloud().store().read([&](store::Reader& r) -> Result<Node> {
        auto doc = find_user_credential(r, ctx, k_ssh_public_keys, *target, *id);
        if (!doc) return Unexpected(doc.error());
        Node out = Node::make_object();
        out.add("SSHPublicKey", public_key_view(*doc, **encoding));
        return out;
    });
}

Result<Node> list_ssh_public_keys(CallContext& ctx) {
    return list_user_credentials(ctx, k_ssh_public_keys, "iam:ListSSHPublicKeys", "SSHPublicKeys", metadata_view);
}

Result<Node> update_ssh_public_key(CallContext& ctx) {
    return update_user_credential(ctx, k_ssh_public_keys, "iam:UpdateSSHPublicKey");
}

Result<Node> delete_ssh_public_key(CallContext& ctx) {
    return delete_user_credential(ctx, k_ssh_public_keys, "iam:DeleteSSHPublicKey");
}

}  // namespace jg::cloud::iam
