#include "core/json.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <memory>

#include "core/strings.hpp"

namespace jg {
namespace {

class Parser {
public:
    Parser(std::string_view text, std::string file, JsonOptions options)
        : m_text(text), m_file(std::make_shared<const std::string>(std::move(file))),
          m_options(options) {}

    Result<Node> document() {
        skip_ws();
        auto value = parse_value(0);
        if (!value) return value;
        skip_ws();
        if (m_pos < m_text.size()) return error("unexpected content after the JSON value");
        return value;
    }

private:
    std::string_view m_text;
    std::shared_ptr<const std::string> m_file;
    JsonOptions m_options;
    size_t m_pos = 0;
    int m_line = 1;
    int m_col = 1;

    Location here() const { return Location{m_file, m_line, m_col}; }

    Unexpected error(std::string message) const { return fail_at(here(), "JsonSyntax", std::move(message)); }

    bool at_end() const { return m_pos >= m_text.size(); }
    char peek() const { return at_end() ? '\0' : m_text[m_pos]; }

    void advance() {
        if (m_text[m_pos] == '\n') {
            ++m_line;
            m_col = 1;
        } else if ((static_cast<unsigned char>(m_text[m_pos]) & 0xC0) != 0x80) {
            ++m_col;  // count characters, not UTF-8 continuation bytes
        }
        ++m_pos;
    }

    void skip_ws() {
        while (!at_end()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                advance();
            else
                break;
        }
    }

    std::string describe_here() const {
        if (at_end()) return "end of input";
        unsigned char c = static_cast<unsigned char>(peek());
        if (c >= 0x20 && c < 0x7f) return fmt::format("'{}'", static_cast<char>(c));
        return fmt::format("byte 0x{:02x}", c);
    }

    Result<Node> parse_value(int depth) {
        if (depth > m_options.max_depth)
            return error(fmt::format("nesting deeper than {} levels", m_options.max_depth));
        switch (peek()) {
            case '{': return parse_object(depth);
            case '[': return parse_array(depth);
            case '"': {
                Location loc = here();
                auto s = parse_string();
                if (!s) return tl::unexpected(s.error());
                return Node::make_string(std::move(*s), loc);
            }
            case 't': return parse_literal("true", Node::make_bool(true, here()));
            case 'f': return parse_literal("false", Node::make_bool(false, here()));
            case 'n': {
                Node n;
                n.loc = here();
                return parse_literal("null", std::move(n));
            }
            default:
                if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return parse_number();
                return error(fmt::format("expected a JSON value, found {}", describe_here()));
        }
    }

    Result<Node> parse_literal(std::string_view word, Node node) {
        if (m_text.substr(m_pos, word.size()) != word)
            return error(fmt::format("expected a JSON value, found {}", describe_here()));
        for (size_t i = 0; i < word.size(); ++i) advance();
        return node;
    }

    static bool digit(char c) { return c >= '0' && c <= '9'; }

    Result<Node> parse_number() {
        Location loc = here();
        size_t start = m_pos;
        if (peek() == '-') advance();
        if (peek() == '0') {
            advance();
        } else if (digit(peek())) {
            while (digit(peek())) advance();
        } else {
            return error("invalid number: expected a digit");
        }
        if (peek() == '.') {
            advance();
            if (!digit(peek())) return error("invalid number: expected a digit after '.'");
            while (digit(peek())) advance();
        }
        if (peek() == 'e' || peek() == 'E') {
            advance();
            if (peek() == '+' || peek() == '-') advance();
            if (!digit(peek())) return error("invalid number: expected a digit in the exponent");
            while (digit(peek())) advance();
        }
        return Node::make_number(std::string(m_text.substr(start, m_pos - start)), loc);
    }

    Result<uint32_t> parse_hex4() {
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            char c = peek();
            uint32_t d;
            if (c >= '0' && c <= '9') d = static_cast<uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f') d = static_cast<uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') d = static_cast<uint32_t>(c - 'A' + 10);
            else return error("invalid \\u escape: expected 4 hex digits");
            v = v * 16 + d;
            advance();
        }
        return v;
    }

