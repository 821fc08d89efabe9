// Users by unique id. Credentials (access keys, session tokens) name the user's unique id
// (AIDA…) besides its name, so that a user deleted and re-created under the same name is
// another principal, and a user renamed by UpdateUser is still found.
//
// Store: per account, kind k_user_id, name = UserId: {"UserName"} (written by CreateUser
// and UpdateUser, erased by DeleteUser). Access key documents (keys.hpp's k_access_key)
// carry "UserId" too, except keys stored before it (checked by name: DeleteUser refuses
// while a user has keys, so such a key cannot outlive its user).
#pragma once

#include <optional>
#include <string_view>

#include "cloud/store/store.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::iam {

inline constexpr std::string_view k_user_id = "user-id";

// The user whose unique id is `user_id` (by the k_user_id index, or by `name` in homes
// older than it); with an empty `user_id`, the user named `name`. nullopt when there is
// none, or when the user of that name has another id (deleted and re-created).
Result<std::optional<Node>> find_user(store::Reader& r, std::string_view account, std::string_view user_id,
                                      std::string_view name);

}  // namespace jg::cloud::iam
