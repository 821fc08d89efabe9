// SAML providers: Create/Get/List/Update/DeleteSAMLProvider and Tag/Untag/ListSAMLProviderTags.
// The metadata document must be SAML 2.0 metadata of an identity provider: an
// EntityDescriptor with an IDPSSODescriptor holding at least one signing certificate
// (KeyDescriptor without use, or use="signing", with a base64 X.509 certificate that
// OpenSSL reads) — else InvalidInput "Could not parse metadata", AWS's text. ValidUntil is
// the EntityDescriptor's validUntil; without one, 100 years after the upload (what AWS
// shows for such metadata).
#include <fmt/format.h>
#include <openssl/x509.h>

#include <pugixml.hpp>

#include "cloud/iam/federation.hpp"
#include "cloud/iam/identity_providers.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "core/encoding.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cloud::iam {

namespace {

constexpr std::int64_t k_default_validity_seconds = std::int64_t{100} * 365 * 24 * 3600;

std::string_view local_name(const char* name) {
    std::string_view n(name);
    auto colon = n.find(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node child_named(pugi::xml_node parent, std::string_view name) {
    for (pugi::xml_node c : parent.children())
        if (local_name(c.name()) == name) return c;
    return {};
}

bool readable_certificate(std::string_view base64_text) {
    std::string compact;
    for (char c : base64_text)
        if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
    auto der = base64_decode(compact);
    if (!der || der->empty()) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(der->data());
    X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der->size()));
    if (!cert) return false;
    X509_free(cert);
    return true;
}

struct Metadata {
    std::optional<std::string> valid_until;  // ISO 8601, as the metadata gives it
};

Result<Metadata> parse_metadata(std::string_view text) {
    const auto bad = [] { return fail("InvalidInput", "Could not parse metadata"); };
    pugi::xml_document doc;
    if (!doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8)) return bad();
    pugi::xml_node entity = doc.document_element();
    if (local_name(entity.name()) != "EntityDescriptor" || std::string_view(entity.attribute("entityID").value()).empty())
        return bad();
    pugi::xml_node idp = child_named(entity, "IDPSSODescriptor");
    if (!idp) return bad();
    bool signing = false;
    for (pugi::xml_node kd : idp.children()) {
        if (local_name(kd.name()) != "KeyDescriptor") continue;
        std::string_view use = kd.attribute("use").value();
        if (!use.empty() && use != "signing") continue;
        pugi::xml_node cert = child_named(child_named(child_named(kd, "KeyInfo"), "X509Data"), "X509Certificate");
        if (cert && readable_certificate(cert.child_value())) signing = true;
    }
    if (!signing) return bad();
    Metadata m;
    if (const char* until = entity.attribute("validUntil").value(); *until) {
        auto t = parse_iso8601(until);
        if (!t) return bad();
        m.valid_until = format_iso8601(*t);
    }
    return m;
}

Result<std::string> metadata_document(const Node& input) {
    auto text = required_string(input, "SAMLMetadataDocument");
    if (!text) return text;
    if (auto ok = check_length("SAMLMetadataDocument", *text, 1000, 10000000); !ok) return Unexpected(ok.error());
    return text;
}

std::string valid_until(const Metadata& m, Time now) {
    return m.valid_until.value_or(format_iso8601(now + std::chrono::seconds(k_default_validity_seconds)));
}

}  // namespace

Result<Node> create_saml_provider(CallContext& ctx) {
    const Node& in = ctx.input();
    auto name = required_string(in, "Name");
    if (!name) return Unexpected(name.error());
    if (auto ok = check_length("Name", *name, 1, 128); !ok) return Unexpected(ok.error());
    for (char c : *name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-')
            return validation_error("Name", *name, "Member must satisfy regular expression pattern: [\\w._-]+");
    auto text = metadata_document(in);
    if (!text) return Unexpected(text.error());
    auto tags = read_tags(in);
    if (!tags) return Unexpected(tags.error());
    std::string arn = fmt::format("arn:aws:iam::{}:saml-provider/{}", ctx.account(), *name);
    if (auto ok = ctx.authorize("iam:CreateSAMLProvider", arn, tag_context(*tags)); !ok) return Unexpected(ok.error());
    auto metadata = parse_metadata(*text);
    if (!metadata) return Unexpected(metadata.error());

    Node doc = Node::make_object();
    doc.add("Name", str(*name));
    doc.add("Arn", str(arn));
    doc.add("SAMLMetadataDocument", str(*text));
    doc.add("CreateDate", str(format_iso8601(ctx.now())));
    doc.add("ValidUntil", str(valid_until(*metadata, ctx.now())));
    doc.add("Tags", tags_node(*tags));
    const std::string key = entity_key(*name);
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto existing = get_doc(tx, ctx.account(), k_saml_provider, key);
        if (!existing) return Unexpected(existing.error());
        if (*existing)
            return fail("EntityAlreadyExists", fmt::format("SAMLProvider {} already exists.", member(**existing, "Name")));
        auto count = tx.count(ctx.account(), k_saml_provider);
        if (!count) return Unexpected(count.error());
        if (static_cast<std::size_t>(*count) >= k_max_saml_providers)
            return fail("LimitExceeded",
                        fmt::format("Cannot exceed quota for SAMLProvidersPerAccount: {}", k_max_saml_providers));
        if (auto ok = put_doc(tx, ctx.account(), k_saml_provider, key, doc); !ok) return Unexpected(ok.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        Node out = Node::make_object();
        out.add("SAMLProviderArn", str(arn));
        if (!tags->empty()) out.add("Tags", tags_node(*tags));
        return out;
    });
}

