// SAML 2.0 responses for AssumeRoleWithSAML: the XML signature (enveloped, Exclusive XML
// Canonicalization 1.0 without comments, RSA-SHA256/SHA1 with SHA-256/SHA1 digests) checked
// against the signing certificates of the provider's metadata, then the assertion's facts.
// The signed element must be the Assertion itself or the Response that holds it, and the
// facts are read from that very element (no signature wrapping).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace jg::cloud::sts {

struct SamlAssertion {
    std::string issuer;
    std::string subject, subject_type;  // NameID and its Format
    std::optional<Time> not_before, not_on_or_after;  // Conditions
    std::vector<std::string> audiences;
    std::map<std::string, std::vector<std::string>> attributes;  // by Name
};

// The base64 certificates (X509Certificate texts) of the IdP's signing keys in SAML metadata;
// empty when the document is not IdP metadata.
std::vector<std::string> saml_signing_certificates(std::string_view metadata);

// Decodes the base64 SAMLResponse, verifies its signature with one of `certificates` and
// reads the assertion. Errors: InvalidIdentityToken with what failed.
Result<SamlAssertion> verify_saml_response(std::string_view base64_response, const std::vector<std::string>& certificates);

// Exclusive XML Canonicalization (without comments) of the element with the given ID
// attribute in `xml`, leaving out an enveloped ds:Signature child; for tests.
Result<std::string> exclusive_c14n_of(std::string_view xml, std::string_view id);

}  // namespace jg::cloud::sts
