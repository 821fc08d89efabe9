// What OIDC and SAML providers have in common for their IAM handlers: the provider named
// by its ARN member (checked, authorised, then looked up in the caller's account), a
// change in one write, and tags (Tag/Untag/List…ProviderTags).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "cloud/call_context.hpp"
#include "cloud/input.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::iam {

struct ProviderType {
    std::string_view kind;        // store kind (federation.hpp)
    std::string_view arn_member;  // "OpenIDConnectProviderArn", "SAMLProviderArn"
    std::string_view arn_prefix;  // "oidc-provider/", "saml-provider/"
    Unexpected (*not_found)(std::string_view arn);  // AWS's NoSuchEntity text
};
extern const ProviderType k_oidc_type, k_saml_type;

// The provider the input's ARN member names; `key` is its store name (lower-case), empty
// when the ARN is another account's (such a provider is never found).
struct NamedProvider {
    std::string arn;
    std::string key;
};
Result<NamedProvider> named_provider(CallContext& ctx, const ProviderType& type, std::string_view action,
                                     const AuthorizeOptions& auth = {});

// The stored document of a named provider, or NoSuchEntity.
Result<Node> load_provider(CallContext& ctx, const ProviderType& type, const NamedProvider& named);

// Runs `change` on the stored provider in one write (NoSuchEntity when it is missing) and
// marks the account's policies changed (trust policies name providers).
Result<Node> change_provider(CallContext& ctx, const ProviderType& type, const NamedProvider& named,
                             const std::function<Result<void>(Node&)>& change);

Tags stored_tags(const Node& doc);
void set_member(Node& doc, std::string_view key, Node value);
// aws:RequestTag/KEY and aws:TagKeys of tags given with a call.
AuthorizeOptions tag_context(const Tags& tags);

Result<Node> tag_provider(CallContext& ctx, const ProviderType& type, std::string_view action);
Result<Node> untag_provider(CallContext& ctx, const ProviderType& type, std::string_view action);
Result<Node> list_provider_tags(CallContext& ctx, const ProviderType& type, std::string_view action);

}  // namespace jg::cloud::iam
