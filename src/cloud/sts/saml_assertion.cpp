#include "cloud/sts/saml_assertion.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <algorithm>
#include <memory>
#include <pugixml.hpp>
#include <set>

#include "core/encoding.hpp"

namespace jg::cloud::sts {

namespace {

constexpr std::string_view k_dsig = "http://www.w3.org/2000/09/xmldsig#";
constexpr std::string_view k_assertion_ns = "urn:oasis:names:tc:SAML:2.0:assertion";
constexpr std::string_view k_protocol_ns = "urn:oasis:names:tc:SAML:2.0:protocol";
constexpr std::string_view k_metadata_ns = "urn:oasis:names:tc:SAML:2.0:metadata";
constexpr std::string_view k_exc_c14n = "http://www.w3.org/2001/10/xml-exc-c14n#";
constexpr std::string_view k_enveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

Unexpected invalid(std::string message) { return fail("InvalidIdentityToken", std::move(message)); }

std::string_view prefix_of(std::string_view qname) {
    auto colon = qname.find(':');
    return colon == std::string_view::npos ? std::string_view{} : qname.substr(0, colon);
}

std::string_view local_of(std::string_view qname) {
    auto colon = qname.find(':');
    return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

bool is_ns_decl(std::string_view name) { return name == "xmlns" || name.rfind("xmlns:", 0) == 0; }

// The namespace a prefix ("" = default) has in scope at `n`; nullopt when undeclared.
std::optional<std::string> ns_uri(pugi::xml_node n, std::string_view prefix) {
    if (prefix == "xml") return std::string("http://www.w3.org/XML/1998/namespace");
    std::string attr = prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix);
    for (; n && n.type() == pugi::node_element; n = n.parent())
        if (pugi::xml_attribute a = n.attribute(attr.c_str())) return std::string(a.value());
    return std::nullopt;
}

std::string ns_of(pugi::xml_node n) { return ns_uri(n, prefix_of(n.name())).value_or(""); }

bool is(pugi::xml_node n, std::string_view ns, std::string_view local) {
    return n.type() == pugi::node_element && local_of(n.name()) == local && ns_of(n) == ns;
}

pugi::xml_node child(pugi::xml_node parent, std::string_view ns, std::string_view local) {
    for (pugi::xml_node c : parent.children())
        if (is(c, ns, local)) return c;
    return {};
}

std::vector<pugi::xml_node> children(pugi::xml_node parent, std::string_view ns, std::string_view local) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node c : parent.children())
        if (is(c, ns, local)) out.push_back(c);
    return out;
}

// Exclusive XML Canonicalization 1.0 without comments (W3C REC xml-exc-c14n): namespace
// declarations only where visibly utilised (or listed in the InclusiveNamespaces
// PrefixList) and not already rendered by an output ancestor; attributes by namespace URI
// then local name; text and attribute values escaped as the spec says.
class ExcC14n {
public:
    ExcC14n(pugi::xml_node skip, std::set<std::string> inclusive) : m_skip(skip), m_inclusive(std::move(inclusive)) {}

    std::string run(pugi::xml_node apex) {
        m_out.clear();
        element(apex, {});
        return std::move(m_out);
    }

private:
    pugi::xml_node m_skip;
    std::set<std::string> m_inclusive;
    std::string m_out;

    void text(std::string_view s) {
        for (char c : s) {
            switch (c) {
                case '&': m_out += "&amp;"; break;
                case '<': m_out += "&lt;"; break;
                case '>': m_out += "&gt;"; break;
                case '\r': m_out += "&#xD;"; break;
                default: m_out += c;
            }
        }
    }
    void attribute_value(std::string_view s) {
        for (char c : s) {
            switch (c) {
                case '&': m_out += "&amp;"; break;
                case '<': m_out += "&lt;"; break;
                case '"': m_out += "&quot;"; break;
                case '\t': m_out += "&#x9;"; break;
                case '\n': m_out += "&#xA;"; break;
                case '\r': m_out += "&#xD;"; break;
                default: m_out += c;
            }
        }
    }

