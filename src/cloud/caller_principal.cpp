#include "cloud/caller_principal.hpp"

#include "cloud/iam/keys.hpp"
#include "cloud/iam/user_lookup.hpp"

namespace jg::cloud {

namespace {

Unexpected invalid_token() {
    return fail("InvalidClientTokenId", "The security token included in the request is invalid.");
}

}  // namespace

Result<void> check_principal(store::Reader& r, Caller& caller) {
    if (caller.is_root) return {};
    if (caller.kind == CredentialKind::role_session) {
        auto role = iam::get_doc(r, caller.account, iam::k_role, iam::entity_key(caller.role_name));
        if (!role) return Unexpected(role.error());
        if (!*role || caller.role_id.empty() || iam::member(**role, "RoleId") != caller.role_id) return invalid_token();
        return {};
    }
    if (caller.user_name.empty()) return invalid_token();
    auto user = iam::find_user(r, caller.account, caller.user_id, caller.user_name);
    if (!user) return Unexpected(user.error());
    if (!*user) return invalid_token();
    caller.user_id = iam::member(**user, "UserId");
    caller.user_name = iam::member(**user, "UserName");
    if (caller.kind == CredentialKind::user || caller.kind == CredentialKind::session_token)
        caller.arn = iam::member(**user, "Arn");
    return {};
}

}  // namespace jg::cloud
