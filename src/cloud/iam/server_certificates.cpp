// Server certificates (IAM's store of TLS certificates): Upload/Get/List/Update/
// DeleteServerCertificate, Tag/Untag/ListServerCertificateTags. The certificate body and
// chain are PEM X.509 certificates OpenSSL reads; the private key must be the one of the
// certificate's public key. The key is checked and never stored (AWS never returns it).
//
// As AWS answers (LocalStack's AWS-recorded snapshots): a missing certificate is
// NoSuchEntity "The Server Certificate with name NAME cannot be found."; a second one of a
// name EntityAlreadyExists "The Server Certificate with name NAME already exists."; Get has
// Tags (even empty), Upload only when given; metadata carries Expiration (the
// certificate's notAfter). ServerCertificateId starts ASCA. Quota ServerCertificatesPerAccount 20.
#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <ctime>
#include <functional>
#include <memory>
#include <optional>

#include "cloud/iam/iam.hpp"
#include "cloud/iam/identity_providers.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/listing.hpp"
#include "cloud/iam/tag_edit.hpp"
#include "cloud/input.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"

namespace jg::cloud::iam {

namespace {

constexpr std::int64_t k_max_certificates = 20;  // ServerCertificatesPerAccount
constexpr std::size_t k_max_pem = 16384;

struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
    void operator()(X509* x) const { X509_free(x); }
};
struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using Cert = std::unique_ptr<X509, X509Free>;
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

Bio bio_of(std::string_view pem) { return Bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()))); }

Cert read_certificate(std::string_view pem) {
    Bio bio = bio_of(pem);
    return Cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

// The certificate's notAfter as ISO 8601.
std::optional<std::string> expiration(X509* cert) {
    std::tm tm{};
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) != 1) return std::nullopt;
    return format_iso8601(from_epoch_seconds(static_cast<std::int64_t>(timegm(&tm))));
}

std::string certificate_arn(std::string_view account, std::string_view path, std::string_view name) {
    return fmt::format("arn:aws:iam::{}:server-certificate{}{}", account, path, name);
}

Unexpected not_found(std::string_view name) {
    return fail("NoSuchEntity", fmt::format("The Server Certificate with name {} cannot be found.", name));
}

Unexpected exists(std::string_view name) {
    return fail("EntityAlreadyExists", fmt::format("The Server Certificate with name {} already exists.", name));
}

Node metadata(const Node& doc) {
    Node out = Node::make_object();
    for (const char* key : {"Path", "ServerCertificateName", "ServerCertificateId", "Arn", "UploadDate", "Expiration"})
        out.add(key, str(member(doc, key)));
    return out;
}

Result<std::string> read_name(const Node& input, std::string_view member_name) {
    auto name = required_string(input, member_name);
    if (!name) return name;
    if (auto ok = check_name(member_name, *name, 128); !ok) return Unexpected(ok.error());
    return name;
}

// The certificate named by ServerCertificateName, authorised with `action` on its ARN
// first (at path "/" when missing).
struct Named {
    std::string name;
    std::string arn;
    std::optional<Node> doc;
};
Result<Named> authorized_certificate(CallContext& ctx, std::string_view action, const AuthorizeOptions& auth = {}) {
    auto name = read_name(ctx.input(), "ServerCertificateName");
    if (!name) return Unexpected(name.error());
    auto doc = ctx.cloud().store().read(
        [&](store::Reader& r) { return get_doc(r, ctx.account(), k_server_certificate, entity_key(*name)); });
    if (!doc) return Unexpected(doc.error());
    std::string arn = *doc ? member(**doc, "Arn") : certificate_arn(ctx.account(), "/", *name);
    if (auto ok = ctx.authorize(action, arn, auth); !ok) return Unexpected(ok.error());
    return Named{*name, arn, std::move(*doc)};
}

Result<Node> change_certificate(CallContext& ctx, const Named& named, const std::function<Result<void>(Node&)>& change) {
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), k_server_certificate, entity_key(named.name));
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return not_found(named.name);
        if (auto ok = change(**doc); !ok) return Unexpected(ok.error());
        if (auto ok = put_doc(tx, ctx.account(), k_server_certificate, entity_key(named.name), **doc); !ok)
            return Unexpected(ok.error());
        return Node::make_object();
    });
}

}  // namespace

