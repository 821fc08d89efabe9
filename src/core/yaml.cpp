#include "core/yaml.hpp"

#include <fmt/format.h>
#include <yaml.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <unordered_set>
#include <vector>

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

// A 0-based position from libyaml.
struct Mark {
    size_t line = 0, column = 0;
};

// Builds the Node tree from parse events; reports problems by throwing YamlAbort.
class TreeBuilder {
public:
    TreeBuilder(std::shared_ptr<const std::string> file, YamlOptions options)
        : m_file(std::move(file)), m_options(options) {}

    bool done() const { return m_have_root; }
    Node take() { return std::move(m_root); }

    Location loc(const Mark& m) const {
        return Location{m_file, static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1};
    }

    void alias(const Mark& mark, const std::string& anchor) {
        auto it = m_anchors.find(anchor);
        if (it == m_anchors.end()) abort(mark, fmt::format("alias *{} names no anchor", anchor));
        Node copy = it->second;
        size_t before = m_nodes;
        count(copy, mark);
        m_alias_nodes += m_nodes - before;
        if (m_alias_nodes > m_options.max_alias_nodes)
            abort(mark, fmt::format("aliases expand to more than {} nodes (alias expansion)",
                                    m_options.max_alias_nodes));
        copy.loc = loc(mark);
        emit(std::move(copy), {});
    }

    void scalar(const Mark& mark, const std::string& tag, bool plain, const std::string& anchor,
                std::string value) {
        emit(make_scalar(mark, tag, plain, std::move(value)), anchor);
    }

    void open_sequence(const Mark& mark, const std::string& tag, const std::string& anchor) {
        Node n = Node::make_array(loc(mark));
        if (!tag.empty() && tag != "!" && tag != k_seq_tag) n.tag = tag;
        open(std::move(n), anchor, mark);
    }

    void open_mapping(const Mark& mark, const std::string& tag, const std::string& anchor) {
        Node n = Node::make_object(loc(mark));
        if (!tag.empty() && tag != "!" && tag != k_map_tag) n.tag = tag;
        open(std::move(n), anchor, mark);
    }

    void close() {
        Frame f = std::move(m_stack.back());
        m_stack.pop_back();
        emit(std::move(f.node), f.anchor);
    }

    [[noreturn]] void abort(const Mark& mark, std::string message) const {
        throw YamlAbort{Error{"YamlSyntax", std::move(message), loc(mark)}};
    }

private:
    struct Frame {
        Node node;
        std::string anchor;
        bool want_key = true;  // mappings alternate key, value
        std::string key;
        Location key_loc;
        std::unique_ptr<std::unordered_set<std::string>> keys;  // only for large mappings
    };

    // Whether `key` is already in the mapping; a scan for small mappings, a set past that.
    static bool duplicate(Frame& f, const std::string& key) {
        constexpr size_t k_scan_limit = 16;
        const auto& members = f.node.members;
        if (members.size() < k_scan_limit) {
            for (const auto& m : members)
                if (m.first == key) return true;
            return false;
        }
        if (!f.keys) {
            f.keys = std::make_unique<std::unordered_set<std::string>>();
            for (const auto& m : members) f.keys->insert(m.first);
        }
        return !f.keys->insert(key).second;
    }

    std::shared_ptr<const std::string> m_file;
    YamlOptions m_options;
    std::vector<Frame> m_stack;
    std::map<std::string, Node> m_anchors;
    Node m_root;
    bool m_have_root = false;
    size_t m_nodes = 0;
    size_t m_alias_nodes = 0;

    [[noreturn]] void abort_at(const Location& where, std::string message) const {
        throw YamlAbort{Error{"YamlSyntax", std::move(message), where}};
    }

    void count(const Node& n, const Mark& mark) {
        if (++m_nodes > m_options.max_nodes)
            abort(mark, fmt::format("document expands to more than {} nodes (alias expansion)",
                                    m_options.max_nodes));
        for (const auto& item : n.items) count(item, mark);
        for (const auto& member : n.members) count(member.second, mark);
    }

