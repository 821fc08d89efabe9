#include "jump/import/read_users.hpp"

#include <fmt/format.h>

#include <set>

#include "core/strings.hpp"
#include "jump/apply/first_password.hpp"
#include "jump/apply/identities.hpp"
#include "jump/config/config.hpp"

namespace jg::jump {

Result<void> read_import_users(const Connection& target, const std::string& admin, Imported& m) {
    Node input = Node::make_object();
    Node filter = Node::make_array();
    filter.push(Node::make_string("User"));
    input.add("Filter", std::move(filter));
    input.add("MaxItems", Node::make_number("1000"));
    auto users = target.iam_list_all(admin, "GetAccountAuthorizationDetails", std::move(input), "UserDetailList");
    if (!users) return Unexpected(users.error());
    std::set<std::string> groups;
    for (const Tier& t : default_tiers()) {
        groups.insert("group-" + t.name);
        for (const ImportedProject& p : m.projects) groups.insert("group-" + t.name + "-" + p.name);
    }
    std::vector<std::string> to_tag;
    for (const Node& u : *users) {
        const std::string name = member_text(u, "UserName");
        bool managed = false;
        if (const Node* tags = u.find("Tags"); tags && tags->is_array())
            for (const Node& t : tags->items)
                managed = managed ||
                          (member_text(t, "Key") == k_managed_tag_key && member_text(t, "Value") == k_managed_tag_value);
        std::vector<std::string> member_of, why;
        if (const Node* list = u.find("GroupList"); list && list->is_array())
            for (const Node& g : list->items) {
                member_of.push_back(g.text);
                if (!groups.count(g.text))
                    why.push_back(fmt::format("in group {}, which the file cannot declare", g.text));
            }
        if (!is_user_name(name)) why.push_back("a name the file does not allow");
        for (const char* own : {"UserPolicyList", "AttachedManagedPolicies"})
            if (const Node* list = u.find(own); list && list->is_array() && !list->items.empty())
                why.push_back(fmt::format("{} polic{} of its own", list->items.size(),
                                          list->items.size() == 1 ? "y" : "ies"));
        auto profile = target.call(admin, "iam", "GetLoginProfile", input_of({{"UserName", name}}));
        if (!profile && profile.error().code != "NoSuchEntity") return Unexpected(profile.error());
        if (!profile) why.push_back("no console password (login profile)");
        if (member_of.empty() && !managed) why.push_back("in no group-* group");
        if (!why.empty()) {
            m.skipped_users.push_back(SkippedUser{name, std::move(why), managed});
            continue;
        }
        if (!managed) to_tag.push_back(name);
        m.users.push_back(ImportedUser{name, std::move(member_of), managed});
    }
    if (!to_tag.empty())
        m.adoptions.push_back(fmt::format("tag {}={} on {} user(s) jumpgate did not create: {}", k_managed_tag_key,
                                            k_managed_tag_value, to_tag.size(), join(to_tag, ", ")));
    return {};
}

Result<void> read_import_password_policy(const Connection& target, const std::string& admin, Imported& m) {
    auto policy = target.call(admin, "iam", "GetAccountPasswordPolicy", Node::make_object());
    const char* what = "14+ characters of all four kinds, no reuse of the last 24";
    if (!policy) {
        if (policy.error().code != "NoSuchEntity") return Unexpected(policy.error());
        m.adoptions.push_back(fmt::format("the account password policy: none is set; jumpgate sets its own ({})", what));
        return {};
    }
    const Node* p = policy->find("PasswordPolicy");
    if (!p || !password_policy_matches(*p))
        m.adoptions.push_back(fmt::format("the account password policy differs from jumpgate's; apply sets jumpgate's ({})", what));
    return {};
}

}  // namespace jg::jump
