// The live state of accounts through AwsApi: GetAccountAuthorizationDetails (every
// page), then per user ListMFADevices, ListAccessKeys, GetLoginProfile, and the
// account's password policy — the same document load_account reads from files.
#pragma once

#include <string>
#include <vector>

#include "jump/api/aws_api.hpp"
#include "jump/audit/state.hpp"

namespace jg::jump::audit {

struct AccountAccess {
    std::string account;
    AwsCredentials credentials;  // allowed to read the account's IAM
};

// The collected document of one account (load_account's input, "AccountId" set).
[[nodiscard]] Result<Node> collect_account(AwsApi& api, const AccountAccess& access, const std::string& region);

// Every account, loaded into a State.
[[nodiscard]] Result<State> collect_state(AwsApi& api, const std::vector<AccountAccess>& accounts,
                                          const std::string& region);

}  // namespace jg::jump::audit
