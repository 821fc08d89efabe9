#include "jump/apply/target.hpp"

#include <fmt/format.h>

namespace jg::jump {

Result<Node> Target::call(const std::string& account, std::string_view service, std::string_view action,
                          const Node& input) const {
    auto creds = credentials(account);
    if (!creds) return Unexpected(creds.error());
    auto out = api.call(*creds, service, action, input, region);
    if (!out) {
        Error e = out.error();
        e.message = fmt::format("{}:{} in account {}: {}: {}", service, action, account, e.code, e.message);
        return Unexpected(std::move(e));
    }
    return out;
}

Result<std::vector<Node>> Target::iam_list_all(const std::string& account, std::string_view action, Node input,
                                               std::string_view list_member) const {
    std::vector<Node> items;
    for (;;) {
        auto page = call(account, "iam", action, input);
        if (!page) return Unexpected(page.error());
        if (Node* list = page->find(list_member); list && list->is_array())
            for (Node& item : list->items) items.push_back(std::move(item));
        const Node* truncated = page->find("IsTruncated");
        const Node* marker = page->find("Marker");
        if (!truncated || truncated->text != "true" || !marker) break;
        if (Node* m = input.find("Marker")) *m = *marker;
        else input.add("Marker", *marker);
    }
    return items;
}

Node input_of(std::initializer_list<std::pair<const char*, std::string>> members) {
    Node n = Node::make_object();
    for (const auto& [k, v] : members) n.add(k, Node::make_string(v));
    return n;
}

std::string member_text(const Node& n, std::string_view key) {
    const Node* m = n.find(key);
    return m && m->is_scalar() ? m->text : std::string();
}

}  // namespace jg::jump
