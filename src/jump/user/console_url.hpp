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
//
// With `endpoint_url` (a `jumpgate serve` URL, http(s)://HOST:PORT) the link is the local
// console's: ENDPOINT/_console/switchrole?… with the same query.
Result<std::string> switch_role_url(std::string_view account, std::string_view role, std::string_view display_name,
                                    std::string_view endpoint_url = {});

// Where `jumpgate serve` mounts its console: a path no S3 bucket can have (bucket names
// hold neither '_' nor capitals), so path-style S3 keeps every other path.
inline constexpr std::string_view k_local_console_prefix = "/_console/";

// JavaScript's encodeURIComponent: everything but A-Z a-z 0-9 - _ . ! ~ * ' ( ) as
// %XX of its UTF-8 bytes (upper-case hex).
std::string encode_uri_component(std::string_view text);

}  // namespace jg::jump::user
