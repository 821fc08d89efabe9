// Local accounts: a 12-digit id, an optional alias, and a root principal with generated
// root access keys. Not an AWS API: the CLI (`jumpgate cloud account add`) and tests
// create accounts directly.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cloud/cloud.hpp"
#include "core/error.hpp"

namespace jg::cloud {

struct Account {
    std::string id;
    std::string alias;  // "" when none
    std::string root_access_key_id;
    std::string root_secret_access_key;
    Time create_date{};
};

// Creates the account and its root access key in one transaction. Errors:
// ValidationError (id not 12 digits, alias not 3–63 of [a-z0-9-] without leading or
// trailing '-'), EntityAlreadyExists (id or alias taken).
Result<Account> add_account(Cloud& cloud, const std::string& id, const std::string& alias = {});
Result<std::optional<Account>> find_account(Cloud& cloud, const std::string& id);
Result<std::vector<Account>> list_accounts(Cloud& cloud);

// The jumpgate home: `flag` if given, else $JUMPGATE_HOME, else ~/.jumpgate.
std::string resolve_home(const std::string& flag);

}  // namespace jg::cloud
