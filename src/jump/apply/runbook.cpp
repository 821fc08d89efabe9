#include "jump/apply/runbook.hpp"

#include <fmt/format.h>

#include <functional>
#include <set>
#include <sstream>

#include "jump/apply/bucket.hpp"
#include "jump/apply/deployment.hpp"
#include "jump/apply/identities.hpp"
#include "jump/apply/stack_set.hpp"
#include "jump/apply/stacks.hpp"

namespace jg::jump {

namespace {

// Users onboarded or offboarded at once (each user's own changes stay in order). IAM's
// API takes this concurrency without throttling; locally it keeps both cores busy.
constexpr unsigned k_identity_workers = 4;

// The accounts apply will create (local cloud): nothing in them can be read yet.
using Missing = std::set<std::string>;

Result<std::vector<Change>> plan_stacks(const Connection& target, const Deployment& d, const std::vector<StackSpec>& specs,
                                        const Missing& missing) {
    std::vector<Change> out;
    for (const StackSpec& spec : specs) {
        std::optional<LiveStack> live;
        if (!missing.count(spec.account)) {
            auto read = read_stack(target, spec.account, spec.name);
            if (!read) return Unexpected(read.error());
            live = std::move(*read);
        }
        if (auto c = plan_stack(d, spec, live)) out.push_back(std::move(*c));
    }
    return out;
}

// One named step of apply: its changes, as planned on the live state when it starts.
struct Step {
    const char* name;
    std::function<Result<std::vector<Change>>()> plan;
    std::function<Result<void>(const std::vector<Change>&)> perform;
};

Result<void> perform_stacks(const Connection& target, const Deployment& d, const std::vector<Change>& changes,
                            std::ostream& progress) {
    for (const Change& c : changes)
        if (auto ok = start_stack_change(target, d, c); !ok) return ok;
    return wait_stacks(target, changes, progress);
}

std::vector<Step> steps(const Connection& target, const Config& config, const Deployment& d, const Missing& missing,
                        ApplyContext& ctx) {
    const bool admin_exists = !missing.count(config.admin_account);
    std::ostream& progress = ctx.progress;
    return {
        {"template bucket", [&, admin_exists] { return plan_bucket(target, d, admin_exists); },
         [&](const std::vector<Change>& changes) -> Result<void> {
             for (const Change& c : changes)
                 if (auto ok = apply_bucket_change(target, d, c); !ok) return ok;
             return {};
         }},
        {"admin stacks", [&] { return plan_stacks(target, d, d.admin_stacks, missing); },
         [&](const std::vector<Change>& c) { return perform_stacks(target, d, c, progress); }},
        // After the administration role: the hardened execution role trusts it by ARN, and
        // IAM refuses a trust policy naming a role that does not exist.
        {"execution roles", [&] { return plan_stacks(target, d, d.execution_roles, missing); },
         [&](const std::vector<Change>& c) { return perform_stacks(target, d, c, progress); }},
        {"project groups", [&] { return plan_stacks(target, d, d.project_stacks, missing); },
         [&](const std::vector<Change>& c) { return perform_stacks(target, d, c, progress); }},
        {"role StackSet", [&, admin_exists] { return plan_stack_set(target, d, admin_exists); },
         [&](const std::vector<Change>& c) { return apply_stack_set_changes(target, d, c, progress); }},
        {"identities",
         [&, admin_exists]() -> Result<std::vector<Change>> {
             if (!admin_exists) return plan_identities(config, LiveIdentities{});
             auto live = read_identities(target, config);
             if (!live) return Unexpected(live.error());
             return plan_identities(config, *live);
         },
         [&](const std::vector<Change>& changes) {
             return apply_identity_changes(ctx, config, changes, k_identity_workers);
         }},
        // After the identities: a project's groups lose their members before they go; after
        // the role StackSet: its instances needed the execution roles that go here.
        {"removed stacks",
         [&, admin_exists]() -> Result<std::vector<Change>> {
             if (!admin_exists) return std::vector<Change>{};
             return plan_stack_removals(target, d, config.accounts());
         },
         [&](const std::vector<Change>& c) { return perform_stacks(target, d, c, progress); }},
    };
}

// The file's accounts the local cloud lacks (none on a remote target: they must exist).
Result<Missing> missing_accounts(Connection& target, const Config& config, std::vector<Change>& out) {
    auto ids = target.missing_accounts(config.accounts());
    if (!ids) return Unexpected(ids.error());
    for (const std::string& id : *ids)
        out.push_back(Change{ChangeAction::create, id, "account", id,
                             id == config.admin_account ? "local cloud, admin (jump) account" : "local cloud"});
    return Missing(ids->begin(), ids->end());
}

Error in_step(const char* step, Error e) {
    e.message = fmt::format("{}: {}", step, e.message);
    return e;
}

}  // namespace

Result<std::vector<Change>> plan(Connection& target, const Config& config, const RunbookOptions& options) {
    std::vector<Change> out;
    auto missing = missing_accounts(target, config, out);
    if (!missing) return Unexpected(missing.error());
    auto d = desired_deployment(config);
    if (!d) return Unexpected(d.error());
    std::ostringstream quiet;
    SystemRandom unused;  // planning draws no secrets
    ApplyContext ctx{target, unused, options.secrets_dir, quiet};
    for (const Step& step : steps(target, config, *d, *missing, ctx)) {
        auto changes = step.plan();
        if (!changes) return Unexpected(in_step(step.name, changes.error()));
        out.insert(out.end(), changes->begin(), changes->end());
    }
    return out;
}

Result<ApplyReport> apply(Connection& target, const Config& config, const RunbookOptions& options, Random& random,
                          std::ostream& progress) {
    ApplyReport report;
    auto d = desired_deployment(config);
    if (!d) return Unexpected(d.error());

    // Step 1: the accounts (local cloud): everything after acts inside them.
    std::vector<Change> accounts;
    auto missing = missing_accounts(target, config, accounts);
    if (!missing) return Unexpected(missing.error());
    if (target.is_local()) {
        progress << fmt::format("[accounts] {} of {} account(s) to create\n", accounts.size(),
                                config.accounts().size());
        if (auto ok = target.create_accounts(std::vector<std::string>(missing->begin(), missing->end()), progress);
            !ok)
            return Unexpected(ok.error());
        report.done.insert(report.done.end(), accounts.begin(), accounts.end());
    }

    // Then the runbook's steps, each planned on the live state as it stands when it starts.
    ApplyContext ctx{target, random, options.secrets_dir, progress};
    const Missing none;
    for (const Step& step : steps(target, config, *d, none, ctx)) {
        auto changes = step.plan();
        if (!changes) return Unexpected(in_step(step.name, changes.error()));
        progress << fmt::format("[{}] {} change(s)\n", step.name, changes->size());
        for (const Change& c : *changes)
            progress << fmt::format("  {} {} {} {}\n", action_name(c.action), c.account, c.kind, c.name);
        if (changes->empty()) continue;
        if (auto ok = step.perform(*changes); !ok) return Unexpected(in_step(step.name, ok.error()));
        report.done.insert(report.done.end(), changes->begin(), changes->end());
    }
    return report;
}

}  // namespace jg::jump
