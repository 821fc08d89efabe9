// Access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey,
// GetAccessKeyLastUsed. Keys live in the global access-key index (keys.hpp) that
// Cloud::resolve reads, so an Inactive or deleted key is refused on its next request;
// each user also has "user/AKID" entries for listing. The secret is returned once, by
// CreateAccessKey; the store keeps it because SigV4 verification needs it.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "cloud/iam/iamcred.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cloud::iam {

namespace {

constexpr std::int64_t k_max_keys_per_user = 2;

Unexpected no_such_key(std::string_view id) {
    return fail("NoSuchEntity", fmt::format("The Access Key with id {} cannot be found", id));
}

// accessKeyIdType: 16–128 word characters.
Result<std::string> read_key_id(const Node& input) {
    auto id = required_string(input, "AccessKeyId");
    if (!id) return id;
    if (auto ok = check_length("AccessKeyId", *id, 16, 128); !ok) return Unexpected(ok.error());
    for (char c : *id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
            return validation_error("AccessKeyId", *id, "Member must satisfy regular expression pattern: [\\w]+");
    return id;
}

// The keys of a user (from its "user/AKID" index) or of root (the account's keys without
// a user; root keys are few and created by the account itself).
Result<std::vector<Node>> keys_of(store::Reader& r, const std::string& account, const TargetUser& t) {
    std::vector<Node> keys;
    if (t.is_root()) {
        auto all = r.list("", k_access_key, {});
        if (!all) return Unexpected(all.error());
        for (const auto& e : all->entries) {
            auto doc = parse_json(e.body);
            if (!doc) return fail("InternalFailure", "stored access key is not JSON");
            if (member(*doc, "Account") == account && member(*doc, "UserName").empty()) keys.push_back(std::move(*doc));
        }
        return keys;
    }
    auto page = r.list(account, k_user_access_key, {.prefix = child_key(t.name, ""), .after = {}, .limit = 0});
    if (!page) return Unexpected(page.error());
    for (const auto& e : page->entries) {
        const std::string id = e.name.substr(e.name.find('/') + 1);
        auto doc = get_doc(r, "", k_access_key, id);
        if (!doc) return Unexpected(doc.error());
        if (*doc) keys.push_back(std::move(**doc));
    }
    return keys;
}

// The key `id` when it belongs to the target (user or root) in the caller's account.
Result<std::optional<Node>> owned_key(store::Reader& r, const std::string& account, const TargetUser& t,
                                      const std::string& id) {
    auto doc = get_doc(r, "", k_access_key, id);
    if (!doc) return Unexpected(doc.error());
    if (!*doc || member(**doc, "Account") != account || !iequals(member(**doc, "UserName"), t.name))
        return std::optional<Node>{};
    return doc;
}

Node key_metadata(const Node& key) {
    Node m = Node::make_object();
    if (auto user = member(key, "UserName"); !user.empty()) m.add("UserName", str(user));
    m.add("AccessKeyId", str(member(key, "AccessKeyId")));
    m.add("Status", str(member(key, "Status")));
    m.add("CreateDate", str(member(key, "CreateDate")));
    return m;
}

}  // namespace

Result<Node> create_access_key(CallContext& ctx) {
    auto target = authorized_user(ctx, "iam:CreateAccessKey");
    if (!target) return Unexpected(target.error());
    const std::string id = new_unique_id(ctx.cloud().random(), IdKind::access_key);
    const std::string secret = new_secret_access_key(ctx.cloud().random());
    const std::string account = ctx.account();

    Node key = Node::make_object();
    key.add("AccessKeyId", str(id));
    key.add("SecretAccessKey", str(secret));
    key.add("Account", str(account));
    if (!target->is_root()) key.add("UserName", str(target->name));
    key.add("Status", str("Active"));
    key.add("CreateDate", str(format_iso8601(ctx.now())));

    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        // The user may have gone since the check above: look again inside the transaction.
        auto again = target_user(ctx, tx);
        if (!again) return Unexpected(again.error());
        auto existing = keys_of(tx, account, *again);
        if (!existing) return Unexpected(existing.error());
        if (static_cast<std::int64_t>(existing->size()) >= k_max_keys_per_user)
            return fail("LimitExceeded",
                        fmt::format("Cannot exceed quota for AccessKeysPerUser: {}", k_max_keys_per_user));
        // The key names its user's unique id: a user re-created under the name is another
        // principal, whom this key does not speak for (caller_principal.hpp).
        Node stored = key;
        if (!again->is_root()) stored.add("UserId", str(member(again->doc, "UserId")));
        if (auto ok = tx.insert("", k_access_key, id, to_json(stored)); !ok) return Unexpected(ok.error());
        if (!again->is_root()) {
            Node index = Node::make_object();
            index.add("AccessKeyId", str(id));
            if (auto ok = tx.insert(account, k_user_access_key, child_key(again->name, id), to_json(index)); !ok)
                return Unexpected(ok.error());
        }
        Node out_key = Node::make_object();
        if (!again->is_root()) out_key.add("UserName", str(again->name));
        out_key.add("AccessKeyId", str(id));
        out_key.add("Status", str("Active"));
        out_key.add("SecretAccessKey", str(secret));
        out_key.add("CreateDate", str(member(key, "CreateDate")));
        Node out = Node::make_object();
        out.add("AccessKey", std::move(out_key));
        return out;
    });
}

