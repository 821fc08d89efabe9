// The IAM side of the runbook in the admin account (the article's 2-5 and 4, and the
// offboarding): the password policy, the users with their login profiles, and their
// group memberships. Users jumpgate created carry the tag ManagedBy=jumpgate; only those
// are removed when the file no longer declares them (a break-glass or operator user the
// file never named is left alone). A declared user that exists untagged is adopted.
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "jump/apply/change.hpp"
#include "jump/api/connection.hpp"
#include "jump/config/config.hpp"

namespace jg::jump {

inline constexpr const char* k_managed_tag_key = "ManagedBy";
inline constexpr const char* k_managed_tag_value = "jumpgate";

struct LiveUser {
    bool managed = false;
    std::vector<std::string> groups;
    bool login_profile = false;  // looked up for declared users only
};

// What the admin account holds now.
struct LiveIdentities {
    std::optional<Node> password_policy;  // absent: NoSuchEntity
    std::map<std::string, LiveUser> users;
};

Result<LiveIdentities> read_identities(const Connection& target, const Config& config);

// Changes in apply order: password policy, users (create/adopt), login profiles,
// memberships added, memberships removed, users offboarded.
std::vector<Change> plan_identities(const Config& config, const LiveIdentities& live);

struct ApplyContext {
    const Connection& target;
    Random& random;
    std::string secrets_dir;  // where new users' first-password files go
    std::ostream& progress;
};

// Performs one change of plan_identities.
Result<void> apply_identity_change(const ApplyContext& ctx, const Config& config, const Change& change);

// Performs the changes of plan_identities: the password policy first (new passwords are
// checked against it), then each user's changes in their order, `workers` users at a time
// (a login profile's password hash costs ~10 ms of CPU; 2,000 users one by one take
// minutes). Progress lines of one change stay together. Stops taking new users at the
// first failure and returns it (changes of other users already under way finish).
Result<void> apply_identity_changes(const ApplyContext& ctx, const Config& config, const std::vector<Change>& changes,
                                    unsigned workers);

}  // namespace jg::jump