    void element(pugi::xml_node n, std::map<std::string, std::string> rendered) {
        std::string_view name = n.name();
        std::set<std::string> used{std::string(prefix_of(name))};
        struct Attr {
            std::string uri, local, qname, value;
        };
        std::vector<Attr> attrs;
        for (pugi::xml_attribute a : n.attributes()) {
            std::string_view an = a.name();
            if (is_ns_decl(an)) continue;
            std::string_view ap = prefix_of(an);
            if (!ap.empty()) used.insert(std::string(ap));
            attrs.push_back({ap.empty() ? std::string() : ns_uri(n, ap).value_or(""), std::string(local_of(an)),
                             std::string(an), a.value()});
        }
        for (const auto& p : m_inclusive)
            if (ns_uri(n, p)) used.insert(p);
        std::vector<std::pair<std::string, std::string>> decls;
        for (const auto& p : used) {
            if (p == "xml") continue;
            std::string uri = ns_uri(n, p).value_or("");
            auto it = rendered.find(p);
            if (p.empty() && uri.empty()) {
                // xmlns="" only to undo a default namespace an output ancestor rendered.
                if (it != rendered.end() && !it->second.empty()) decls.push_back({p, uri});
            } else if (it == rendered.end() || it->second != uri) {
                decls.push_back({p, uri});
            }
        }
        std::sort(decls.begin(), decls.end());
        std::sort(attrs.begin(), attrs.end(), [](const Attr& a, const Attr& b) {
            return std::tie(a.uri, a.local) < std::tie(b.uri, b.local);
        });
        m_out += '<';
        m_out += name;
        for (const auto& [p, uri] : decls) {
            m_out += p.empty() ? " xmlns=\"" : " xmlns:" + p + "=\"";
            attribute_value(uri);
            m_out += '"';
            rendered[p] = uri;
        }
        for (const auto& a : attrs) {
            m_out += ' ' + a.qname + "=\"";
            attribute_value(a.value);
            m_out += '"';
        }
        m_out += '>';
        for (pugi::xml_node c : n.children()) {
            if (c == m_skip) continue;
            if (c.type() == pugi::node_element) element(c, rendered);
            else if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) text(c.value());
        }
        m_out += "</";
        m_out += name;
        m_out += '>';
    }
};

// The PrefixList of an ec:InclusiveNamespaces child ("#default" is the default namespace).
std::set<std::string> inclusive_prefixes(pugi::xml_node transform) {
    std::set<std::string> out;
    pugi::xml_node inc = child(transform, k_exc_c14n, "InclusiveNamespaces");
    std::string list = inc ? inc.attribute("PrefixList").value() : "";
    std::size_t i = 0;
    while (i < list.size()) {
        std::size_t j = list.find(' ', i);
        if (j == std::string::npos) j = list.size();
        std::string p = list.substr(i, j - i);
        if (!p.empty()) out.insert(p == "#default" ? std::string() : p);
        i = j + 1;
    }
    return out;
}

std::string compact_base64(std::string_view text) {
    std::string out;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c))) out += c;
    return out;
}

const EVP_MD* digest_of(std::string_view uri) {
    if (uri == "http://www.w3.org/2001/04/xmlenc#sha256") return EVP_sha256();
    if (uri == "http://www.w3.org/2000/09/xmldsig#sha1") return EVP_sha1();
    return nullptr;
}

const EVP_MD* signature_digest_of(std::string_view uri) {
    if (uri == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256") return EVP_sha256();
    if (uri == "http://www.w3.org/2000/09/xmldsig#rsa-sha1") return EVP_sha1();
    return nullptr;
}

std::string digest(const EVP_MD* md, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
    return std::string(reinterpret_cast<const char*>(out), len);
}

bool verify_with(std::string_view cert_base64, const EVP_MD* md, std::string_view data, std::string_view sig) {
    auto der = base64_decode(compact_base64(cert_base64));
    if (!der) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(der->data());
    std::unique_ptr<X509, decltype(&X509_free)> cert(d2i_X509(nullptr, &p, static_cast<long>(der->size())), X509_free);
    if (!cert) return false;
    EVP_PKEY* key = X509_get0_pubkey(cert.get());
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!key || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) <= 0) return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                            reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

