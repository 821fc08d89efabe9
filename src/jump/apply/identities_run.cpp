// apply_identity_changes: the identities step with users in parallel (identities.hpp).
#include <algorithm>
#include <atomic>
#include <optional>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "jump/apply/identities.hpp"

namespace jg::jump {

namespace {

// The user a change is about ("NAME" or "NAME → GROUP"); "" for account-wide changes.
std::string user_of(const Change& c) {
    if (c.kind == "user" || c.kind == "login-profile") return c.name;
    if (c.kind == "membership") return c.name.substr(0, c.name.find(" → "));
    return {};
}

}  // namespace

Result<void> apply_identity_changes(const ApplyContext& ctx, const Config& config, const std::vector<Change>& changes,
                                    unsigned workers) {
    // Account-wide changes first, then one ordered list per user (users in first-seen order).
    std::vector<std::vector<const Change*>> per_user;
    std::map<std::string, std::size_t> index;
    for (const Change& c : changes) {
        const std::string user = user_of(c);
        if (user.empty()) {
            if (auto ok = apply_identity_change(ctx, config, c); !ok) return ok;
            continue;
        }
        auto [it, fresh] = index.emplace(user, per_user.size());
        if (fresh) per_user.emplace_back();
        per_user[it->second].push_back(&c);
    }

    std::mutex mutex;  // guards the progress stream and the first error
    std::optional<Error> first_error;
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    auto work = [&] {
        for (std::size_t i; !stop && (i = next++) < per_user.size();) {
            for (const Change* c : per_user[i]) {
                std::ostringstream lines;
                ApplyContext mine{ctx.target, ctx.random, ctx.secrets_dir, lines};
                auto ok = apply_identity_change(mine, config, *c);
                std::lock_guard lock(mutex);
                ctx.progress << lines.str();
                if (!ok) {
                    if (!first_error) first_error = ok.error();
                    stop = true;
                    break;
                }
            }
        }
    };
    const unsigned n = std::max(1u, std::min<unsigned>(workers, static_cast<unsigned>(per_user.size())));
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < n; ++t) threads.emplace_back(work);
    work();
    for (auto& t : threads) t.join();
    if (first_error) return Unexpected(std::move(*first_error));
    return {};
}

}  // namespace jg::jump