Result<Node> get_saml_provider(CallContext& ctx) {
    auto named = named_provider(ctx, k_saml_type, "iam:GetSAMLProvider");
    if (!named) return Unexpected(named.error());
    auto doc = load_provider(ctx, k_saml_type, *named);
    if (!doc) return Unexpected(doc.error());
    Node out = Node::make_object();
    out.add("SAMLMetadataDocument", str(member(*doc, "SAMLMetadataDocument")));
    out.add("CreateDate", str(member(*doc, "CreateDate")));
    out.add("ValidUntil", str(member(*doc, "ValidUntil")));
    Tags tags = stored_tags(*doc);
    if (!tags.empty()) out.add("Tags", tags_node(tags));
    return out;
}

Result<Node> list_saml_providers(CallContext& ctx) {
    if (auto ok = ctx.authorize("iam:ListSAMLProviders", "*"); !ok) return Unexpected(ok.error());
    auto page = ctx.cloud().store().read(
        [&](store::Reader& r) { return r.list(ctx.account(), k_saml_provider, store::ListQuery{}); });
    if (!page) return Unexpected(page.error());
    Node list = Node::make_array();
    for (const auto& e : page->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", "stored SAML provider is not JSON");
        Node item = Node::make_object();
        item.add("Arn", str(member(*doc, "Arn")));
        item.add("ValidUntil", str(member(*doc, "ValidUntil")));
        item.add("CreateDate", str(member(*doc, "CreateDate")));
        list.push(std::move(item));
    }
    Node out = Node::make_object();
    out.add("SAMLProviderList", std::move(list));
    return out;
}

Result<Node> update_saml_provider(CallContext& ctx) {
    auto text = metadata_document(ctx.input());
    if (!text) return Unexpected(text.error());
    auto named = named_provider(ctx, k_saml_type, "iam:UpdateSAMLProvider");
    if (!named) return Unexpected(named.error());
    auto metadata = parse_metadata(*text);
    if (!metadata) return Unexpected(metadata.error());
    auto changed = change_provider(ctx, k_saml_type, *named, [&](Node& doc) -> Result<void> {
        set_member(doc, "SAMLMetadataDocument", str(*text));
        set_member(doc, "ValidUntil", str(valid_until(*metadata, ctx.now())));
        return {};
    });
    if (!changed) return Unexpected(changed.error());
    Node out = Node::make_object();
    out.add("SAMLProviderArn", str(named->arn));
    return out;
}

Result<Node> delete_saml_provider(CallContext& ctx) {
    auto named = named_provider(ctx, k_saml_type, "iam:DeleteSAMLProvider");
    if (!named) return Unexpected(named.error());
    if (named->key.empty()) return k_saml_type.not_found(named->arn);
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), k_saml_provider, named->key);
        if (!doc) return Unexpected(doc.error());
        if (!*doc || member(**doc, "Arn") != named->arn) return k_saml_type.not_found(named->arn);
        if (auto gone = tx.erase(ctx.account(), k_saml_provider, named->key); !gone) return Unexpected(gone.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> tag_saml_provider(CallContext& ctx) { return tag_provider(ctx, k_saml_type, "iam:TagSAMLProvider"); }
Result<Node> untag_saml_provider(CallContext& ctx) { return untag_provider(ctx, k_saml_type, "iam:UntagSAMLProvider"); }
Result<Node> list_saml_provider_tags(CallContext& ctx) {
    return list_provider_tags(ctx, k_saml_type, "iam:ListSAMLProviderTags");
}

}  // namespace jg::cloud::iam
