// The AWS console's switch-role link: opening it in a signed-in browser fills in the
// console's "Switch role" form (account, role, display name), the article's step 3-2.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jg::jump::user {

// https://signin.aws.amazon.com/switchrole?account=ID&roleName=ROLE[&displayName=D], each
// value encoded as the console's own links encode them (JavaScript's
// encodeURIComponent). `account` is a 12-digit id or an account alias; `role` an IAM
// role name, optionally with its path ("team/role-admin" for /team/role-admin).
// Errors ("InvalidArgument") name the bad value.
Result<std::string> switch_role_url(std::string_view account, std::string_view role, std::string_view display_name);

// JavaScript's encodeURIComponent: everything but A-Z a-z 0-9 - _ . ! ~ * ' ( ) as
// %XX of its UTF-8 bytes (upper-case hex).
std::string encode_uri_component(std::string_view text);

}  // namespace jg::jump::user
