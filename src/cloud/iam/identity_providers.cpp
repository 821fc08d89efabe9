#include "cloud/iam/identity_providers.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cloud/iam/federation.hpp"
#include "cloud/iam/keys.hpp"
#include "core/arn.hpp"
#include "core/strings.hpp"

namespace jg::cloud::iam {

namespace {

constexpr std::size_t k_max_tags = 50;

Unexpected oidc_not_found(std::string_view arn) {
    return fail("NoSuchEntity", fmt::format("OpenIDConnect Provider not found for arn {}", arn));
}

Unexpected saml_not_found(std::string_view arn) {
    return fail("NoSuchEntity", fmt::format("Manifest not found for arn {}", arn));
}

}  // namespace

const ProviderType k_oidc_type{k_oidc_provider, "OpenIDConnectProviderArn", "oidc-provider/", oidc_not_found};
const ProviderType k_saml_type{k_saml_provider, "SAMLProviderArn", "saml-provider/", saml_not_found};

Result<NamedProvider> named_provider(CallContext& ctx, const ProviderType& type, std::string_view action,
                                     const AuthorizeOptions& auth) {
    auto arn_text = required_string(ctx.input(), type.arn_member);
    if (!arn_text) return Unexpected(arn_text.error());
    if (auto ok = check_length(type.arn_member, *arn_text, 20, 2048); !ok) return Unexpected(ok.error());
    auto arn = parse_arn(*arn_text);
    if (!arn || arn->service != "iam" || arn->resource.rfind(type.arn_prefix, 0) != 0 ||
        arn->resource.size() == type.arn_prefix.size())
        return fail("InvalidInput", fmt::format("ARN {} is not valid.", *arn_text));
    if (auto ok = ctx.authorize(action, *arn_text, auth); !ok) return Unexpected(ok.error());
    NamedProvider named{*arn_text, ""};
    // Another account's provider is not found in the caller's (IAM calls act in their own account).
    if (arn->account != ctx.account()) return named;
    named.key = to_lower(arn->resource.substr(type.arn_prefix.size()));
    return named;
}

Result<Node> load_provider(CallContext& ctx, const ProviderType& type, const NamedProvider& named) {
    if (named.key.empty()) return type.not_found(named.arn);
    return ctx.cloud().store().read([&](store::Reader& r) -> Result<Node> {
        auto doc = get_doc(r, ctx.account(), type.kind, named.key);
        if (!doc) return Unexpected(doc.error());
        if (!*doc || member(**doc, "Arn") != named.arn) return type.not_found(named.arn);
        return std::move(**doc);
    });
}

Result<Node> change_provider(CallContext& ctx, const ProviderType& type, const NamedProvider& named,
                             const std::function<Result<void>(Node&)>& change) {
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        if (named.key.empty()) return type.not_found(named.arn);
        auto doc = get_doc(tx, ctx.account(), type.kind, named.key);
        if (!doc) return Unexpected(doc.error());
        if (!*doc || member(**doc, "Arn") != named.arn) return type.not_found(named.arn);
        if (auto ok = change(**doc); !ok) return Unexpected(ok.error());
        if (auto ok = put_doc(tx, ctx.account(), type.kind, named.key, **doc); !ok) return Unexpected(ok.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Tags stored_tags(const Node& doc) {
    Tags tags;
    if (const Node* list = doc.find("Tags"))
        for (const Node& t : list->items) tags.emplace_back(member(t, "Key"), member(t, "Value"));
    return tags;
}

void set_member(Node& doc, std::string_view key, Node value) {
    if (Node* existing = doc.find(key)) *existing = std::move(value);
    else doc.add(std::string(key), std::move(value));
}

AuthorizeOptions tag_context(const Tags& tags) {
    AuthorizeOptions auth;
    std::vector<std::string> keys;
    for (const auto& [k, v] : tags) {
        keys.push_back(k);
        auth.context.push_back({"aws:RequestTag/" + k, {v}});
    }
    if (!keys.empty()) auth.context.push_back({"aws:TagKeys", keys});
    return auth;
}

Result<Node> tag_provider(CallContext& ctx, const ProviderType& type, std::string_view action) {
    auto tags = read_tags(ctx.input());
    if (!tags) return Unexpected(tags.error());
    if (tags->empty()) return validation_error("Tags", std::nullopt, "Member must have length greater than or equal to 1");
    auto named = named_provider(ctx, type, action, tag_context(*tags));
    if (!named) return Unexpected(named.error());
    return change_provider(ctx, type, *named, [&](Node& doc) -> Result<void> {
        Tags now = stored_tags(doc);
        // Tag keys are case-insensitive: a key given again replaces the value.
        for (const auto& [k, v] : *tags) {
            auto it = std::find_if(now.begin(), now.end(), [&](const auto& t) { return iequals(t.first, k); });
            if (it != now.end()) *it = {k, v};
            else now.emplace_back(k, v);
        }
        if (now.size() > k_max_tags) return fail("LimitExceeded", "The number of tags has reached the maximum limit.");
        set_member(doc, "Tags", tags_node(now));
        return {};
    });
}

Result<Node> untag_provider(CallContext& ctx, const ProviderType& type, std::string_view action) {
    const Node* keys = ctx.input().find("TagKeys");
    if (!keys || !keys->is_array()) return validation_error("TagKeys", std::nullopt, "Member must not be null");
    std::vector<std::string> names;
    for (const Node& k : keys->items) {
        if (auto ok = check_length("TagKeys.member", k.text, 1, 128); !ok) return Unexpected(ok.error());
        names.push_back(k.text);
    }
    AuthorizeOptions auth;
    auth.context.push_back({"aws:TagKeys", names});
    auto named = named_provider(ctx, type, action, auth);
    if (!named) return Unexpected(named.error());
    return change_provider(ctx, type, *named, [&](Node& doc) -> Result<void> {
        Tags now = stored_tags(doc);
        std::erase_if(now, [&](const auto& t) {
            return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return iequals(n, t.first); });
        });
        set_member(doc, "Tags", tags_node(now));
        return {};
    });
}

Result<Node> list_provider_tags(CallContext& ctx, const ProviderType& type, std::string_view action) {
    auto paging = read_paging(ctx.input());
    if (!paging) return Unexpected(paging.error());
    auto named = named_provider(ctx, type, action);
    if (!named) return Unexpected(named.error());
    auto doc = load_provider(ctx, type, *named);
    if (!doc) return Unexpected(doc.error());
    // Paged by position: Marker is the index of the next tag.
    Tags tags = stored_tags(*doc);
    std::size_t start = 0;
    if (!paging->marker.empty()) {
        if (paging->marker.find_first_not_of("0123456789") != std::string::npos || paging->marker.size() > 6)
            return fail("ValidationError", "Invalid Marker.");
        start = std::min(tags.size(), static_cast<std::size_t>(std::stoul(paging->marker)));
    }
    std::size_t end = std::min(tags.size(), start + paging->max_items);
    Node out = Node::make_object();
    out.add("Tags", tags_node(Tags(tags.begin() + static_cast<std::ptrdiff_t>(start), tags.begin() + static_cast<std::ptrdiff_t>(end))));
    out.add("IsTruncated", boolean(end < tags.size()));
    if (end < tags.size()) out.add("Marker", str(std::to_string(end)));
    return out;
}

}  // namespace jg::cloud::iam
