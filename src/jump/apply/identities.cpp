#include "jump/apply/identities.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/strings.hpp"
#include "jump/apply/first_password.hpp"
#include "jump/apply/offboard.hpp"

namespace jg::jump {

namespace {

bool has_managed_tag(const Node& user) {
    if (const Node* tags = user.find("Tags"); tags && tags->is_array())
        for (const Node& t : tags->items)
            if (member_text(t, "Key") == k_managed_tag_key && member_text(t, "Value") == k_managed_tag_value)
                return true;
    return false;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

Change change(ChangeAction action, const Config& c, const char* kind, std::string name, std::string detail = {}) {
    return Change{action, c.admin_account, kind, std::move(name), std::move(detail)};
}

Node managed_tags() {
    Node tags = Node::make_array();
    Node tag = Node::make_object();
    tag.add("Key", Node::make_string(k_managed_tag_key));
    tag.add("Value", Node::make_string(k_managed_tag_value));
    tags.push(std::move(tag));
    return tags;
}

}  // namespace

Result<LiveIdentities> read_identities(const Connection& target, const Config& config) {
    LiveIdentities live;
    const std::string& admin = config.admin_account;
    auto policy = target.call(admin, "iam", "GetAccountPasswordPolicy", Node::make_object());
    if (policy) {
        if (const Node* p = policy->find("PasswordPolicy")) live.password_policy = *p;
    } else if (policy.error().code != "NoSuchEntity") {
        return Unexpected(policy.error());
    }
    // One paginated call gives every user with its tags and groups.
    Node input = Node::make_object();
    Node filter = Node::make_array();
    filter.push(Node::make_string("User"));
    input.add("Filter", std::move(filter));
    input.add("MaxItems", Node::make_number("1000"));  // IAM's largest page: fewer round trips
    auto users = target.iam_list_all(admin, "GetAccountAuthorizationDetails", std::move(input), "UserDetailList");
    if (!users) return Unexpected(users.error());
    for (const Node& u : *users) {
        LiveUser user;
        user.managed = has_managed_tag(u);
        if (const Node* groups = u.find("GroupList"); groups && groups->is_array())
            for (const Node& g : groups->items) user.groups.push_back(g.text);
        live.users.emplace(member_text(u, "UserName"), std::move(user));
    }
    // Login profiles of the declared users that exist (a missing one is re-created).
    for (const UserSpec& spec : config.users) {
        auto it = live.users.find(spec.name);
        if (it == live.users.end()) continue;
        auto profile = target.call(admin, "iam", "GetLoginProfile", input_of({{"UserName", spec.name}}));
        if (profile) it->second.login_profile = true;
        else if (profile.error().code != "NoSuchEntity") return Unexpected(profile.error());
    }
    return live;
}

std::vector<Change> plan_identities(const Config& config, const LiveIdentities& live) {
    std::vector<Change> users, profiles, joins, leaves, offboards;
    for (const UserSpec& spec : config.users) {
        auto it = live.users.find(spec.name);
        const LiveUser* have = it == live.users.end() ? nullptr : &it->second;
        if (!have)
            users.push_back(change(ChangeAction::create, config, "user", spec.name,
                                   spec.groups.empty() ? "no groups" : "groups: " + join(spec.groups, ", ")));
        else if (!have->managed) {
            users.push_back(change(ChangeAction::update, config, "user", spec.name,
                                   fmt::format("adopt: tag {}={}", k_managed_tag_key, k_managed_tag_value)));
            users.back().adoption = true;
        }
        if (!have || !have->login_profile)
            profiles.push_back(change(ChangeAction::create, config, "login-profile", spec.name,
                                      "random first password, PasswordResetRequired"));
        for (const std::string& g : spec.groups)
            if (!have || !contains(have->groups, g))
                joins.push_back(change(ChangeAction::create, config, "membership", spec.name + " → " + g));
        if (have)
            for (const std::string& g : have->groups)
                if (!contains(spec.groups, g))
                    leaves.push_back(change(ChangeAction::remove, config, "membership", spec.name + " → " + g));
    }
    for (const auto& [name, user] : live.users)
        if (user.managed && !config.find_user(name))
            offboards.push_back(change(ChangeAction::remove, config, "user", name,
                                       "offboarding: login profile, access keys, MFA devices, SSH keys, signing "
                                       "certificates, policies, memberships, then the user"));

    std::vector<Change> out;
    if (!live.password_policy || !password_policy_matches(*live.password_policy)) {
        out.push_back(change(live.password_policy ? ChangeAction::update : ChangeAction::create, config,
                             "password-policy", "account password policy",
                             "14+ characters, upper, lower, digits, symbols, no reuse of the last 24"));
        out.back().adoption = true;  // jumpgate's own policy, not something the file declares
    }
    for (auto* part : {&users, &profiles, &joins, &leaves, &offboards})
        out.insert(out.end(), part->begin(), part->end());
    return out;
}

Result<void> apply_identity_change(const ApplyContext& ctx, const Config& config, const Change& c) {
    const std::string& admin = config.admin_account;
    const Connection& t = ctx.target;
    auto done = [](const Result<Node>& r) -> Result<void> {
        if (!r) return Unexpected(r.error());
        return {};
    };
    if (c.kind == "password-policy")
        return done(t.call(admin, "iam", "UpdateAccountPasswordPolicy", password_policy_input()));
    if (c.kind == "user" && c.action == ChangeAction::create) {
        Node in = input_of({{"UserName", c.name}});
        in.add("Tags", managed_tags());
        return done(t.call(admin, "iam", "CreateUser", in));
    }
    if (c.kind == "user" && c.action == ChangeAction::update) {
        Node in = input_of({{"UserName", c.name}});
        in.add("Tags", managed_tags());
        return done(t.call(admin, "iam", "TagUser", in));
    }
    if (c.kind == "user" && c.action == ChangeAction::remove) return offboard_user(t, admin, c.name, ctx.progress);
    if (c.kind == "login-profile") {
        std::string password = first_password(ctx.random);
        Node in = input_of({{"UserName", c.name}, {"Password", password}});
        in.add("PasswordResetRequired", Node::make_bool(true));
        if (auto ok = t.call(admin, "iam", "CreateLoginProfile", in); !ok) return Unexpected(ok.error());
        auto path = write_first_password(ctx.secrets_dir, c.name, password, sign_in_url(admin));
        if (!path) return Unexpected(path.error());
        ctx.progress << "    first password of " << c.name << " written to " << *path << "\n";
        return {};
    }
    if (c.kind == "membership") {
        size_t arrow = c.name.find(" → ");
        std::string user = c.name.substr(0, arrow);
        std::string group = c.name.substr(arrow + std::string_view(" → ").size());
        const char* action = c.action == ChangeAction::create ? "AddUserToGroup" : "RemoveUserFromGroup";
        return done(t.call(admin, "iam", action, input_of({{"UserName", user}, {"GroupName", group}})));
    }
    return fail("InternalFailure", fmt::format("no way to apply a {} {}", action_name(c.action), c.kind));
}

}  // namespace jg::jump
