// A parsed document (JSON or YAML) as a tree whose every node knows where it came from.
// Both the policy language and CloudFormation templates are read into this shape.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace jg {



class Node {
public:
    enum class Kind { null, boolean, number, string, array, object };

    Node();
    ~Node();
    Node(const Node&);
    Node(Node&&) noexcept;
    Node& operator=(const Node&);
    Node& operator=(Node&&) noexcept;

    Kind kind = Kind::null;
    // Scalars keep their source text: "true"/"false", the number as written, the string
    // after unescaping.
    std::string text;
    std::vector<Node> items;                              // array
    std::vector<std::pair<std::string, Node>> members;    // object, in source order
    std::vector<Location> key_locs;                       // object: location of each key
    Location loc;
    std::string tag;  // YAML tag such as "!Ref"; empty for JSON

    bool is_null() const { return kind == Kind::null; }
    bool is_bool() const { return kind == Kind::boolean; }
    bool is_number() const { return kind == Kind::number; }
    bool is_string() const { return kind == Kind::string; }
    bool is_array() const { return kind == Kind::array; }
    bool is_object() const { return kind == Kind::object; }
    bool is_scalar() const { return kind != Kind::array && kind != Kind::object; }

    // First member with that key (exact match), or nullptr.
    const Node* find(std::string_view key) const;
    Node* find(std::string_view key);

    static Node make_string(std::string s, Location loc = {});
    static Node make_bool(bool b, Location loc = {});
    static Node make_number(std::string text, Location loc = {});
    static Node make_array(Location loc = {});
    static Node make_object(Location loc = {});
    void add(std::string key, Node value, Location key_loc = {});
    void push(Node value) { items.push_back(std::move(value)); }

    // Structural equality, ignoring locations and tags.
    bool same(const Node& other) const;
    const char* kind_name() const;
};

}  // namespace jg
