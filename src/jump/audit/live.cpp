#include "jump/audit/live.hpp"

#include <algorithm>

#include "jump/audit/collect.hpp"

namespace jg::jump::audit {

Result<std::vector<std::string>> live_accounts(const Connection& connection, const std::vector<std::string>& wanted,
                                               const Config* config) {
    if (!connection.is_local()) {
        if (!wanted.empty()) return wanted;
        if (config) return config->accounts();
        return fail("InvalidArgument", "a remote target cannot list its accounts: name them with --accounts A,B or "
                                       "give the declarative file with -f");
    }
    auto all = connection.known_accounts();
    if (!all) return Unexpected(all.error());
    auto has = [&](const std::string& id) { return std::find(all->begin(), all->end(), id) != all->end(); };
    for (const auto& id : wanted)
        if (!has(id)) return fail("NoSuchEntity", "account " + id + " does not exist in " + connection.describe());
    std::vector<std::string> out;
    if (!wanted.empty()) {
        std::copy_if(all->begin(), all->end(), std::back_inserter(out), [&](const std::string& id) {
            return std::find(wanted.begin(), wanted.end(), id) != wanted.end();
        });
    } else if (config) {
        const auto file = config->accounts();
        std::copy_if(all->begin(), all->end(), std::back_inserter(out),
                     [&](const std::string& id) { return std::find(file.begin(), file.end(), id) != file.end(); });
    } else {
        out = *all;
    }
    if (out.empty())
        return fail("NoSuchEntity",
                    connection.describe() + " has no accounts" + (config ? " of the file " + config->path : std::string()));
    return out;
}

Result<State> read_live_state(const Connection& connection, const std::vector<std::string>& accounts) {
    std::vector<AccountAccess> access;
    for (const std::string& id : accounts) {
        auto creds = connection.credentials(id);
        if (!creds) return Unexpected(creds.error());
        access.push_back({id, std::move(*creds)});
    }
    return collect_state(connection.api(), access, connection.region());
}

Result<State> read_live(ConnectionOptions options, const std::vector<std::string>& wanted, const Config* config) {
    options.region.clear();
    auto connection = Connection::open(options);
    if (!connection) return Unexpected(connection.error());
    auto accounts = live_accounts(**connection, wanted, config);
    if (!accounts) return Unexpected(accounts.error());
    return read_live_state(**connection, *accounts);
}

}  // namespace jg::jump::audit
