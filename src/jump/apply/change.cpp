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
    for (const Change& c : changes) {
        const char* sign = c.action == ChangeAction::create ? "+" : c.action == ChangeAction::update ? "~" : "-";
        out += fmt::format("{} {:<6}  {}  {:<15}  {}", sign, action_name(c.action), c.account, c.kind, c.name);
        if (!c.detail.empty()) out += "  (" + c.detail + ")";
        out += "\n";
        ++counts[static_cast<int>(c.action)];
    }
    out += fmt::format("Plan: {} to create, {} to update, {} to delete.\n", counts[0], counts[1], counts[2]);
    return out;
}

}  // namespace jg::jump
