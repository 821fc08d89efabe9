#include "core/yaml.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>
#include <unordered_set>

namespace jg {
namespace {

// Thrown inside the event handler (which cannot return errors) and caught in parse_yaml;
// never leaves this file.
struct YamlAbort {
    Error error;
};

const std::string k_str_tag = "tag:yaml.org,2002:str";
const std::string k_int_tag = "tag:yaml.org,2002:int";
const std::string k_float_tag = "tag:yaml.org,2002:float";
const std::string k_bool_tag = "tag:yaml.org,2002:bool";
const std::string k_null_tag = "tag:yaml.org,2002:null";
const std::string k_map_tag = "tag:yaml.org,2002:map";
const std::string k_seq_tag = "tag:yaml.org,2002:seq";

bool all_of(std::string_view s, size_t from, bool (*pred)(char)) {
    if (from >= s.size()) return false;
    for (size_t i = from; i < s.size(); ++i)
        if (!pred(s[i])) return false;
    return true;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_oct(char c) { return c >= '0' && c <= '7'; }

// A YAML 1.2 core-schema number written as JSON number text, or "" if `s` is not one.
// Hex and octal become decimal; a leading '+' and leading zeros are dropped so that the
// tree always serialises as valid JSON.
std::string core_number(std::string_view s) {
    if (s.empty()) return {};
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
        bool hex = s[1] == 'x';
        if (!all_of(s, 2, hex ? is_hex : is_oct) || s.size() > 18) return {};
        unsigned long long v = std::strtoull(std::string(s.substr(2)).c_str(), nullptr, hex ? 16 : 8);
        return std::to_string(v);
    }
    // [-+]? digits [. digits*]? ([eE][-+]?digits)?  or  [-+]? . digits ...
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    size_t int_start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    size_t int_digits = i - int_start;
    if (i == s.size()) {
        if (int_digits == 0) return {};
        size_t z = int_start;
        while (z + 1 < s.size() && s[z] == '0') ++z;
        std::string digits(s.substr(z));
        return (s[0] == '-' && digits != "0") ? "-" + digits : digits;
    }
    size_t frac_digits = 0;
    if (s[i] == '.') {
        ++i;
        while (i < s.size() && is_digit(s[i])) ++i, ++frac_digits;
    }
    if (int_digits == 0 && frac_digits == 0) return {};
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        if (!all_of(s, i, is_digit)) return {};
        i = s.size();
    }
    if (i != s.size()) return {};
    double v = std::strtod(std::string(s).c_str(), nullptr);
    if (!std::isfinite(v)) return {};
    bool json_ok = int_digits > 0 && frac_digits > 0 && s[0] != '+' &&
                   !(int_digits > 1 && s[int_start] == '0');
    if (json_ok) return std::string(s);
    return fmt::format("{}", v);
}

class TreeBuilder : public YAML::EventHandler {
public:
    TreeBuilder(std::shared_ptr<const std::string> file, YamlOptions options)
        : m_file(std::move(file)), m_options(options) {}

    bool done() const { return m_have_root; }
    Node take() { return std::move(m_root); }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        Node n;
        n.loc = loc(mark);
        emit(std::move(n), anchor);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        auto it = m_anchors.find(anchor);
        if (it == m_anchors.end()) abort(mark, "alias to an unknown anchor");
        Node copy = it->second;
        count(copy, mark);
        copy.loc = loc(mark);
        emit(std::move(copy), 0);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        emit(scalar(mark, tag, value), anchor);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        Node n = Node::make_array(loc(mark));
        if (tag != "?" && tag != "!" && tag != k_seq_tag) n.tag = tag;
        open(std::move(n), anchor, mark);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        Node n = Node::make_object(loc(mark));
        if (tag != "?" && tag != "!" && tag != k_map_tag) n.tag = tag;
        open(std::move(n), anchor, mark);
    }
    void OnMapEnd() override { close(); }

private:
    struct Frame {
        Node node;
        YAML::anchor_t anchor = 0;
        bool want_key = true;  // objects alternate key, value
        std::string key;
        Location key_loc;
        std::unordered_set<std::string> keys;
    };

    std::shared_ptr<const std::string> m_file;
    YamlOptions m_options;
    std::vector<Frame> m_stack;
    std::map<YAML::anchor_t, Node> m_anchors;
    Node m_root;
    bool m_have_root = false;
    size_t m_nodes = 0;

    Location loc(const YAML::Mark& m) const {
        if (m.is_null()) return Location{m_file, 0, 0};
        return Location{m_file, m.line + 1, m.column + 1};
    }

    [[noreturn]] void abort(const YAML::Mark& mark, std::string message) const {
        throw YamlAbort{Error{"YamlSyntax", std::move(message), loc(mark)}};
    }
    [[noreturn]] void abort_at(const Location& where, std::string message) const {
        throw YamlAbort{Error{"YamlSyntax", std::move(message), where}};
    }