Result<Node> upload_server_certificate(CallContext& ctx) {
    const Node& in = ctx.input();
    auto name = read_name(in, "ServerCertificateName");
    if (!name) return Unexpected(name.error());
    std::string path = optional_string(in, "Path").value_or("/");
    if (auto ok = check_path("Path", path); !ok) return Unexpected(ok.error());
    auto body = required_string(in, "CertificateBody");
    if (!body) return Unexpected(body.error());
    if (auto ok = check_length("CertificateBody", *body, 1, k_max_pem); !ok) return Unexpected(ok.error());
    auto key_pem = required_string(in, "PrivateKey");
    if (!key_pem) return Unexpected(key_pem.error());
    if (auto ok = check_length("PrivateKey", *key_pem, 1, k_max_pem); !ok) return Unexpected(ok.error());
    auto chain = optional_string(in, "CertificateChain");
    if (chain)
        if (auto ok = check_length("CertificateChain", *chain, 1, 2097152); !ok) return Unexpected(ok.error());
    auto tags = read_tags(in);
    if (!tags) return Unexpected(tags.error());
    std::string arn = certificate_arn(ctx.account(), path, *name);
    if (auto ok = ctx.authorize("iam:UploadServerCertificate", arn, tag_context(*tags)); !ok) return Unexpected(ok.error());

    Cert cert = read_certificate(*body);
    if (!cert) return fail("MalformedCertificate", "Unable to parse certificate. Please ensure the certificate is in PEM format.");
    if (chain && !read_certificate(*chain))
        return fail("MalformedCertificate", "Unable to parse certificate chain. Please ensure the chain is in PEM format.");
    Bio key_bio = bio_of(*key_pem);
    Key key(key_bio ? PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key) return fail("MalformedCertificate", "Unable to parse private key. Please ensure the key is in PEM format.");
    if (X509_check_private_key(cert.get(), key.get()) != 1)
        return fail("KeyPairMismatch", "The public key certificate and the private key do not match.");
    auto expires = expiration(cert.get());
    if (!expires) return fail("MalformedCertificate", "Unable to read the certificate's expiration date.");

    Node doc = Node::make_object();
    doc.add("Path", str(path));
    doc.add("ServerCertificateName", str(*name));
    doc.add("ServerCertificateId", str(new_unique_id(ctx.cloud().random(), IdKind::server_certificate)));
    doc.add("Arn", str(arn));
    doc.add("UploadDate", str(format_iso8601(ctx.now())));
    doc.add("Expiration", str(*expires));
    doc.add("CertificateBody", str(*body));
    if (chain) doc.add("CertificateChain", str(*chain));
    doc.add("Tags", tags_node(*tags));
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto count = tx.count(ctx.account(), k_server_certificate);
        if (!count) return Unexpected(count.error());
        if (*count >= k_max_certificates)
            return fail("LimitExceeded",
                        fmt::format("Cannot exceed quota for ServerCertificatesPerAccount: {}", k_max_certificates));
        if (auto put = tx.insert(ctx.account(), k_server_certificate, entity_key(*name), to_json(doc)); !put) {
            if (put.error().code == "AlreadyExists") return exists(*name);
            return Unexpected(put.error());
        }
        Node out = Node::make_object();
        out.add("ServerCertificateMetadata", metadata(doc));
        if (!tags->empty()) out.add("Tags", tags_node(*tags));
        return out;
    });
}

Result<Node> get_server_certificate(CallContext& ctx) {
    auto named = authorized_certificate(ctx, "iam:GetServerCertificate");
    if (!named) return Unexpected(named.error());
    if (!named->doc) return not_found(named->name);
    const Node& doc = *named->doc;
    Node cert = Node::make_object();
    cert.add("ServerCertificateMetadata", metadata(doc));
    cert.add("CertificateBody", str(member(doc, "CertificateBody")));
    if (doc.find("CertificateChain")) cert.add("CertificateChain", str(member(doc, "CertificateChain")));
    cert.add("Tags", tags_node(stored_tags(doc)));
    Node out = Node::make_object();
    out.add("ServerCertificate", std::move(cert));
    return out;
}