    Result<std::string> parse_string() {
        advance();  // opening quote
        std::string out;
        for (;;) {
            if (at_end()) return error("unterminated string");
            char c = peek();
            if (c == '"') {
                advance();
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                return error("control character in string (escape it)");
            if (c != '\\') {
                out += c;
                advance();
                continue;
            }
            advance();
            char e = peek();
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    advance();
                    auto cp = parse_hex4();
                    if (!cp) return tl::unexpected(cp.error());
                    uint32_t code = *cp;
                    if (code >= 0xD800 && code <= 0xDBFF) {
                        if (peek() != '\\' || m_text.substr(m_pos, 2) != "\\u")
                            return error("invalid \\u escape: unpaired surrogate");
                        advance();
                        advance();
                        auto low = parse_hex4();
                        if (!low) return tl::unexpected(low.error());
                        if (*low < 0xDC00 || *low > 0xDFFF)
                            return error("invalid \\u escape: unpaired surrogate");
                        code = 0x10000 + ((code - 0xD800) << 10) + (*low - 0xDC00);
                    } else if (code >= 0xDC00 && code <= 0xDFFF) {
                        return error("invalid \\u escape: unpaired surrogate");
                    }
                    append_utf8(out, static_cast<char32_t>(code));
                    continue;
                }
                default: return error(fmt::format("invalid escape '\\{}' in string", e));
            }
            advance();
        }
    }

    Result<Node> parse_array(int depth) {
        Node node = Node::make_array(here());
        advance();
        skip_ws();
        if (peek() == ']') {
            advance();
            return node;
        }
        for (;;) {
            skip_ws();
            auto item = parse_value(depth + 1);
            if (!item) return item;
            node.push(std::move(*item));
            skip_ws();
            if (peek() == ',') {
                advance();
                continue;
            }
            if (peek() == ']') {
                advance();
                return node;
            }
            return error(fmt::format("expected ',' or ']' in array, found {}", describe_here()));
        }
    }

    Result<Node> parse_object(int depth) {
        Node node = Node::make_object(here());
        advance();
        skip_ws();
        if (peek() == '}') {
            advance();
            return node;
        }
        for (;;) {
            skip_ws();
            if (peek() != '"')
                return error(fmt::format("expected a string key in object, found {}", describe_here()));
            Location key_loc = here();
            auto key = parse_string();
            if (!key) return tl::unexpected(key.error());
            skip_ws();
            if (peek() != ':')
                return error(fmt::format("expected ':' after object key, found {}", describe_here()));
            advance();
            skip_ws();
            auto value = parse_value(depth + 1);
            if (!value) return value;
            node.add(std::move(*key), std::move(*value), key_loc);
            skip_ws();
            if (peek() == ',') {
                advance();
                continue;
            }
            if (peek() == '}') {
                advance();
                return node;
            }
            return error(fmt::format("expected ',' or '}}' in object, found {}", describe_here()));
        }
    }
};

void write(const Node& n, int indent, int level, std::string& out) {
    auto newline = [&](int lvl) {
        if (indent < 0) return;
        out += '\n';
        out.append(static_cast<size_t>(indent * lvl), ' ');
    };
    switch (n.kind) {
        case Node::Kind::null: out += "null"; break;
        case Node::Kind::boolean:
        case Node::Kind::number: out += n.text; break;
        case Node::Kind::string: out += json_quote(n.text); break;
        case Node::Kind::array:
            if (n.items.empty()) {
                out += "[]";
                break;
            }
            out += '[';
            for (size_t i = 0; i < n.items.size(); ++i) {
                if (i) out += ',';
                newline(level + 1);
                write(n.items[i], indent, level + 1, out);
            }
            newline(level);
            out += ']';
            break;
        case Node::Kind::object:
            if (n.members.empty()) {
                out += "{}";
                break;
            }
            out += '{';
            for (size_t i = 0; i < n.members.size(); ++i) {
                if (i) out += ',';
                newline(level + 1);
                out += json_quote(n.members[i].first);
                out += indent < 0 ? ":" : ": ";
                write(n.members[i].second, indent, level + 1, out);
            }
            newline(level);
            out += '}';
            break;
    }
}

}  // namespace

Result<Node> parse_json(std::string_view text, std::string file_name, JsonOptions options) {
    return Parser(text, std::move(file_name), options).document();
}

std::string to_json(const Node& node, int indent) {
    std::string out;
    write(node, indent, 0, out);
    return out;
}

std::string json_quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20)
                    out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
                else
                    out += c;
        }
    }
    out += '"';
    return out;
}

}  // namespace jg
