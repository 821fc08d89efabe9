#include "core/node.hpp"

namespace jg {

// Out of line: std::pair<std::string, Node> is incomplete inside the class, and clang with
// libstdc++ refuses to instantiate the vector's destructor there.
Node::Node() = default;
Node::~Node() = default;
Node::Node(const Node&) = default;
Node::Node(Node&&) noexcept = default;
Node& Node::operator=(const Node&) = default;
Node& Node::operator=(Node&&) noexcept = default;

const Node* Node::find(std::string_view key) const {
    for (const auto& [k, v] : members)
        if (k == key) return &v;
    return nullptr;
}

Node* Node::find(std::string_view key) {
    for (auto& [k, v] : members)
        if (k == key) return &v;
    return nullptr;
}

Node Node::make_string(std::string s, Location loc) {
    Node n;
    n.kind = Kind::string;
    n.text = std::move(s);
    n.loc = std::move(loc);
    return n;
}

Node Node::make_bool(bool b, Location loc) {
    Node n;
    n.kind = Kind::boolean;
    n.text = b ? "true" : "false";
    n.loc = std::move(loc);
    return n;
}

Node Node::make_number(std::string text, Location loc) {
    Node n;
    n.kind = Kind::number;
    n.text = std::move(text);
    n.loc = std::move(loc);
    return n;
}

Node Node::make_array(Location loc) {
    Node n;
    n.kind = Kind::array;
    n.loc = std::move(loc);
    return n;
}

Node Node::make_object(Location loc) {
    Node n;
    n.kind = Kind::object;
    n.loc = std::move(loc);
    return n;
}

void Node::add(std::string key, Node value, Location key_loc) {
    members.emplace_back(std::move(key), std::move(value));
    key_locs.push_back(std::move(key_loc));
}

bool Node::same(const Node& o) const {
    if (kind != o.kind) return false;
    switch (kind) {
        case Kind::null: return true;
        case Kind::boolean:
        case Kind::number:
        case Kind::string: return text == o.text;
        case Kind::array:
            if (items.size() != o.items.size()) return false;
            for (size_t i = 0; i < items.size(); ++i)
                if (!items[i].same(o.items[i])) return false;
            return true;
        case Kind::object:
            if (members.size() != o.members.size()) return false;
            for (size_t i = 0; i < members.size(); ++i)
                if (members[i].first != o.members[i].first ||
                    !members[i].second.same(o.members[i].second))
                    return false;
            return true;
    }
    return false;
}

const char* Node::kind_name() const {
    switch (kind) {
        case Kind::null: return "null";
        case Kind::boolean: return "boolean";
        case Kind::number: return "number";
        case Kind::string: return "string";
        case Kind::array: return "array";
        case Kind::object: return "object";
    }
    return "?";
}

}  // namespace jg
