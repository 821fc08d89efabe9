// X.509 signing certificates: UploadSigningCertificate, ListSigningCertificates,
// UpdateSigningCertificate, DeleteSigningCertificate. Without UserName they act on the
// caller (root has certificates of its own, as with access keys).
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cloud/iam/keys.hpp"
#include "cloud/iam/user_credentials.hpp"
#include "cloud/input.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"

namespace jg::cloud::iam {

namespace {

constexpr std::size_t k_max_body = 16384;

// A PEM certificate OpenSSL can read (the body is checked trimmed and stored as given).
bool parses_as_certificate(std::string_view pem) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    if (!bio) return false;
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!cert) return false;
    X509_free(cert);
    return true;
}

Node certificate_view(const Node& doc) {
    Node out = Node::make_object();
    if (auto user = member(doc, "UserName"); !user.empty()) out.add("UserName", str(user));
    out.add("CertificateId", str(member(doc, "CertificateId")));
    out.add("CertificateBody", str(member(doc, "CertificateBody")));
    out.add("Status", str(member(doc, "Status")));
    out.add("UploadDate", str(member(doc, "UploadDate")));
    return out;
}

}  // namespace

Result<Node> upload_signing_certificate(CallContext& ctx) {
    auto body = required_string(ctx.input(), "CertificateBody");
    if (!body) return Unexpected(body.error());
    if (auto ok = check_length("CertificateBody", *body, 1, k_max_body); !ok) return Unexpected(ok.error());
    auto target = authorized_user(ctx, "iam:UploadSigningCertificate");
    if (!target) return Unexpected(target.error());
    const std::string pem = trim(*body);
    if (!parses_as_certificate(pem))
        return fail("MalformedCertificate", "The certificate body is malformed: it is not a PEM-encoded X.509 certificate.");
    Node doc = Node::make_object();
    doc.add("UserName", str(target->name));
    doc.add("CertificateId", str(new_unique_id(ctx.cloud().random(), IdKind::signing_certificate)));
    doc.add("CertificateBody", str(*body));  // as given: AWS keeps the trailing newline
    doc.add("Status", str("Active"));
    doc.add("UploadDate", str(format_iso8601(ctx.now())));
    auto stored = add_user_credential(ctx, k_signing_certificates, std::move(doc), "DuplicateCertificate",
                                      "The certificate is already associated with the specified user.",
                                      "CertificateBody");
    if (!stored) return Unexpected(stored.error());
    Node out = Node::make_object();
    out.add("Certificate", certificate_view(*stored));
    return out;
}

Result<Node> list_signing_certificates(CallContext& ctx) {
    return list_user_credentials(ctx, k_signing_certificates, "iam:ListSigningCertificates", "Certificates",
                                 certificate_view);
}

Result<Node> update_signing_certificate(CallContext& ctx) {
    return update_user_credential(ctx, k_signing_certificates, "iam:UpdateSigningCertificate");
}

Result<Node> delete_signing_certificate(CallContext& ctx) {
    return delete_user_credential(ctx, k_signing_certificates, "iam:DeleteSigningCertificate");
}

}  // namespace jg::cloud::iam
