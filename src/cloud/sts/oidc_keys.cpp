#include "cloud/sts/oidc_keys.hpp"

#include "cloud/iam/federation.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "cloud/sts/jwt.hpp"
#include "core/json.hpp"

namespace jg::cloud::sts {

Result<void> set_issuer_keys(Cloud& cloud, std::string_view issuer_url, std::string_view jwks_json) {
    auto key = iam::oidc_provider_key(issuer_url);
    if (!key) return Unexpected(key.error());
    if (auto ok = check_jwks(jwks_json); !ok) return ok;
    Node doc = Node::make_object();
    doc.add("Issuer", str(issuer_url));
    doc.add("Jwks", str(jwks_json));
    doc.add("UpdateDate", str(format_iso8601(cloud.clock().now())));
    return cloud.store().write([&](store::Tx& tx) -> Result<void> { return iam::put_doc(tx, "", k_oidc_jwks, *key, doc); });
}

Result<bool> remove_issuer_keys(Cloud& cloud, std::string_view issuer_url) {
    auto key = iam::oidc_provider_key(issuer_url);
    if (!key) return Unexpected(key.error());
    return cloud.store().write([&](store::Tx& tx) { return tx.erase("", k_oidc_jwks, *key); });
}

Result<std::vector<IssuerKeys>> list_issuer_keys(Cloud& cloud) {
    auto page = cloud.store().read([&](store::Reader& r) { return r.list("", k_oidc_jwks, store::ListQuery{}); });
    if (!page) return Unexpected(page.error());
    std::vector<IssuerKeys> out;
    for (const auto& e : page->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", "stored OIDC key set is not JSON");
        out.push_back({iam::member(*doc, "Issuer"), iam::member(*doc, "Jwks")});
    }
    return out;
}

Result<std::optional<std::string>> issuer_jwks(store::Reader& r, std::string_view provider_key) {
    auto doc = iam::get_doc(r, "", k_oidc_jwks, provider_key);
    if (!doc) return Unexpected(doc.error());
    if (!*doc) return std::optional<std::string>{};
    return std::optional<std::string>(iam::member(**doc, "Jwks"));
}

}  // namespace jg::cloud::sts