Result<Node> list_server_certificates(CallContext& ctx) {
    auto prefix = read_path_prefix(ctx.input());
    if (!prefix) return Unexpected(prefix.error());
    if (auto ok = ctx.authorize("iam:ListServerCertificates", "*"); !ok) return Unexpected(ok.error());
    return list_documents(
        ctx, ctx.account(), k_server_certificate, "", "ServerCertificateMetadataList",
        [&](const Node& d) { return member(d, "Path").rfind(*prefix, 0) == 0; }, metadata);
}

// A new name and/or path; iam:UpdateServerCertificate is needed on both ARNs (AWS's API
// reference: the source and the target object).
Result<Node> update_server_certificate(CallContext& ctx) {
    const Node& in = ctx.input();
    auto new_name = optional_string(in, "NewServerCertificateName");
    if (new_name)
        if (auto ok = check_name("NewServerCertificateName", *new_name, 128); !ok) return Unexpected(ok.error());
    auto new_path = optional_string(in, "NewPath");
    if (new_path)
        if (auto ok = check_path("NewPath", *new_path); !ok) return Unexpected(ok.error());
    auto named = authorized_certificate(ctx, "iam:UpdateServerCertificate");
    if (!named) return Unexpected(named.error());
    if (!named->doc) return not_found(named->name);
    const std::string name = new_name.value_or(member(*named->doc, "ServerCertificateName"));
    const std::string path = new_path.value_or(member(*named->doc, "Path"));
    const std::string arn = certificate_arn(ctx.account(), path, name);
    if (arn != named->arn)
        if (auto ok = ctx.authorize("iam:UpdateServerCertificate", arn); !ok) return Unexpected(ok.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), k_server_certificate, entity_key(named->name));
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return not_found(named->name);
        set_member(**doc, "ServerCertificateName", str(name));
        set_member(**doc, "Path", str(path));
        set_member(**doc, "Arn", str(arn));
        if (entity_key(name) != entity_key(named->name)) {
            if (auto put = tx.insert(ctx.account(), k_server_certificate, entity_key(name), to_json(**doc)); !put) {
                if (put.error().code == "AlreadyExists") return exists(name);
                return Unexpected(put.error());
            }
            auto erased = tx.erase(ctx.account(), k_server_certificate, entity_key(named->name));
            if (!erased) return Unexpected(erased.error());
        } else if (auto ok = put_doc(tx, ctx.account(), k_server_certificate, entity_key(name), **doc); !ok) {
            return Unexpected(ok.error());
        }
        return Node::make_object();
    });
}

Result<Node> delete_server_certificate(CallContext& ctx) {
    auto named = authorized_certificate(ctx, "iam:DeleteServerCertificate");
    if (!named) return Unexpected(named.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto erased = tx.erase(ctx.account(), k_server_certificate, entity_key(named->name));
        if (!erased) return Unexpected(erased.error());
        if (!*erased) return not_found(named->name);
        return Node::make_object();
    });
}

Result<Node> tag_server_certificate(CallContext& ctx) {
    auto tags = read_new_tags(ctx.input());
    if (!tags) return Unexpected(tags.error());
    auto named = authorized_certificate(ctx, "iam:TagServerCertificate", tag_context(*tags));
    if (!named) return Unexpected(named.error());
    return change_certificate(ctx, *named, [&](Node& doc) -> Result<void> {
        auto merged = merge_tags(stored_tags(doc), *tags);
        if (!merged) return Unexpected(merged.error());
        set_member(doc, "Tags", tags_node(*merged));
        return {};
    });
}

Result<Node> untag_server_certificate(CallContext& ctx) {
    auto keys = read_tag_keys(ctx.input());
    if (!keys) return Unexpected(keys.error());
    AuthorizeOptions auth;
    auth.context.push_back({"aws:TagKeys", *keys});
    auto named = authorized_certificate(ctx, "iam:UntagServerCertificate", auth);
    if (!named) return Unexpected(named.error());
    return change_certificate(ctx, *named, [&](Node& doc) -> Result<void> {
        set_member(doc, "Tags", tags_node(remove_tags(stored_tags(doc), *keys)));
        return {};
    });
}

Result<Node> list_server_certificate_tags(CallContext& ctx) {
    auto named = authorized_certificate(ctx, "iam:ListServerCertificateTags");
    if (!named) return Unexpected(named.error());
    if (!named->doc) return not_found(named->name);
    return tags_page(ctx.input(), stored_tags(*named->doc));
}

}  // namespace jg::cloud::iam
