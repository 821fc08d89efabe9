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
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "core/arn.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cloud::iam {

namespace {

constexpr std::size_t k_max_tags = 50;
constexpr std::string_view k_arn_prefix = "oidc-provider/";

Unexpected invalid_url(bool validation) {
    if (validation) return fail("ValidationError", "Invalid Open ID Connect Provider URL");
    return fail("InvalidInput", "Invalid Open ID Connect Provider URL.");
}

Unexpected not_found(std::string_view arn) {
    return fail("NoSuchEntity", fmt::format("OpenIDConnect Provider not found for arn {}", arn));
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

void set_member(Node& doc, std::string_view key, Node value) {
    if (Node* existing = doc.find(key)) *existing = std::move(value);
    else doc.add(std::string(key), std::move(value));
}

Tags stored_tags(const Node& doc) {
    Tags tags;
    if (const Node* list = doc.find("Tags"))
        for (const Node& t : list->items) tags.emplace_back(member(t, "Key"), member(t, "Value"));
    return tags;
}

// The provider named by OpenIDConnectProviderArn: the ARN checked, `action` authorised
// on it, and the store key of the provider in the caller's account.
struct Named {
    std::string arn;
    std::string key;
};

Result<Named> named_provider(CallContext& ctx, std::string_view action, const AuthorizeOptions& auth = {}) {
    auto arn_text = required_string(ctx.input(), "OpenIDConnectProviderArn");
    if (!arn_text) return Unexpected(arn_text.error());
    if (auto ok = check_length("OpenIDConnectProviderArn", *arn_text, 20, 2048); !ok) return Unexpected(ok.error());
    auto arn = parse_arn(*arn_text);
    if (!arn || arn->service != "iam" || arn->resource.rfind(k_arn_prefix, 0) != 0 ||
        arn->resource.size() == k_arn_prefix.size())
        return fail("InvalidInput", fmt::format("ARN {} is not valid.", *arn_text));
    if (auto ok = ctx.authorize(action, *arn_text, auth); !ok) return Unexpected(ok.error());
    Named named{*arn_text, ""};
    // Another account's provider is not found in the caller's (IAM calls act in their own account).
    if (arn->account != ctx.account()) return named;
    named.key = to_lower(arn->resource.substr(k_arn_prefix.size()));
    return named;
}

// Runs `change` on the stored provider in one write; NoSuchEntity when it is missing.
template <class F>
Result<Node> change_provider(CallContext& ctx, const Named& named, F&& change) {
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        if (named.key.empty()) return not_found(named.arn);
        auto doc = get_doc(tx, ctx.account(), k_oidc_provider, named.key);
        if (!doc) return Unexpected(doc.error());
        if (!*doc || member(**doc, "Arn") != named.arn) return not_found(named.arn);
        if (auto ok = change(**doc); !ok) return Unexpected(ok.error());
        if (auto ok = put_doc(tx, ctx.account(), k_oidc_provider, named.key, **doc); !ok) return Unexpected(ok.error());
        // Trust policies naming the provider may now match (or stop matching) other tokens.
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
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
    auto named = named_provider(ctx, "iam:GetOpenIDConnectProvider");
    if (!named) return Unexpected(named.error());
    if (named->key.empty()) return not_found(named->arn);
    return ctx.cloud().store().read([&](store::Reader& r) -> Result<Node> {
        auto doc = find_oidc_provider(r, ctx.account(), named->key);
        if (!doc) return Unexpected(doc.error());
        if (!*doc || member(**doc, "Arn") != named->arn) return not_found(named->arn);
        Node out = Node::make_object();
        out.add("Url", str(member(**doc, "Url")));
        out.add("ClientIDList", string_array(stored_list(**doc, "ClientIDList")));
        out.add("ThumbprintList", string_array(stored_list(**doc, "ThumbprintList")));
        out.add("CreateDate", str(member(**doc, "CreateDate")));
        Tags tags = stored_tags(**doc);
        if (!tags.empty()) out.add("Tags", tags_node(tags));
        return out;
    });
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
    auto named = named_provider(ctx, "iam:DeleteOpenIDConnectProvider");
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
    auto named = named_provider(ctx, "iam:AddClientIDToOpenIDConnectProvider");
    if (!named) return Unexpected(named.error());
    return change_provider(ctx, *named, [&](Node& doc) -> Result<void> {
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
    auto named = named_provider(ctx, "iam:RemoveClientIDFromOpenIDConnectProvider");
    if (!named) return Unexpected(named.error());
    return change_provider(ctx, *named, [&](Node& doc) -> Result<void> {
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
    auto named = named_provider(ctx, "iam:UpdateOpenIDConnectProviderThumbprint");
    if (!named) return Unexpected(named.error());
    return change_provider(ctx, *named, [&](Node& doc) -> Result<void> {
        set_member(doc, "ThumbprintList", string_array(*prints));
        return {};
    });
}

Result<Node> tag_open_id_connect_provider(CallContext& ctx) {
    auto tags = read_tags(ctx.input());
    if (!tags) return Unexpected(tags.error());
    if (tags->empty()) return validation_error("Tags", std::nullopt, "Member must have length greater than or equal to 1");
    auto named = named_provider(ctx, "iam:TagOpenIDConnectProvider", tag_context(*tags));
    if (!named) return Unexpected(named.error());
    return change_provider(ctx, *named, [&](Node& doc) -> Result<void> {
        Tags now = stored_tags(doc);
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

Result<Node> untag_open_id_connect_provider(CallContext& ctx) {
    const Node* keys = ctx.input().find("TagKeys");
    if (!keys || !keys->is_array()) return validation_error("TagKeys", std::nullopt, "Member must not be null");
    std::vector<std::string> names;
    for (const Node& k : keys->items) {
        if (auto ok = check_length("TagKeys.member", k.text, 1, 128); !ok) return Unexpected(ok.error());
        names.push_back(k.text);
    }
    AuthorizeOptions auth;
    auth.context.push_back({"aws:TagKeys", names});
    auto named = named_provider(ctx, "iam:UntagOpenIDConnectProvider", auth);
    if (!named) return Unexpected(named.error());
    return change_provider(ctx, *named, [&](Node& doc) -> Result<void> {
        Tags now = stored_tags(doc);
        std::erase_if(now, [&](const auto& t) {
            return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return iequals(n, t.first); });
        });
        set_member(doc, "Tags", tags_node(now));
        return {};
    });
}

Result<Node> list_open_id_connect_provider_tags(CallContext& ctx) {
    auto paging = read_paging(ctx.input());
    if (!paging) return Unexpected(paging.error());
    auto named = named_provider(ctx, "iam:ListOpenIDConnectProviderTags");
    if (!named) return Unexpected(named.error());
    if (named->key.empty()) return not_found(named->arn);
    return ctx.cloud().store().read([&](store::Reader& r) -> Result<Node> {
        auto doc = find_oidc_provider(r, ctx.account(), named->key);
        if (!doc) return Unexpected(doc.error());
        if (!*doc || member(**doc, "Arn") != named->arn) return not_found(named->arn);
        Node out = Node::make_object();
        out.add("Tags", tags_node(stored_tags(**doc)));
        out.add("IsTruncated", boolean(false));
        return out;
    });
}

}  // namespace jg::cloud::iam
