// OpenID Connect providers: Create/Get/List/DeleteOpenIDConnectProvider,
// Add/RemoveClientIDTo/FromOpenIDConnectProvider, UpdateOpenIDConnectProviderThumbprint,
// Tag/Untag/ListOpenIDConnectProviderTags. Every call is authorised on the provider's ARN
// (List on "*") before the provider is looked up, as for users and roles.
//
// Texts as AWS answers them: a URL without a scheme or host is a ValidationError
// "Invalid Open ID Connect Provider URL"; http:// is InvalidInput "... The URL must begin
// with https://."; a port, user, query, fragment or a host outside [a-z0-9.-] is
// InvalidInput "Invalid Open ID Connect Provider URL."; a missing provider is NoSuchEntity
// "OpenIDConnect Provider not found for arn ARN"; Delete of a missing one succeeds (AWS
// documents it as idempotent), as do adding a client id already listed and removing one
// that is not. ThumbprintList is optional (AWS has not required it since 2024: it trusts
// the issuer's certificate authority).
#include <fmt/format.h>

#include <algorithm>

#include "cloud/iam/federation.hpp"
#include "cloud/iam/identity_providers.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "core/arn.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cloud::iam {

namespace {

constexpr std::string_view k_arn_prefix = "oidc-provider/";

Unexpected invalid_url(bool validation) {
    if (validation) return fail("ValidationError", "Invalid Open ID Connect Provider URL");
    return fail("InvalidInput", "Invalid Open ID Connect Provider URL.");
}

std::string provider_arn(std::string_view account, std::string_view url_key) {
    return fmt::format("arn:aws:iam::{}:{}{}", account, k_arn_prefix, url_key);
}

// A list of strings from the input (absent: empty), each checked by `check`.
Result<std::vector<std::string>> string_list(const Node& input, std::string_view member, std::size_t min_len,
                                             std::size_t max_len) {
    std::vector<std::string> out;
    const Node* list = input.find(member);
    if (!list) return out;
    if (!list->is_array()) return validation_error(member, std::nullopt, "Member must be a list");
    for (const Node& item : list->items) {
        if (auto ok = check_length(std::string(member) + ".member", item.text, min_len, max_len); !ok)
            return Unexpected(ok.error());
        out.push_back(item.text);
    }
    return out;
}

Result<std::vector<std::string>> thumbprints(const Node& input) {
    auto list = string_list(input, "ThumbprintList", 40, 40);
    if (!list) return list;
    if (list->size() > k_max_thumbprints)
        return fail("InvalidInput", "Thumbprint list must contain fewer than 5 entries.");
    for (const std::string& t : *list)
        if (!std::all_of(t.begin(), t.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }))
            return fail("InvalidInput", fmt::format("Thumbprint {} is not a valid SHA-1 hex fingerprint.", t));
    return list;
}

Node string_array(const std::vector<std::string>& items) {
    Node out = Node::make_array();
    for (const auto& s : items) out.push(str(s));
    return out;
}

std::vector<std::string> stored_list(const Node& doc, std::string_view member) {
    std::vector<std::string> out;
    if (const Node* list = doc.find(member))
        for (const Node& item : list->items) out.push_back(item.text);
    return out;
}

}  // namespace

Result<std::string> oidc_provider_key(std::string_view url) {
    auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0) return invalid_url(true);
    std::string scheme = to_lower(url.substr(0, scheme_end));
    std::string_view rest = url.substr(scheme_end + 3);
    std::size_t host_end = rest.find_first_of("/?#");
    std::string_view host = rest.substr(0, host_end);
    if (host.empty()) return invalid_url(true);
    if (scheme != "https")
        return fail("InvalidInput", "Invalid Open ID Connect Provider URL. The URL must begin with https://.");
    if (host_end != std::string_view::npos && rest[host_end] != '/') return invalid_url(false);  // query, fragment
    std::string_view path = host_end == std::string_view::npos ? std::string_view{} : rest.substr(host_end);
    if (path.find_first_of("?#") != std::string_view::npos) return invalid_url(false);
    for (char c : host)  // no user@, no :port, a DNS name
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return invalid_url(false);
    for (char c : path)
        if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7f) return invalid_url(false);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    return to_lower(host) + std::string(path);
}

