// Where the local cloud finds an OIDC issuer's signing keys. AWS fetches them from
// <issuer>/.well-known/openid-configuration → jwks_uri; a local cloud cannot reach
// token.actions.githubusercontent.com (nor should it trust the internet), so the JWKS of an
// issuer is registered in the home, once for all accounts: `jumpgate cloud oidc-keys set
// ISSUER_URL JWKS_FILE` (a test or an operator mirrors the issuer's public keys there).
// Stored globally (account "") under kind "oidc-jwks", by the issuer's provider key
// (iam::oidc_provider_key: "host/path"): {"Issuer": URL, "Jwks": JSON text, "UpdateDate"}.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/cloud.hpp"
#include "cloud/store/store.hpp"
#include "core/error.hpp"

namespace jg::cloud::sts {

inline constexpr std::string_view k_oidc_jwks = "oidc-jwks";

// Registers (or replaces) the key set of `issuer_url` (an https:// URL as IAM accepts it
// for a provider). Errors: the URL's (InvalidInput/ValidationError), a JWKS without usable
// keys (InvalidInput, naming the key and why).
Result<void> set_issuer_keys(Cloud& cloud, std::string_view issuer_url, std::string_view jwks_json);
// Removes it; false when none was registered.
Result<bool> remove_issuer_keys(Cloud& cloud, std::string_view issuer_url);

struct IssuerKeys {
    std::string issuer;
    std::string jwks;
};
Result<std::vector<IssuerKeys>> list_issuer_keys(Cloud& cloud);

// The JWKS text registered for a provider key, nullopt when none is.
Result<std::optional<std::string>> issuer_jwks(store::Reader& r, std::string_view provider_key);

}  // namespace jg::cloud::sts
