#include "jump/apply/runbook.hpp"

#include <fmt/format.h>

#include "jump/apply/identities.hpp"

namespace jg::jump {

namespace {

// The live identities of the admin account; empty when the account does not exist yet
// (local cloud, first apply).
Result<LiveIdentities> live_identities(const Target& target, const Config& config, bool admin_missing) {
    if (admin_missing) return LiveIdentities{};
    return read_identities(target, config);
}

bool admin_is_missing(const std::vector<Change>& accounts, const Config& config) {
    for (const Change& c : accounts)
        if (c.account == config.admin_account) return true;
    return false;
}

}  // namespace

Result<std::vector<Change>> plan(const Target& target, const Config& config, const RunbookOptions& options) {
    std::vector<Change> out;
    std::vector<Change> accounts;
    if (options.local) {
        auto missing = options.local->missing_accounts(config);
        if (!missing) return Unexpected(missing.error());
        accounts = std::move(*missing);
    }
    out.insert(out.end(), accounts.begin(), accounts.end());
    auto live = live_identities(target, config, admin_is_missing(accounts, config));
    if (!live) return Unexpected(live.error());
    auto identities = plan_identities(config, *live);
    out.insert(out.end(), identities.begin(), identities.end());
    return out;
}

Result<ApplyReport> apply(const Target& target, const Config& config, const RunbookOptions& options, Random& random,
                          std::ostream& progress) {
    ApplyReport report;

    // Step 1: the accounts (local cloud): everything after acts inside them.
    if (options.local) {
        auto missing = options.local->missing_accounts(config);
        if (!missing) return Unexpected(missing.error());
        progress << fmt::format("[accounts] {} of {} account(s) to create\n", missing->size(), config.accounts().size());
        if (auto ok = options.local->create_accounts(*missing, progress); !ok) return Unexpected(ok.error());
        report.done.insert(report.done.end(), missing->begin(), missing->end());
    }

    // Step 2: the identities of the admin account (the article's 2-5, 4 and offboarding).
    auto live = read_identities(target, config);
    if (!live) return Unexpected(live.error());
    auto changes = plan_identities(config, *live);
    progress << fmt::format("[identities] {} change(s) in the admin account {}\n", changes.size(), config.admin_account);
    ApplyContext ctx{target, random, options.secrets_dir, progress};
    for (const Change& c : changes) {
        progress << fmt::format("  {} {} {}\n", action_name(c.action), c.kind, c.name);
        if (auto ok = apply_identity_change(ctx, config, c); !ok) {
            Error e = ok.error();
            e.message = fmt::format("identities: {} {} {}: {}", action_name(c.action), c.kind, c.name, e.message);
            return Unexpected(std::move(e));
        }
        report.done.push_back(c);
    }
    return report;
}

}  // namespace jg::jump
