// reachable_from_file: the few keys of the declarative file the user's side needs, read
// directly (the full parser with its checks is src/jump/config). Group names follow the
// article: group-<tier> reaches role-<tier> in every account that has the roles (with
// `templates: seed` the role StackSet also goes to the admin account), and
// group-<tier>-<project> reaches role-<tier> in that project's accounts.
#include <algorithm>
#include <map>
#include <set>

#include "core/strings.hpp"
#include "core/yaml.hpp"
#include "jump/user/reachable_roles.hpp"

namespace jg::jump::user {

namespace {

Unexpected bad(const Node& where, const std::string& message) {
    return Unexpected(Error{"InvalidJumpFile", message, where.loc});
}

Result<std::vector<std::string>> scalars(const Node& list, const std::string& what) {
    if (!list.is_array()) return bad(list, what + " must be a list");
    std::vector<std::string> out;
    for (const Node& n : list.items) {
        if (!n.is_scalar() || n.is_null()) return bad(n, what + " must hold names");
        out.push_back(n.text);
    }
    return out;
}

}  // namespace

Result<std::vector<ReachableRole>> reachable_from_file(const std::string& path, const std::string& user) {
    std::string text;
    if (!read_file(path, text)) return fail("InvalidJumpFile", "cannot read " + path);
    auto doc = parse_yaml(text, path);
    if (!doc) return Unexpected(doc.error());
    if (!doc->is_object()) return bad(*doc, "the file must be a mapping");

    const Node* admin = doc->find("admin_account");
    if (!admin || !admin->is_scalar()) return bad(*doc, "admin_account is missing");
    const Node* templates = doc->find("templates");
    const bool seed = templates && templates->text == "seed";

    std::set<std::string> tiers = {"admin", "developer", "operator"};
    if (const Node* t = doc->find("tiers")) {
        if (!t->is_object()) return bad(*t, "tiers must be a mapping");
        tiers.clear();
        for (const auto& [name, _] : t->members) tiers.insert(name);
    }
    std::map<std::string, std::vector<std::string>> projects;
    if (const Node* p = doc->find("projects")) {
        if (!p->is_object()) return bad(*p, "projects must be a mapping");
        for (const auto& [name, body] : p->members) {
            const Node* accounts = body.is_object() ? body.find("accounts") : nullptr;
            if (!accounts) return bad(body, "project " + name + " has no accounts");
            auto list = scalars(*accounts, "accounts of " + name);
            if (!list) return Unexpected(list.error());
            projects[name] = *list;
        }
    }
    const Node* users = doc->find("users");
    const Node* entry = users && users->is_object() ? users->find(user) : nullptr;
    if (!entry) return fail("NoSuchEntity", "user " + user + " is not declared in " + path);
    const Node* groups = entry->is_object() ? entry->find("groups") : nullptr;
    if (!groups) return bad(*entry, "user " + user + " has no groups");
    auto names = scalars(*groups, "groups of " + user);
    if (!names) return Unexpected(names.error());

    // Every account that receives the roles.
    std::vector<std::string> all;
    if (seed) all.push_back(admin->text);
    for (const auto& [_, accounts] : projects) all.insert(all.end(), accounts.begin(), accounts.end());

    std::map<std::pair<std::string, std::string>, std::set<std::string>> found;
    for (std::size_t i = 0; i < names->size(); ++i) {
        const std::string& group = (*names)[i];
        bool known = false;
        for (const auto& tier : tiers) {
            const std::string global = "group-" + tier;
            if (group == global) {
                for (const auto& a : all) found[{a, "role-" + tier}].insert(group);
                known = true;
            }
            for (const auto& [project, accounts] : projects)
                if (group == global + "-" + project) {
                    for (const auto& a : accounts) found[{a, "role-" + tier}].insert(group);
                    known = true;
                }
        }
        if (!known) return bad(groups->items[i], "unknown group " + group + " (neither group-<tier> nor group-<tier>-<project>)");
    }
    std::vector<ReachableRole> out;
    for (const auto& [key, via] : found) out.push_back({key.first, key.second, {via.begin(), via.end()}});
    return out;
}

}  // namespace jg::jump::user