std::size_t count_ids(pugi::xml_node n, std::string_view id) {
    std::size_t count = 0;
    for (pugi::xml_node c : n.children()) {
        if (c.type() != pugi::node_element) continue;
        if (std::string_view(c.attribute("ID").value()) == id) ++count;
        count += count_ids(c, id);
    }
    return count;
}

// Verifies the enveloped signature of `signed_element`.
Result<void> verify_signature(pugi::xml_document& doc, pugi::xml_node signed_element,
                              const std::vector<std::string>& certificates) {
    pugi::xml_node sig = child(signed_element, k_dsig, "Signature");
    pugi::xml_node info = child(sig, k_dsig, "SignedInfo");
    if (!info) return invalid("The SAML response's signature has no SignedInfo.");
    pugi::xml_node canon = child(info, k_dsig, "CanonicalizationMethod");
    if (std::string_view(canon.attribute("Algorithm").value()) != k_exc_c14n)
        return invalid("The SAML response's signature must use Exclusive XML Canonicalization.");
    const EVP_MD* sig_md = signature_digest_of(child(info, k_dsig, "SignatureMethod").attribute("Algorithm").value());
    if (!sig_md) return invalid("The SAML response's signature method is not RSA-SHA256 or RSA-SHA1.");
    auto refs = children(info, k_dsig, "Reference");
    std::string id = signed_element.attribute("ID").value();
    if (refs.size() != 1 || id.empty() || std::string_view(refs[0].attribute("URI").value()) != "#" + id ||
        count_ids(doc, id) != 1)
        return invalid("The SAML response's signature does not reference the signed element.");
    std::set<std::string> prefixes;
    for (pugi::xml_node t : children(child(refs[0], k_dsig, "Transforms"), k_dsig, "Transform")) {
        std::string_view alg = t.attribute("Algorithm").value();
        if (alg == k_exc_c14n) prefixes = inclusive_prefixes(t);
        else if (alg != k_enveloped) return invalid(fmt::format("The SAML response's signature uses an unsupported transform {}.", alg));
    }
    const EVP_MD* md = digest_of(child(refs[0], k_dsig, "DigestMethod").attribute("Algorithm").value());
    if (!md) return invalid("The SAML response's digest method is not SHA-256 or SHA-1.");
    auto expected = base64_decode(compact_base64(child(refs[0], k_dsig, "DigestValue").child_value()));
    std::string canonical = ExcC14n(sig, prefixes).run(signed_element);
    if (!expected || digest(md, canonical) != *expected)
        return invalid("The SAML response's digest does not match: it was changed after signing.");
    auto value = base64_decode(compact_base64(child(sig, k_dsig, "SignatureValue").child_value()));
    if (!value) return invalid("The SAML response's signature value is not base64.");
    std::string signed_info = ExcC14n(pugi::xml_node{}, inclusive_prefixes(canon)).run(info);
    for (const auto& cert : certificates)
        if (verify_with(cert, sig_md, signed_info, *value)) return {};
    return invalid("The SAML response's signature does not verify with the provider's signing certificates.");
}

// All the text of an element (a comment splits it into several nodes: reading only the
// first would let "victim@example.com<!---->.evil.com" pass as the victim).
std::string text_of(pugi::xml_node n) {
    std::string out;
    for (pugi::xml_node c : n.children())
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    return out;
}

std::optional<Time> time_attribute(pugi::xml_node n, const char* name) {
    std::string_view v = n.attribute(name).value();
    if (v.empty()) return std::nullopt;
    auto t = parse_iso8601(v);
    if (!t) return std::nullopt;
    return *t;
}

}  // namespace

