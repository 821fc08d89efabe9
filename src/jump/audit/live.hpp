// Which accounts a live audit or access matrix reads, and reading them through the
// connection — the local cloud or any endpoint (`--endpoint-url`, `--aws`), each account
// with the credentials the connection holds for it (its root locally, its profile remotely).
#pragma once

#include <string>
#include <vector>

#include "jump/api/connection.hpp"
#include "jump/audit/state.hpp"
#include "jump/config/config.hpp"

namespace jg::jump::audit {

// The accounts to read: `wanted` (--accounts) when given, each of which must exist
// locally; else the file's accounts (locally those the cloud has: drift names the
// others); else every local account. A remote target cannot list its accounts: it needs
// `wanted` or the file. Errors NoSuchEntity, InvalidArgument.
[[nodiscard]] Result<std::vector<std::string>> live_accounts(const Connection& connection,
                                                             const std::vector<std::string>& wanted,
                                                             const Config* config);

// Reads those accounts' IAM (authorization details, MFA devices, keys, login profiles,
// password policy) into a State.
[[nodiscard]] Result<State> read_live_state(const Connection& connection, const std::vector<std::string>& accounts);

// Both in one: opens the connection on the default region (IAM is global, and reading
// writes only the root keys' last use: no fsync per account — WAL with synchronous=NORMAL
// still survives a crash), chooses the accounts as live_accounts does, reads them.
[[nodiscard]] Result<State> read_live(ConnectionOptions options, const std::vector<std::string>& wanted,
                                      const Config* config);

}  // namespace jg::jump::audit
