#include "cloud/iam/user_lookup.hpp"

#include "cloud/iam/keys.hpp"

namespace jg::cloud::iam {

Result<std::optional<Node>> find_user(store::Reader& r, std::string_view account, std::string_view user_id,
                                      std::string_view name) {
    std::string current(name);
    if (!user_id.empty()) {
        auto index = get_doc(r, account, k_user_id, user_id);
        if (!index) return Unexpected(index.error());
        if (*index) current = member(**index, "UserName");
    }
    auto doc = get_doc(r, account, k_user, entity_key(current));
    if (!doc) return doc;
    if (*doc && !user_id.empty() && member(**doc, "UserId") != user_id) return std::optional<Node>{};
    return doc;
}

}  // namespace jg::cloud::iam
