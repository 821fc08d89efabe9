// IAM identity providers: OpenID Connect providers (oidc_providers.cpp), the IAM side of
// web identity federation, and SAML providers (saml_providers.cpp). An OIDC provider is
// stored per account under kind k_oidc_provider, by the lower-case "host/path" of its URL
// (the part after https://, as in its ARN arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH):
//   {"Url": "host/path", "Arn", "ClientIDList": [...], "ThumbprintList": [...],
//    "CreateDate", "Tags": [{Key, Value}]}
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cloud/call_context.hpp"
#include "cloud/store/store.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::iam {

inline constexpr std::string_view k_oidc_provider = "oidc-provider";
// SAML providers, by lower-case name: {"Name", "Arn", "SAMLMetadataDocument", "CreateDate",
// "ValidUntil", "Tags"} (saml_providers.cpp).
inline constexpr std::string_view k_saml_provider = "saml-provider";
inline constexpr std::size_t k_max_saml_providers = 100;  // SAMLProvidersPerAccount

// Quotas (IAM and AWS STS quotas page).
inline constexpr std::size_t k_max_oidc_providers = 100;   // OpenIdConnectProvidersPerAccount
inline constexpr std::size_t k_max_client_ids = 100;       // ClientIdsPerOpenIdConnectProvider
inline constexpr std::size_t k_max_thumbprints = 5;        // ThumbprintsPerOpenIdConnectProvider

Result<Node> create_open_id_connect_provider(CallContext& ctx);
Result<Node> get_open_id_connect_provider(CallContext& ctx);
Result<Node> list_open_id_connect_providers(CallContext& ctx);
Result<Node> delete_open_id_connect_provider(CallContext& ctx);
Result<Node> add_client_id_to_open_id_connect_provider(CallContext& ctx);
Result<Node> remove_client_id_from_open_id_connect_provider(CallContext& ctx);
Result<Node> update_open_id_connect_provider_thumbprint(CallContext& ctx);
Result<Node> tag_open_id_connect_provider(CallContext& ctx);
Result<Node> untag_open_id_connect_provider(CallContext& ctx);
Result<Node> list_open_id_connect_provider_tags(CallContext& ctx);

Result<Node> create_saml_provider(CallContext& ctx);
Result<Node> get_saml_provider(CallContext& ctx);
Result<Node> list_saml_providers(CallContext& ctx);
Result<Node> update_saml_provider(CallContext& ctx);
Result<Node> delete_saml_provider(CallContext& ctx);
Result<Node> tag_saml_provider(CallContext& ctx);
Result<Node> untag_saml_provider(CallContext& ctx);
Result<Node> list_saml_provider_tags(CallContext& ctx);

// An issuer URL as IAM keys it: "https://Host/Path/" → "host/Path" (scheme and trailing
// slash dropped, host lower-cased). Errors are CreateOpenIDConnectProvider's: a URL that
// is not https://HOST[/PATH] without port, user, query or fragment is refused with AWS's
// ValidationError / InvalidInput texts.
Result<std::string> oidc_provider_key(std::string_view url);

// The account's provider for an issuer's key, nullopt when there is none.
Result<std::optional<Node>> find_oidc_provider(store::Reader& r, std::string_view account, std::string_view key);

}  // namespace jg::cloud::iam