std::vector<std::string> saml_signing_certificates(std::string_view metadata) {
    std::vector<std::string> out;
    pugi::xml_document doc;
    if (!doc.load_buffer(metadata.data(), metadata.size())) return out;
    pugi::xml_node entity = doc.document_element();
    if (!is(entity, k_metadata_ns, "EntityDescriptor")) return out;
    for (pugi::xml_node idp : children(entity, k_metadata_ns, "IDPSSODescriptor"))
        for (pugi::xml_node kd : children(idp, k_metadata_ns, "KeyDescriptor")) {
            std::string_view use = kd.attribute("use").value();
            if (!use.empty() && use != "signing") continue;
            pugi::xml_node cert = child(child(child(kd, k_dsig, "KeyInfo"), k_dsig, "X509Data"), k_dsig, "X509Certificate");
            if (cert) out.push_back(compact_base64(cert.child_value()));
        }
    return out;
}

Result<SamlAssertion> verify_saml_response(std::string_view base64_response, const std::vector<std::string>& certificates) {
    auto xml = base64_decode(compact_base64(base64_response));
    if (!xml) return invalid("The SAML response is not base64.");
    if (xml->find("<!DOCTYPE") != std::string::npos) return invalid("The SAML response must not have a DOCTYPE.");
    pugi::xml_document doc;
    if (!doc.load_buffer(xml->data(), xml->size(), pugi::parse_default | pugi::parse_ws_pcdata))
        return invalid("The SAML response is not XML.");
    pugi::xml_node response = doc.document_element();
    if (!is(response, k_protocol_ns, "Response")) return invalid("The SAML response has no samlp:Response.");
    auto assertions = children(response, k_assertion_ns, "Assertion");
    if (assertions.size() != 1) return invalid("The SAML response must hold exactly one Assertion.");
    pugi::xml_node assertion = assertions.front();
    pugi::xml_node signed_element = child(assertion, k_dsig, "Signature") ? assertion
                                    : child(response, k_dsig, "Signature") ? response
                                                                           : pugi::xml_node{};
    if (!signed_element) return invalid("The SAML response is not signed.");
    if (auto ok = verify_signature(doc, signed_element, certificates); !ok) return Unexpected(ok.error());

    SamlAssertion a;
    a.issuer = text_of(child(assertion, k_assertion_ns, "Issuer"));
    pugi::xml_node name_id = child(child(assertion, k_assertion_ns, "Subject"), k_assertion_ns, "NameID");
    a.subject = text_of(name_id);
    a.subject_type = name_id.attribute("Format").value();
    pugi::xml_node conditions = child(assertion, k_assertion_ns, "Conditions");
    a.not_before = time_attribute(conditions, "NotBefore");
    a.not_on_or_after = time_attribute(conditions, "NotOnOrAfter");
    for (pugi::xml_node r : children(conditions, k_assertion_ns, "AudienceRestriction"))
        for (pugi::xml_node aud : children(r, k_assertion_ns, "Audience")) a.audiences.push_back(text_of(aud));
    for (pugi::xml_node st : children(assertion, k_assertion_ns, "AttributeStatement"))
        for (pugi::xml_node attr : children(st, k_assertion_ns, "Attribute")) {
            auto& values = a.attributes[attr.attribute("Name").value()];
            for (pugi::xml_node v : children(attr, k_assertion_ns, "AttributeValue")) values.push_back(text_of(v));
        }
    return a;
}

Result<std::string> exclusive_c14n_of(std::string_view xml, std::string_view id) {
    pugi::xml_document doc;
    if (!doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata))
        return fail("InvalidInput", "not XML");
    pugi::xml_node target = doc.find_node([&](pugi::xml_node n) {
        return n.type() == pugi::node_element && std::string_view(n.attribute("ID").value()) == id;
    });
    if (!target) return fail("InvalidInput", "no element with that ID");
    return ExcC14n(child(target, k_dsig, "Signature"), {}).run(target);
}

}  // namespace jg::cloud::sts
