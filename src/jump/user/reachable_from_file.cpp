// reachable_from_file: the roles the declarative file gives a user, by the article's names —
// group-<tier> reaches role-<tier> in every account the role StackSet deploys to (with
// `templates: seed` the admin account too), group-<tier>-<project> reaches role-<tier> in
// that project's accounts. The file is read by the one parser (src/jump/config), so a file
// apply refuses is refused here with the same located errors.
#include <map>
#include <set>

#include "jump/config/config.hpp"
#include "jump/render/templates.hpp"
#include "jump/user/reachable_roles.hpp"

namespace jg::jump::user {

Result<std::vector<ReachableRole>> reachable_from_file(const std::string& path, const std::string& user) {
    auto config = load_config(path);
    if (!config) return Unexpected(config.error());
    const UserSpec* spec = config->find_user(user);
    if (!spec) return fail("NoSuchEntity", "user " + user + " is not declared in " + path);

    const std::vector<std::string> all = role_instance_accounts(*config);
    std::map<std::pair<std::string, std::string>, std::set<std::string>> found;
    for (const std::string& group : spec->groups)
        for (const Tier& tier : config->tiers) {
            const std::string global = "group-" + tier.name;
            if (group == global)
                for (const auto& a : all) found[{a, "role-" + tier.name}].insert(group);
            for (const Project& project : config->projects)
                if (group == global + "-" + project.name)
                    for (const auto& a : project.accounts) found[{a, "role-" + tier.name}].insert(group);
        }
    std::vector<ReachableRole> out;
    for (const auto& [key, via] : found) out.push_back({key.first, key.second, {via.begin(), via.end()}});
    return out;
}

}  // namespace jg::jump::user
