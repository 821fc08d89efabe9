#include "cloud/cloudformation/doc_fields.hpp"

namespace jg::cloud::cloudformation {

Node strings_node(const std::vector<std::string>& v) {
    Node n = Node::make_array();
    for (const auto& s : v) n.push(Node::make_string(s));
    return n;
}

std::vector<std::string> strings_of(const Node& doc, std::string_view key) {
    std::vector<std::string> out;
    if (const Node* n = doc.find(key); n && n->is_array())
        for (const auto& i : n->items) out.push_back(i.text);
    return out;
}

Node pairs_node(const std::vector<std::pair<std::string, std::string>>& v) {
    Node n = Node::make_array();
    for (const auto& [k, val] : v) {
        Node p = Node::make_array();
        p.push(Node::make_string(k));
        p.push(Node::make_string(val));
        n.push(std::move(p));
    }
    return n;
}

std::vector<std::pair<std::string, std::string>> pairs_of(const Node& doc, std::string_view key) {
    std::vector<std::pair<std::string, std::string>> out;
    if (const Node* n = doc.find(key); n && n->is_array())
        for (const auto& p : n->items)
            if (p.is_array() && p.items.size() == 2) out.emplace_back(p.items[0].text, p.items[1].text);
    return out;
}

}  // namespace jg::cloud::cloudformation