    Node make_scalar(const Mark& mark, const std::string& tag, bool plain, std::string value) {
        Location where = loc(mark);
        if (tag == "!" || tag == k_str_tag || (tag.empty() && !plain))  // quoted, `!` or !!str
            return Node::make_string(std::move(value), where);
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
        if (!tag.empty()) {  // a local tag such as !Ref: the value stays a string
            Node n = Node::make_string(std::move(value), where);
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
        return Node::make_string(std::move(value), where);
    }

    void open(Node n, const std::string& anchor, const Mark& mark) {
        if (static_cast<int>(m_stack.size()) >= m_options.max_depth)
            abort(mark, fmt::format("nesting deeper than {} levels", m_options.max_depth));
        if (!m_stack.empty() && m_stack.back().node.is_object() && m_stack.back().want_key)
            abort(mark, "a mapping key must be a scalar, not a collection");
        count(n, mark);
        m_stack.push_back(Frame{std::move(n), anchor, true, {}, {}, nullptr});
    }

    void emit(Node n, const std::string& anchor) {
        if (!anchor.empty()) m_anchors[anchor] = n;
        if (m_stack.empty()) {
            m_root = std::move(n);
            m_have_root = true;
            return;
        }
        if (n.is_scalar()) ++m_nodes;
        Frame& top = m_stack.back();
        if (top.node.is_array()) {
            top.node.push(std::move(n));
            return;
        }
        if (top.want_key) {
            if (!n.is_scalar()) abort_at(n.loc, "a mapping key must be a scalar");
            if (duplicate(top, n.text)) abort_at(n.loc, fmt::format("duplicate key '{}'", n.text));
            top.key = std::move(n.text);
            top.key_loc = n.loc;
            top.want_key = false;
        } else {
            top.node.add(std::move(top.key), std::move(n), top.key_loc);
            top.want_key = true;
        }
    }
};

// Owns a libyaml parser and its current event.
class EventReader {
public:
    explicit EventReader(std::string_view text) {
        yaml_parser_initialize(&m_parser);
        yaml_parser_set_input_string(&m_parser, reinterpret_cast<const unsigned char*>(text.data()),
                                     text.size());
    }
    ~EventReader() {
        if (m_have_event) yaml_event_delete(&m_event);
        yaml_parser_delete(&m_parser);
    }
    EventReader(const EventReader&) = delete;
    EventReader& operator=(const EventReader&) = delete;

    // The next event; throws YamlAbort (via `builder`) on a syntax error.
    const yaml_event_t& next(const TreeBuilder& builder) {
        if (m_have_event) yaml_event_delete(&m_event);
        m_have_event = false;
        if (!yaml_parser_parse(&m_parser, &m_event)) {
            Mark mark{m_parser.problem_mark.line, m_parser.problem_mark.column};
            std::string message = m_parser.problem ? m_parser.problem : "malformed YAML";
            if (m_parser.context) message += fmt::format(" ({})", m_parser.context);
            builder.abort(mark, message);
        }
        m_have_event = true;
        return m_event;
    }

private:
    yaml_parser_t m_parser;
    yaml_event_t m_event;
    bool m_have_event = false;
};

std::string str(const yaml_char_t* s) { return s ? reinterpret_cast<const char*>(s) : std::string(); }

}  // namespace

Result<Node> parse_yaml(std::string_view text, std::string file_name, YamlOptions options) {
    auto file = std::make_shared<const std::string>(std::move(file_name));
    TreeBuilder builder(file, options);
    try {
        EventReader reader(text);
        int documents = 0;
        for (;;) {
            const yaml_event_t& e = reader.next(builder);
            Mark mark{e.start_mark.line, e.start_mark.column};
            switch (e.type) {
                case YAML_STREAM_END_EVENT: {
                    if (builder.done()) return builder.take();
                    Node empty;
                    empty.loc = Location{file, 1, 1};
                    return empty;
                }
                case YAML_DOCUMENT_START_EVENT:
                    if (++documents > 1) builder.abort(mark, "the stream holds more than one YAML document");
                    break;
                case YAML_ALIAS_EVENT: builder.alias(mark, str(e.data.alias.anchor)); break;
                case YAML_SCALAR_EVENT:
                    builder.scalar(mark, str(e.data.scalar.tag), e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE,
                                   str(e.data.scalar.anchor),
                                   std::string(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length));
                    break;
                case YAML_SEQUENCE_START_EVENT:
                    builder.open_sequence(mark, str(e.data.sequence_start.tag), str(e.data.sequence_start.anchor));
                    break;
                case YAML_MAPPING_START_EVENT:
                    builder.open_mapping(mark, str(e.data.mapping_start.tag), str(e.data.mapping_start.anchor));
                    break;
                case YAML_SEQUENCE_END_EVENT:
                case YAML_MAPPING_END_EVENT: builder.close(); break;
                default: break;
            }
        }
    } catch (const YamlAbort& a) {
        return tl::unexpected(a.error);
    }
}

}  // namespace jg
