#include "cloud/iam/login_profile.hpp"

#include <fmt/format.h>

namespace jg::cloud::iam {

namespace {

const std::string* string_member(const Node& node, std::string_view key) {
    const Node* n = node.find(key);
    return n && n->is_string() ? &n->text : nullptr;
}

Result<Time> time_member(const Node& node, std::string_view key) {
    const std::string* text = string_member(node, key);
    if (!text) return fail("InternalFailure", fmt::format("stored login profile has no {}", key));
    return parse_iso8601(*text);
}

}  // namespace

Node login_profile_to_node(const LoginProfile& p) {
    Node n = login_profile_output(p);
    n.add("PasswordHash", Node::make_string(p.password_hash));
    n.add("PasswordLastChanged", Node::make_string(format_iso8601(p.password_last_changed, true)));
    Node history = Node::make_array();
    for (const auto& h : p.previous_hashes) history.push(Node::make_string(h));
    n.add("PreviousPasswordHashes", std::move(history));
    return n;
}

Result<LoginProfile> login_profile_from_node(const Node& n) {
    if (!n.is_object()) return fail("InternalFailure", "stored login profile is not an object");
    LoginProfile p;
    const std::string* user = string_member(n, "UserName");
    const std::string* hash = string_member(n, "PasswordHash");
    if (!user || !hash) return fail("InternalFailure", "stored login profile lacks UserName or PasswordHash");
    p.user_name = *user;
    p.password_hash = *hash;
    auto created = time_member(n, "CreateDate");
    if (!created) return tl::unexpected(created.error());
    p.create_date = *created;
    auto changed = time_member(n, "PasswordLastChanged");
    if (!changed) return tl::unexpected(changed.error());
    p.password_last_changed = *changed;
    const Node* reset = n.find("PasswordResetRequired");
    p.password_reset_required = reset && reset->text == "true";
    if (const Node* history = n.find("PreviousPasswordHashes"); history && history->is_array())
        for (const Node& h : history->items)
            if (h.is_string()) p.previous_hashes.push_back(h.text);
    return p;
}

Node login_profile_output(const LoginProfile& p) {
    Node n = Node::make_object();
    n.add("UserName", Node::make_string(p.user_name));
    n.add("CreateDate", Node::make_string(format_iso8601(p.create_date)));
    n.add("PasswordResetRequired", Node::make_bool(p.password_reset_required));
    return n;
}

Result<void> set_password(LoginProfile& profile, std::string_view password,
                          const std::optional<PasswordPolicy>& policy, Time now, Random& random,
                          const ScryptParams& params) {
    if (auto ok = check_password(policy, password); !ok) return ok;

    // PasswordReusePrevention = N refuses the N most recent passwords, the current one
    // included (a new profile has no current password yet).
    const int reuse = policy && policy->password_reuse_prevention ? *policy->password_reuse_prevention : 0;
    if (reuse > 0) {
        std::vector<const std::string*> recent;
        if (!profile.password_hash.empty()) recent.push_back(&profile.password_hash);
        for (const auto& h : profile.previous_hashes) {
            if (recent.size() >= static_cast<std::size_t>(reuse)) break;
            recent.push_back(&h);
        }
        for (const std::string* h : recent) {
            auto same = verify_password(password, *h);
            if (!same) return tl::unexpected(same.error());
            // AWS's wording for this case is not recorded; ours names the rule.
            if (*same)
                return fail("PasswordPolicyViolation",
                            fmt::format("Password should not be one of your previous {} passwords", reuse));
        }
    }

    auto hash = hash_password(password, random, params);
    if (!hash) return tl::unexpected(hash.error());
    if (!profile.password_hash.empty()) {
        profile.previous_hashes.insert(profile.previous_hashes.begin(), std::move(profile.password_hash));
        if (profile.previous_hashes.size() > static_cast<std::size_t>(k_password_reuse_ceiling))
            profile.previous_hashes.resize(static_cast<std::size_t>(k_password_reuse_ceiling));
    }
    profile.password_hash = std::move(*hash);
    profile.password_last_changed = now;
    return {};
}

Result<bool> password_matches(const LoginProfile& profile, std::string_view password) {
    return verify_password(password, profile.password_hash);
}

Result<bool> sign_in(LoginProfile& profile, std::string_view password, Random& random, bool& upgraded,
                     const ScryptParams& params) {
    upgraded = false;
    auto matches = verify_password(password, profile.password_hash);
    if (!matches || !*matches) return matches;
    auto weaker = needs_rehash(profile.password_hash, params);
    if (!weaker) return Unexpected(weaker.error());
    if (*weaker) {
        auto hash = hash_password(password, random, params);
        if (!hash) return Unexpected(hash.error());
        profile.password_hash = std::move(*hash);
        upgraded = true;
    }
    return true;
}

}  // namespace jg::cloud::iam