Result<Node> list_access_keys(CallContext& ctx) {
    auto paging = read_paging(ctx.input());
    if (!paging) return Unexpected(paging.error());
    auto target = authorized_user(ctx, "iam:ListAccessKeys");
    if (!target) return Unexpected(target.error());
    return ctx.cloud().store().read([&](store::Reader& r) -> Result<Node> {
        auto keys = keys_of(r, ctx.account(), *target);
        if (!keys) return Unexpected(keys.error());
        // Keys in id order; the Marker is the last id returned.
        std::sort(keys->begin(), keys->end(),
                  [](const Node& a, const Node& b) { return member(a, "AccessKeyId") < member(b, "AccessKeyId"); });
        Node list = Node::make_array();
        store::Page page;
        for (const Node& k : *keys) {
            const std::string id = member(k, "AccessKeyId");
            if (!paging->marker.empty() && id <= paging->marker) continue;
            if (list.items.size() == paging->max_items) {
                page.truncated = true;
                break;
            }
            list.push(key_metadata(k));
            page.entries.push_back({id, {}});
        }
        Node out = Node::make_object();
        out.add("AccessKeyMetadata", std::move(list));
        add_paging(out, page);
        return out;
    });
}

Result<Node> update_access_key(CallContext& ctx) {
    auto id = read_key_id(ctx.input());
    if (!id) return Unexpected(id.error());
    auto status = optional_enum(ctx.input(), "Status", {"Active", "Inactive"});
    if (!status) return Unexpected(status.error());
    if (!*status) return validation_error("Status", std::nullopt, "Member must not be null");
    auto target = authorized_user(ctx, "iam:UpdateAccessKey");
    if (!target) return Unexpected(target.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto key = owned_key(tx, ctx.account(), *target, *id);
        if (!key) return Unexpected(key.error());
        if (!*key) return no_such_key(*id);
        Node& doc = **key;
        if (Node* s = doc.find("Status")) *s = str(**status);
        if (auto ok = put_doc(tx, "", k_access_key, *id, doc); !ok) return Unexpected(ok.error());
        return empty_output();
    });
}

Result<Node> delete_access_key(CallContext& ctx) {
    auto id = read_key_id(ctx.input());
    if (!id) return Unexpected(id.error());
    auto target = authorized_user(ctx, "iam:DeleteAccessKey");
    if (!target) return Unexpected(target.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto key = owned_key(tx, ctx.account(), *target, *id);
        if (!key) return Unexpected(key.error());
        if (!*key) return no_such_key(*id);
        if (auto ok = tx.erase("", k_access_key, *id); !ok) return Unexpected(ok.error());
        if (!target->is_root())
            if (auto ok = tx.erase(ctx.account(), k_user_access_key, child_key(target->name, *id)); !ok)
                return Unexpected(ok.error());
        return empty_output();
    });
}

Result<Node> get_access_key_last_used(CallContext& ctx) {
    auto id = read_key_id(ctx.input());
    if (!id) return Unexpected(id.error());
    auto key = ctx.cloud().store().read([&](store::Reader& r) { return get_doc(r, "", k_access_key, *id); });
    if (!key) return Unexpected(key.error());
    // Keys of other accounts are not the caller's to inspect: reported as unknown.
    if (!*key || member(**key, "Account") != ctx.account()) return no_such_key(*id);
    const std::string user = member(**key, "UserName");
    const std::string arn = user.empty() ? "arn:aws:iam::" + ctx.account() + ":root" : [&] {
        auto doc = ctx.cloud().store().read(
            [&](store::Reader& r) { return get_doc(r, ctx.account(), k_user, entity_key(user)); });
        return doc && *doc ? member(**doc, "Arn") : user_arn_guess(ctx.account(), user);
    }();
    if (auto ok = ctx.authorize("iam:GetAccessKeyLastUsed", arn); !ok) return Unexpected(ok.error());

    // AWS answers "N/A" for service and region of a key never used.
    Node last = Node::make_object();
    if (auto date = member(**key, "LastUsedDate"); !date.empty()) last.add("LastUsedDate", str(date));
    const std::string service = member(**key, "LastUsedService");
    const std::string region = member(**key, "LastUsedRegion");
    last.add("ServiceName", str(service.empty() ? "N/A" : service));
    last.add("Region", str(region.empty() ? "N/A" : region));
    Node out = Node::make_object();
    if (!user.empty()) out.add("UserName", str(user));
    out.add("AccessKeyLastUsed", std::move(last));
    return out;
}

}  // namespace jg::cloud::iam