    void count(const Node& n, const YAML::Mark& mark) {
        if (++m_nodes > m_options.max_nodes)
            abort(mark, fmt::format("document expands to more than {} nodes (alias expansion)",
                                    m_options.max_nodes));
        for (const auto& item : n.items) count(item, mark);
        for (const auto& member : n.members) count(member.second, mark);
    }

    Node scalar(const YAML::Mark& mark, const std::string& tag, const std::string& value) {
        Location where = loc(mark);
        if (tag == "!" || tag == k_str_tag) return Node::make_string(value, where);  // quoted or !!str
        if (tag == k_null_tag) {
            Node n;
            n.loc = where;
            return n;
        }
        if (tag == k_bool_tag) {
            if (value == "true" || value == "True" || value == "TRUE") return Node::make_bool(true, where);
            if (value == "false" || value == "False" || value == "FALSE") return Node::make_bool(false, where);
            abort(mark, fmt::format("'{}' is not a boolean (!!bool)", value));
        }
        if (tag == k_int_tag || tag == k_float_tag) {
            std::string number = core_number(value);
            if (number.empty()) abort(mark, fmt::format("'{}' is not a number ({})", value, tag));
            return Node::make_number(number, where);
        }
        if (tag != "?") {  // a local tag such as !Ref: the value stays a string
            Node n = Node::make_string(value, where);
            n.tag = tag;
            return n;
        }
        // A plain scalar: YAML 1.2 core schema.
        if (value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL") {
            Node n;
            n.loc = where;
            return n;
        }
        if (value == "true" || value == "True" || value == "TRUE") return Node::make_bool(true, where);
        if (value == "false" || value == "False" || value == "FALSE") return Node::make_bool(false, where);
        std::string number = core_number(value);
        if (!number.empty()) return Node::make_number(number, where);
        return Node::make_string(value, where);
    }

    void open(Node n, YAML::anchor_t anchor, const YAML::Mark& mark) {
        if (static_cast<int>(m_stack.size()) >= m_options.max_depth)
            abort(mark, fmt::format("nesting deeper than {} levels", m_options.max_depth));
        if (!m_stack.empty() && m_stack.back().node.is_object() && m_stack.back().want_key)
            abort(mark, "a mapping key must be a scalar, not a collection");
        count(n, mark);
        m_stack.push_back(Frame{std::move(n), anchor, true, {}, {}, {}});
    }

    void close() {
        Frame f = std::move(m_stack.back());
        m_stack.pop_back();
        emit(std::move(f.node), f.anchor);
    }

    void emit(Node n, YAML::anchor_t anchor) {
        if (anchor != 0) m_anchors[anchor] = n;
        if (m_stack.empty()) {
            m_root = std::move(n);
            m_have_root = true;
            return;
        }
        if (n.kind != Node::Kind::array && n.kind != Node::Kind::object) ++m_nodes;
        Frame& top = m_stack.back();
        if (top.node.is_array()) {
            top.node.push(std::move(n));
            return;
        }
        if (top.want_key) {
            if (!n.is_scalar()) abort_at(n.loc, "a mapping key must be a scalar");
            std::string key = n.is_null() && n.text.empty() ? std::string() : n.text;
            if (!top.keys.insert(key).second)
                abort_at(n.loc, fmt::format("duplicate key '{}'", key));
            top.key = std::move(key);
            top.key_loc = n.loc;
            top.want_key = false;
        } else {
            top.node.add(std::move(top.key), std::move(n), top.key_loc);
            top.want_key = true;
        }
    }
};

}  // namespace

Result<Node> parse_yaml(std::string_view text, std::string file_name, YamlOptions options) {
    auto file = std::make_shared<const std::string>(std::move(file_name));
    std::istringstream in{std::string(text)};
    TreeBuilder builder(file, options);
    try {
        YAML::Parser parser(in);
        if (!parser.HandleNextDocument(builder) || !builder.done()) {
            Node empty;
            empty.loc = Location{file, 1, 1};
            return empty;
        }
        Node root = builder.take();
        TreeBuilder rest(file, options);
        if (parser.HandleNextDocument(rest))
            return fail_at(Location{file, 0, 0}, "YamlSyntax",
                           "the stream holds more than one YAML document");
        return root;
    } catch (const YamlAbort& a) {
        return tl::unexpected(a.error);
    } catch (const YAML::Exception& e) {
        Location where{file, e.mark.is_null() ? 0 : e.mark.line + 1,
                       e.mark.is_null() ? 0 : e.mark.column + 1};
        return fail_at(where, "YamlSyntax", e.msg);
    } catch (const std::exception& e) {
        return fail_at(Location{file, 0, 0}, "YamlSyntax", e.what());
    }
}

}  // namespace jg