Result<std::optional<Node>> find_oidc_provider(store::Reader& r, std::string_view account, std::string_view key) {
    return get_doc(r, account, k_oidc_provider, to_lower(key));
}

Result<Node> create_open_id_connect_provider(CallContext& ctx) {
    const Node& in = ctx.input();
    auto url = required_string(in, "Url");
    if (!url) return Unexpected(url.error());
    if (auto ok = check_length("Url", *url, 1, 255); !ok) return Unexpected(ok.error());
    auto client_ids = string_list(in, "ClientIDList", 1, 255);
    if (!client_ids) return Unexpected(client_ids.error());
    auto prints = thumbprints(in);
    if (!prints) return Unexpected(prints.error());
    auto tags = read_tags(in);
    if (!tags) return Unexpected(tags.error());
    auto key = oidc_provider_key(*url);
    if (!key) return Unexpected(key.error());
    if (client_ids->size() > k_max_client_ids)
        return fail("LimitExceeded",
                    fmt::format("Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {}", k_max_client_ids));
    // A client id listed twice is kept once.
    std::vector<std::string> ids;
    for (auto& id : *client_ids)
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));

    std::string arn = provider_arn(ctx.account(), *key);
    if (auto ok = ctx.authorize("iam:CreateOpenIDConnectProvider", arn, tag_context(*tags)); !ok)
        return Unexpected(ok.error());

    Node doc = Node::make_object();
    doc.add("Url", str(*key));
    doc.add("Arn", str(arn));
    doc.add("ClientIDList", string_array(ids));
    doc.add("ThumbprintList", string_array(*prints));
    doc.add("CreateDate", str(format_iso8601(ctx.now())));
    doc.add("Tags", tags_node(*tags));
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto existing = get_doc(tx, ctx.account(), k_oidc_provider, *key);
        if (!existing) return Unexpected(existing.error());
        if (*existing)
            return fail("EntityAlreadyExists", fmt::format("Provider with url {} already exists.", *url));
        auto count = tx.count(ctx.account(), k_oidc_provider);
        if (!count) return Unexpected(count.error());
        if (static_cast<std::size_t>(*count) >= k_max_oidc_providers)
            return fail("LimitExceeded", fmt::format("Cannot exceed quota for OpenIdConnectProvidersPerAccount: {}",
                                                     k_max_oidc_providers));
        if (auto ok = put_doc(tx, ctx.account(), k_oidc_provider, *key, doc); !ok) return Unexpected(ok.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        Node out = Node::make_object();
        out.add("OpenIDConnectProviderArn", str(arn));
        if (!tags->empty()) out.add("Tags", tags_node(*tags));
        return out;
    });
}

Result<Node> get_open_id_connect_provider(CallContext& ctx) {
    auto named = named_provider(ctx, k_oidc_type, "iam:GetOpenIDConnectProvider");
    if (!named) return Unexpected(named.error());
    auto doc = load_provider(ctx, k_oidc_type, *named);
    if (!doc) return Unexpected(doc.error());
    Node out = Node::make_object();
    out.add("Url", str(member(*doc, "Url")));
    out.add("ClientIDList", string_array(stored_list(*doc, "ClientIDList")));
    out.add("ThumbprintList", string_array(stored_list(*doc, "ThumbprintList")));
    out.add("CreateDate", str(member(*doc, "CreateDate")));
    Tags tags = stored_tags(*doc);
    if (!tags.empty()) out.add("Tags", tags_node(tags));
    return out;
}

