#include "jump/apply/change.hpp"

#include <fmt/format.h>

#include "core/json.hpp"
#include "core/node.hpp"

namespace jg::jump {

const char* action_name(ChangeAction action) {
    switch (action) {
        case ChangeAction::create: return "create";
        case ChangeAction::update: return "update";
        case ChangeAction::remove: return "delete";
    }
    return "?";
}

std::string changes_json(const std::vector<Change>& changes) {
    Node list = Node::make_array();
    for (const Change& c : changes) {
        Node item = Node::make_object();
        item.add("action", Node::make_string(action_name(c.action)));
        item.add("account", Node::make_string(c.account));
        item.add("kind", Node::make_string(c.kind));
        item.add("name", Node::make_string(c.name));
        item.add("detail", Node::make_string(c.detail));
        if (!c.diff.empty()) {
            Node diff = Node::make_array();
            for (const auto& line : c.diff) diff.push(Node::make_string(line));
            item.add("diff", std::move(diff));
        }
        if (c.adoption) item.add("adoption", Node::make_bool(true));
        list.push(std::move(item));
    }
    Node root = Node::make_object();
    root.add("changes", std::move(list));
    return to_json(root, 2) + "\n";
}

std::string changes_text(const std::vector<Change>& changes) {
    if (changes.empty()) return "No changes: the live state matches the file.\n";
    std::string out;
    int counts[3] = {0, 0, 0};
    int adopted = 0;
    for (const Change& c : changes) {
        const char* sign = c.adoption                        ? "="
                           : c.action == ChangeAction::create ? "+"
                           : c.action == ChangeAction::update ? "~"
                                                              : "-";
        out += fmt::format("{} {:<6}  {}  {:<15}  {}", sign, c.adoption ? "adopt" : action_name(c.action), c.account,
                           c.kind, c.name);
        if (!c.detail.empty()) out += "  (" + c.detail + ")";
        out += "\n";
        for (const auto& line : c.diff) out += "      " + line + "\n";
        if (c.adoption) ++adopted;
        else ++counts[static_cast<int>(c.action)];
    }
    out += fmt::format("Plan: {} to create, {} to update, {} to delete", counts[0], counts[1], counts[2]);
    out += adopted ? fmt::format("; {} to adopt (jumpgate's tag or password policy on what exists).\n", adopted) : ".\n";
    return out;
}

std::string destructive_text(const std::vector<Change>& changes) {
    std::string users, others;
    int count = 0;
    for (const Change& c : changes) {
        if (c.action != ChangeAction::remove) continue;
        ++count;
        if (c.kind == "user")
            users += fmt::format("  ! offboard user {} in {}: login profile, access keys, MFA devices, SSH keys, "
                                 "certificates, policies and group memberships go with it\n",
                                 c.name, c.account);
        else
            others += fmt::format("  ! delete {} {} in {}{}\n", c.kind, c.name, c.account,
                                  c.detail.empty() ? "" : " (" + c.detail + ")");
    }
    if (count == 0) return {};
    return fmt::format("This plan deletes {} thing(s):\n", count) + users + others;
}

}  // namespace jg::jump
