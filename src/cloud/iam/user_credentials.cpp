#include "cloud/iam/user_credentials.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cloud::iam {

const UserCredentialKind k_ssh_public_keys{
    "ssh-public-key", "SSHPublicKeyId", 20, "SSHPublicKeysPerUser", 5,
    "The Public Key with id {} cannot be found.", "Cannot delete entity, must delete SSH public keys first.", true};
const UserCredentialKind k_signing_certificates{
    "signing-certificate", "CertificateId", 24, "CertificatesPerUser", 2,
    "The Certificate with id {} cannot be found.", "Cannot delete entity, must delete signing certificates first.",
    false};

namespace {

std::string store_name(const TargetUser& t, std::string_view id) { return child_key(t.name, id); }

// Ids are word characters ([\w]+), at least kind.id_min_length and at most 128.
Result<std::string> read_id(const Node& input, const UserCredentialKind& kind) {
    auto id = required_string(input, kind.id_member);
    if (!id) return id;
    if (auto ok = check_length(kind.id_member, *id, kind.id_min_length, 128); !ok) return Unexpected(ok.error());
    for (char c : *id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
            return validation_error(kind.id_member, *id, "Member must satisfy regular expression pattern: [\\w]+");
    return id;
}

}  // namespace

Result<std::vector<Node>> user_credentials(store::Reader& r, std::string_view account, const UserCredentialKind& kind,
                                           std::string_view user) {
    auto page = r.list(account, kind.store_kind, {.prefix = child_key(user, ""), .after = {}, .limit = 0});
    if (!page) return Unexpected(page.error());
    std::vector<Node> out;
    for (const auto& e : page->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", "a stored credential is not JSON");
        out.push_back(std::move(*doc));
    }
    return out;
}

Result<Node> find_user_credential(store::Reader& r, CallContext& ctx, const UserCredentialKind& kind,
                                  const TargetUser& target, std::string_view id) {
    auto doc = get_doc(r, ctx.account(), kind.store_kind, store_name(target, id));
    if (!doc) return Unexpected(doc.error());
    if (!*doc) return fail("NoSuchEntity", fmt::format(fmt::runtime(kind.not_found), id));
    return std::move(**doc);
}

Result<Node> add_user_credential(CallContext& ctx, const UserCredentialKind& kind,
                                 Node doc, std::string_view duplicate_code, std::string_view duplicate_message,
                                 std::string_view compare_member) {
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        // The user may have gone since the authorisation: look again inside the transaction.
        auto again = target_user(ctx, tx, 128, kind.user_name_required);
        if (!again) return Unexpected(again.error());
        auto existing = user_credentials(tx, ctx.account(), kind, again->name);
        if (!existing) return Unexpected(existing.error());
        for (const Node& e : *existing)
            if (member(e, compare_member) == member(doc, compare_member))
                return fail(std::string(duplicate_code), std::string(duplicate_message));
        if (existing->size() >= kind.quota)
            return fail("LimitExceeded", fmt::format("Cannot exceed quota for {}: {}", kind.quota_name, kind.quota));
        if (auto ok = tx.insert(ctx.account(), kind.store_kind, store_name(*again, member(doc, kind.id_member)),
                                to_json(doc));
            !ok)
            return Unexpected(ok.error());
        return doc;
    });
}

Result<Node> list_user_credentials(CallContext& ctx, const UserCredentialKind& kind, std::string_view action,
                                   std::string_view list_member, Node (*view)(const Node&)) {
    auto paging = read_paging(ctx.input());
    if (!paging) return Unexpected(paging.error());
    auto target = authorized_user(ctx, action);
    if (!target) return Unexpected(target.error());
    return ctx.cloud().store().read([&](store::Reader& r) -> Result<Node> {
        auto all = user_credentials(r, ctx.account(), kind, target->name);
        if (!all) return Unexpected(all.error());
        Node list = Node::make_array();
        store::Page page;
        for (const Node& c : *all) {
            const std::string id = member(c, kind.id_member);
            if (!paging->marker.empty() && id <= paging->marker) continue;
            if (list.items.size() == paging->max_items) {
                page.truncated = true;
                break;
            }
            list.push(view(c));
            page.entries.push_back({id, {}});
        }
        Node out = Node::make_object();
        out.add(std::string(list_member), std::move(list));
        add_paging(out, page);
        return out;
    });
}

Result<Node> update_user_credential(CallContext& ctx, const UserCredentialKind& kind, std::string_view action) {
    auto id = read_id(ctx.input(), kind);
    if (!id) return Unexpected(id.error());
    auto status = optional_enum(ctx.input(), "Status", {"Active", "Inactive"});
    if (!status) return Unexpected(status.error());
    if (!*status) return validation_error("Status", std::nullopt, "Member must not be null");
    auto target = authorized_user(ctx, action, 128, kind.user_name_required);
    if (!target) return Unexpected(target.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = find_user_credential(tx, ctx, kind, *target, *id);
        if (!doc) return Unexpected(doc.error());
        if (Node* s = doc->find("Status")) *s = str(**status);
        if (auto ok = put_doc(tx, ctx.account(), kind.store_kind, store_name(*target, *id), *doc); !ok)
            return Unexpected(ok.error());
        return empty_output();
    });
}

Result<Node> delete_user_credential(CallContext& ctx, const UserCredentialKind& kind, std::string_view action) {
    auto id = read_id(ctx.input(), kind);
    if (!id) return Unexpected(id.error());
    auto target = authorized_user(ctx, action, 128, kind.user_name_required);
    if (!target) return Unexpected(target.error());
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = find_user_credential(tx, ctx, kind, *target, *id);
        if (!doc) return Unexpected(doc.error());
        if (auto ok = tx.erase(ctx.account(), kind.store_kind, store_name(*target, *id)); !ok)
            return Unexpected(ok.error());
        return empty_output();
    });
}

}  // namespace jg::cloud::iam
