#include "cloud/iam/keys.hpp"

#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cloud::iam {

std::string entity_key(std::string_view name) { return to_lower(name); }

std::string child_key(std::string_view parent_name, std::string_view child) {
    return to_lower(parent_name) + "/" + std::string(child);
}

Result<std::optional<Node>> get_doc(store::Reader& r, std::string_view account, std::string_view kind,
                                    std::string_view name) {
    auto body = r.get(account, kind, name);
    if (!body) return Unexpected(body.error());
    if (!*body) return std::optional<Node>{};
    auto node = parse_json(**body);
    if (!node) return fail("InternalFailure", "stored document " + std::string(kind) + "/" + std::string(name) +
                                                  " is not JSON: " + node.error().message);
    return std::optional<Node>(std::move(*node));
}

Result<void> put_doc(store::Tx& tx, std::string_view account, std::string_view kind, std::string_view name,
                     const Node& doc) {
    return tx.put(account, kind, name, to_json(doc));
}

static std::string generation_counter(std::string_view account) {
    return "iam-generation/" + std::string(account);
}

Result<void> policies_changed(store::Tx& tx, std::string_view account) {
    auto r = tx.increment(generation_counter(account));
    if (!r) return Unexpected(r.error());
    return {};
}

Result<std::int64_t> policy_generation(store::Reader& r, std::string_view account) {
    return r.counter(generation_counter(account));
}

std::string member(const Node& doc, std::string_view key) {
    const Node* v = doc.find(key);
    return v && v->is_scalar() ? v->text : std::string{};
}

}  // namespace jg::cloud::iam