Result<Node> list_open_id_connect_providers(CallContext& ctx) {
    if (auto ok = ctx.authorize("iam:ListOpenIDConnectProviders", "*"); !ok) return Unexpected(ok.error());
    auto page = ctx.cloud().store().read(
        [&](store::Reader& r) { return r.list(ctx.account(), k_oidc_provider, store::ListQuery{}); });
    if (!page) return Unexpected(page.error());
    Node list = Node::make_array();
    for (const auto& e : page->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", "stored OIDC provider is not JSON");
        Node item = Node::make_object();
        item.add("Arn", str(member(*doc, "Arn")));
        list.push(std::move(item));
    }
    Node out = Node::make_object();
    out.add("OpenIDConnectProviderList", std::move(list));
    return out;
}

Result<Node> delete_open_id_connect_provider(CallContext& ctx) {
    auto named = named_provider(ctx, k_oidc_type, "iam:DeleteOpenIDConnectProvider");
    if (!named) return Unexpected(named.error());
    if (named->key.empty()) return Node::make_object();
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), k_oidc_provider, named->key);
        if (!doc) return Unexpected(doc.error());
        if (!*doc || member(**doc, "Arn") != named->arn) return Node::make_object();
        if (auto gone = tx.erase(ctx.account(), k_oidc_provider, named->key); !gone) return Unexpected(gone.error());
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

Result<Node> add_client_id_to_open_id_connect_provider(CallContext& ctx) {
    auto id = required_string(ctx.input(), "ClientID");
    if (!id) return Unexpected(id.error());
    if (auto ok = check_length("ClientID", *id, 1, 255); !ok) return Unexpected(ok.error());
    auto named = named_provider(ctx, k_oidc_type, "iam:AddClientIDToOpenIDConnectProvider");
    if (!named) return Unexpected(named.error());
    return change_provider(ctx, k_oidc_type, *named, [&](Node& doc) -> Result<void> {
        auto ids = stored_list(doc, "ClientIDList");
        if (std::find(ids.begin(), ids.end(), *id) != ids.end()) return {};
        if (ids.size() >= k_max_client_ids)
            return fail("LimitExceeded",
                        fmt::format("Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {}", k_max_client_ids));
        ids.push_back(*id);
        set_member(doc, "ClientIDList", string_array(ids));
        return {};
    });
}

Result<Node> remove_client_id_from_open_id_connect_provider(CallContext& ctx) {
    auto id = required_string(ctx.input(), "ClientID");
    if (!id) return Unexpected(id.error());
    if (auto ok = check_length("ClientID", *id, 1, 255); !ok) return Unexpected(ok.error());
    auto named = named_provider(ctx, k_oidc_type, "iam:RemoveClientIDFromOpenIDConnectProvider");
    if (!named) return Unexpected(named.error());
    return change_provider(ctx, k_oidc_type, *named, [&](Node& doc) -> Result<void> {
        auto ids = stored_list(doc, "ClientIDList");
        std::erase(ids, *id);
        set_member(doc, "ClientIDList", string_array(ids));
        return {};
    });
}

Result<Node> update_open_id_connect_provider_thumbprint(CallContext& ctx) {
    if (!ctx.input().find("ThumbprintList"))
        return validation_error("ThumbprintList", std::nullopt, "Member must not be null");
    auto prints = thumbprints(ctx.input());
    if (!prints) return Unexpected(prints.error());
    auto named = named_provider(ctx, k_oidc_type, "iam:UpdateOpenIDConnectProviderThumbprint");
    if (!named) return Unexpected(named.error());
    return change_provider(ctx, k_oidc_type, *named, [&](Node& doc) -> Result<void> {
        set_member(doc, "ThumbprintList", string_array(*prints));
        return {};
    });
}

Result<Node> tag_open_id_connect_provider(CallContext& ctx) {
    return tag_provider(ctx, k_oidc_type, "iam:TagOpenIDConnectProvider");
}

Result<Node> untag_open_id_connect_provider(CallContext& ctx) {
    return untag_provider(ctx, k_oidc_type, "iam:UntagOpenIDConnectProvider");
}

Result<Node> list_open_id_connect_provider_tags(CallContext& ctx) {
    return list_provider_tags(ctx, k_oidc_type, "iam:ListOpenIDConnectProviderTags");
}

}  // namespace jg::cloud::iam
