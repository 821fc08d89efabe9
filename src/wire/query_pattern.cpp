#include "wire/query_pattern.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <limits>

namespace jg::wire {

// One instruction of the Pike VM. `cls`: x is a class index. `split`: try x and y. `jmp`: x.
// `look`: x is the lookahead's program, y = 1 when negative.
enum class Op { cls, any, split, jmp, assert_begin, assert_end, word_boundary, not_word_boundary, look, match };

struct Inst {
    Op op;
    int x = 0;
    int y = 0;
};

// A class item is a code point range (category 0) or a named class: 'w' 'd' 's' (ASCII, as
// Java without UNICODE_CHARACTER_CLASS) or a Unicode general category 'L' 'M' 'N' ...
struct ClassItem {
    char32_t lo = 0;
    char32_t hi = 0;
    char category = 0;
    bool negated = false;
};

namespace {

bool is_ascii_word(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool item_contains(const ClassItem& item, char32_t c) {
    bool in = false;
    switch (item.category) {
        case 0: in = c >= item.lo && c <= item.hi; break;
        case 'w': in = is_ascii_word(c); break;
        case 'd': in = c >= '0' && c <= '9'; break;
        case 's': in = c == ' ' || c == '\t' || c == '\n' || c == '\x0b' || c == '\f' || c == '\r'; break;
        default: in = unicode_category(c) == item.category; break;
    }
    return in != item.negated;
}

}  // namespace

struct CharClass {
    std::vector<ClassItem> items;
    bool negated = false;

    bool contains(char32_t c) const {
        bool in = false;
        for (const auto& item : items)
            if (item_contains(item, c)) {
                in = true;
                break;
            }
        return in != negated;
    }
};

struct Pattern::Program {
    std::vector<CharClass> classes;
    std::vector<std::vector<Inst>> programs;  // [0] the pattern, then one per lookahead
};

namespace {

constexpr int k_max_depth = 64;
constexpr int k_max_repeat = 1000;
constexpr size_t k_max_instructions = 200000;

struct Ast {
    enum class Kind { empty, cls, any, concat, alt, repeat, assertion, look };
    Kind kind = Kind::empty;
    int cls = -1;
    std::vector<Ast> kids;
    int min = 0;
    int max = 0;  // -1 = unbounded
    Op assertion = Op::assert_begin;
    bool negative = false;
};

class Parser {
public:
    Parser(std::u32string pattern, Pattern::Program& program)
        : m_p(std::move(pattern)), m_program(program) {}

    Result<Ast> parse() {
        auto ast = parse_alt(0);
        if (!ast) return ast;
        if (m_pos != m_p.size()) return error("unmatched ')'");
        return ast;
    }

private:
    std::u32string m_p;
    Pattern::Program& m_program;
    size_t m_pos = 0;

    bool at_end() const { return m_pos >= m_p.size(); }
    char32_t peek() const { return at_end() ? 0 : m_p[m_pos]; }

    Unexpected error(std::string_view what) const {
        return fail("InvalidPattern", fmt::format("{} at offset {} of the pattern", what, m_pos));
    }

    Ast make_class(CharClass cls) {
        m_program.classes.push_back(std::move(cls));
        Ast a;
        a.kind = Ast::Kind::cls;
        a.cls = static_cast<int>(m_program.classes.size() - 1);
        return a;
    }

    Result<Ast> parse_alt(int depth) {
        if (depth > k_max_depth) return error("pattern nested too deeply");
        Ast alt;
        alt.kind = Ast::Kind::alt;
        for (;;) {
            auto branch = parse_concat(depth);
            if (!branch) return branch;
            alt.kids.push_back(std::move(*branch));
            if (peek() != '|') break;
            ++m_pos;
        }
        if (alt.kids.size() == 1) return std::move(alt.kids[0]);
        return alt;
    }

    Result<Ast> parse_concat(int depth) {
        Ast cat;
        cat.kind = Ast::Kind::concat;
        while (!at_end() && peek() != '|' && peek() != ')') {
            auto atom = parse_atom(depth);
            if (!atom) return atom;
            auto repeated = parse_quantifier(std::move(*atom));
            if (!repeated) return repeated;
            cat.kids.push_back(std::move(*repeated));
        }
        return cat;
    }

    Result<Ast> parse_atom(int depth) {
        char32_t c = m_p[m_pos++];
        switch (c) {
            case '(': {
                bool look = false;
                bool negative = false;
                if (peek() == '?') {
                    ++m_pos;
                    char32_t kind = at_end() ? 0 : m_p[m_pos++];
                    if (kind == '!' || kind == '=') {
                        look = true;
                        negative = kind == '!';
                    } else if (kind != ':') {
                        return error("unsupported group construct");
                    }
                }
                auto inner = parse_alt(depth + 1);
                if (!inner) return inner;
                if (peek() != ')') return error("missing ')'");
                ++m_pos;
                if (!look) return inner;
                Ast a;
                a.kind = Ast::Kind::look;
                a.negative = negative;
                a.kids.push_back(std::move(*inner));
                return a;
            }
            case '[': return parse_class();
            case '.': {
                Ast a;
                a.kind = Ast::Kind::any;
                return a;
            }
            case '^':
            case '$': {
                Ast a;
                a.kind = Ast::Kind::assertion;
                a.assertion = c == '^' ? Op::assert_begin : Op::assert_end;
                return a;
            }
            case '\\': {
                if (peek() == 'b' || peek() == 'B') {
                    Ast a;
                    a.kind = Ast::Kind::assertion;
                    a.assertion = m_p[m_pos++] == 'b' ? Op::word_boundary : Op::not_word_boundary;
                    return a;
                }
                auto item = parse_escape();
                if (!item) return tl::unexpected(item.error());
                return make_class(CharClass{{*item}, false});
            }
            case '*':
            case '+':
            case '?':
            case '{': --m_pos; return error("nothing to repeat");
            default: return make_class(CharClass{{ClassItem{c, c, 0, false}}, false});
        }
    }

    Result<int> parse_int() {
        size_t start = m_pos;
        long value = 0;
        while (!at_end() && peek() >= '0' && peek() <= '9') {
            value = value * 10 + (peek() - '0');
            if (value > k_max_repeat) return error("repetition count too large");
            ++m_pos;
        }
        if (m_pos == start) return error("expected a number in '{}'");
        return static_cast<int>(value);
    }

    Result<Ast> parse_quantifier(Ast atom) {
        int min = 0;
        int max = 0;
        switch (peek()) {
            case '*': min = 0, max = -1; ++m_pos; break;
            case '+': min = 1, max = -1; ++m_pos; break;
            case '?': min = 0, max = 1; ++m_pos; break;
            case '{': {
                ++m_pos;
                auto lo = parse_int();
                if (!lo) return tl::unexpected(lo.error());
                min = max = *lo;
                if (peek() == ',') {
                    ++m_pos;
                    max = -1;
                    if (peek() != '}') {
                        auto hi = parse_int();
                        if (!hi) return tl::unexpected(hi.error());
                        max = *hi;
                        if (max < min) return error("repetition range out of order");
                    }
                }
                if (peek() != '}') return error("missing '}'");
                ++m_pos;
                break;
            }
            default: return atom;
        }
        if (peek() == '?') ++m_pos;  // lazy: the same set of whole matches
        else if (peek() == '+') return error("possessive quantifiers are not supported");
        Ast a;
        a.kind = Ast::Kind::repeat;
        a.min = min;
        a.max = max;
        a.kids.push_back(std::move(atom));
        return a;
    }

    Result<char32_t> parse_hex(size_t digits) {
        if (m_pos + digits > m_p.size()) return error("truncated escape");
        char32_t value = 0;
        for (size_t i = 0; i < digits; ++i) {
            char32_t d = m_p[m_pos++];
            int v = d >= '0' && d <= '9' ? int(d - '0')
                    : d >= 'a' && d <= 'f' ? int(d - 'a' + 10)
                    : d >= 'A' && d <= 'F' ? int(d - 'A' + 10)
                                           : -1;
            if (v < 0) return error("bad hex digit in escape");
            value = value * 16 + static_cast<char32_t>(v);
        }
        return value;
    }

    // After a backslash: one class item.
    Result<ClassItem> parse_escape() {
        if (at_end()) return error("trailing backslash");
        char32_t c = m_p[m_pos++];
        auto single = [](char32_t v) { return ClassItem{v, v, 0, false}; };
        switch (c) {
            case 'w': case 'd': case 's': return ClassItem{0, 0, static_cast<char>(c), false};
            case 'W': case 'D': case 'S':
                return ClassItem{0, 0, static_cast<char>(c - 'A' + 'a'), true};
            case 'p':
            case 'P': {
                char32_t name = 0;
                if (peek() == '{') {
                    ++m_pos;
                    name = at_end() ? 0 : m_p[m_pos++];
                    if (peek() != '}') return error("unsupported \\p{...} class");
                    ++m_pos;
                } else {
                    name = at_end() ? 0 : m_p[m_pos++];
                }
                if (name != 'L' && name != 'M' && name != 'N' && name != 'P' && name != 'S' &&
                    name != 'Z' && name != 'C')
                    return error("unsupported \\p class");
                return ClassItem{0, 0, static_cast<char>(name), c == 'P'};
            }
            case 'u': {
                auto v = parse_hex(4);
                if (!v) return tl::unexpected(v.error());
                return single(*v);
            }
            case 'x': {
                auto v = parse_hex(2);
                if (!v) return tl::unexpected(v.error());
                return single(*v);
            }
            case 't': return single('\t');
            case 'n': return single('\n');
            case 'r': return single('\r');
            case 'f': return single('\f');
            default:
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
                    return error("unsupported escape");
                return single(c);
        }
    }

    Result<Ast> parse_class() {
        CharClass cls;
        if (peek() == '^') {
            cls.negated = true;
            ++m_pos;
        }
        for (;;) {
            if (at_end()) return error("missing ']'");
            char32_t c = m_p[m_pos++];
            if (c == ']') break;
            if (c == '[' || (c == '&' && peek() == '&')) return error("nested classes are not supported");
            ClassItem item{c, c, 0, false};
            if (c == '\\') {
                auto esc = parse_escape();
                if (!esc) return tl::unexpected(esc.error());
                item = *esc;
            }
            // A range: a single character, '-', and another that is not the closing ']'.
            if (item.category == 0 && peek() == '-' && m_pos + 1 < m_p.size() && m_p[m_pos + 1] != ']') {
                ++m_pos;
                char32_t hi = m_p[m_pos++];
                if (hi == '\\') {
                    auto esc = parse_escape();
                    if (!esc) return tl::unexpected(esc.error());
                    if (esc->category != 0) return error("bad class range");
                    hi = esc->lo;
                } else if (hi == '[') {
                    return error("nested classes are not supported");
                }
                if (hi < item.lo) return error("class range out of order");
                item.hi = hi;
            }
            cls.items.push_back(item);
        }
        return make_class(std::move(cls));
    }
};

class Compiler {
public:
    explicit Compiler(Pattern::Program& program) : m_program(program) {}

    Result<int> compile_program(const Ast& ast) {
        int index = static_cast<int>(m_program.programs.size());
        m_program.programs.emplace_back();
        std::vector<Inst> code;
        if (auto ok = emit(ast, code); !ok) return tl::unexpected(ok.error());
        code.push_back({Op::match});
        m_program.programs[static_cast<size_t>(index)] = std::move(code);
        return index;
    }

private:
    Pattern::Program& m_program;
    size_t m_total = 0;

    static int here(const std::vector<Inst>& code) { return static_cast<int>(code.size()); }

    Result<void> push(std::vector<Inst>& code, Inst inst) {
        if (++m_total > k_max_instructions) return fail("InvalidPattern", "pattern expands too far");
        code.push_back(inst);
        return {};
    }

    Result<void> emit(const Ast& a, std::vector<Inst>& code) {
        switch (a.kind) {
            case Ast::Kind::empty: return {};
            case Ast::Kind::cls: return push(code, {Op::cls, a.cls});
            case Ast::Kind::any: return push(code, {Op::any});
            case Ast::Kind::assertion: return push(code, {a.assertion});
            case Ast::Kind::concat:
                for (const auto& kid : a.kids)
                    if (auto ok = emit(kid, code); !ok) return ok;
                return {};
            case Ast::Kind::alt: {
                std::vector<size_t> exits;
                for (size_t i = 0; i + 1 < a.kids.size(); ++i) {
                    size_t split = code.size();
                    if (auto ok = push(code, {Op::split}); !ok) return ok;
                    code[split].x = here(code);
                    if (auto ok = emit(a.kids[i], code); !ok) return ok;
                    exits.push_back(code.size());
                    if (auto ok = push(code, {Op::jmp}); !ok) return ok;
                    code[split].y = here(code);
                }
                if (auto ok = emit(a.kids.back(), code); !ok) return ok;
                for (size_t e : exits) code[e].x = here(code);
                return {};
            }
            case Ast::Kind::repeat: {
                for (int i = 0; i < a.min; ++i)
                    if (auto ok = emit(a.kids[0], code); !ok) return ok;
                if (a.max < 0) {
                    size_t loop = code.size();
                    if (auto ok = push(code, {Op::split}); !ok) return ok;
                    code[loop].x = here(code);
                    if (auto ok = emit(a.kids[0], code); !ok) return ok;
                    if (auto ok = push(code, {Op::jmp, static_cast<int>(loop)}); !ok) return ok;
                    code[loop].y = here(code);
                    return {};
                }
                std::vector<size_t> skips;
                for (int i = a.min; i < a.max; ++i) {
                    skips.push_back(code.size());
                    if (auto ok = push(code, {Op::split}); !ok) return ok;
                    code[skips.back()].x = here(code);
                    if (auto ok = emit(a.kids[0], code); !ok) return ok;
                }
                for (size_t s : skips) code[s].y = here(code);
                return {};
            }
            case Ast::Kind::look: {
                auto index = compile_program(a.kids[0]);
                if (!index) return tl::unexpected(index.error());
                return push(code, {Op::look, *index, a.negative ? 1 : 0});
            }
        }
        return {};
    }
};

bool is_word_at(const std::u32string& in, size_t pos) {
    if (pos >= in.size()) return false;
    char32_t c = in[pos];
    if (is_ascii_word(c)) return true;
    char cat = unicode_category(c);
    return c >= 0x80 && (cat == 'L' || cat == 'N');
}

bool is_line_terminator(char32_t c) {
    return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

// A Pike VM run of one program from `start`: the whole rest of the input (`whole`) or any
// prefix of it (lookaheads).
class Vm {
public:
    Vm(const Pattern::Program& program, const std::u32string& in) : m_program(program), m_in(in) {}

    bool run(int index, size_t start, bool whole) const {
        const auto& code = m_program.programs[static_cast<size_t>(index)];
        std::vector<size_t> marks(code.size(), std::numeric_limits<size_t>::max());
        std::vector<int> current;
        std::vector<int> next;
        std::vector<int> stack;
        add(code, marks, stack, current, 0, start);
        for (size_t pos = start;; ++pos) {
            if (current.empty()) return false;
            for (int pc : current) {
                const Inst& inst = code[static_cast<size_t>(pc)];
                if (inst.op == Op::match) {
                    if (!whole || pos == m_in.size()) return true;
                    continue;
                }
                if (pos >= m_in.size()) continue;
                bool step = inst.op == Op::cls
                                ? m_program.classes[static_cast<size_t>(inst.x)].contains(m_in[pos])
                                : !is_line_terminator(m_in[pos]);
                if (step) add(code, marks, stack, next, pc + 1, pos + 1);
            }
            if (pos >= m_in.size()) return false;
            current.swap(next);
            next.clear();
        }
    }

private:
    const Pattern::Program& m_program;
    const std::u32string& m_in;

    // Follows the epsilon transitions from `pc` at `pos`, queueing the consuming states.
    void add(const std::vector<Inst>& code, std::vector<size_t>& marks, std::vector<int>& stack,
             std::vector<int>& list, int first, size_t pos) const {
        stack.assign(1, first);
        while (!stack.empty()) {
            int pc = stack.back();
            stack.pop_back();
            auto upc = static_cast<size_t>(pc);
            if (marks[upc] == pos) continue;
            marks[upc] = pos;
            const Inst& inst = code[upc];
            switch (inst.op) {
                case Op::jmp: stack.push_back(inst.x); break;
                case Op::split:
                    stack.push_back(inst.y);
                    stack.push_back(inst.x);
                    break;
                case Op::assert_begin:
                    if (pos == 0) stack.push_back(pc + 1);
                    break;
                case Op::assert_end:
                    if (pos == m_in.size()) stack.push_back(pc + 1);
                    break;
                case Op::word_boundary:
                case Op::not_word_boundary: {
                    bool boundary = (pos > 0 && is_word_at(m_in, pos - 1)) != is_word_at(m_in, pos);
                    if (boundary == (inst.op == Op::word_boundary)) stack.push_back(pc + 1);
                    break;
                }
                case Op::look: {
                    // A separate run with its own state; lookaheads are short and rare.
                    bool found = run(inst.x, pos, false);
                    if (found != (inst.y == 1)) stack.push_back(pc + 1);
                    break;
                }
                case Op::cls:
                case Op::any:
                case Op::match: list.push_back(pc); break;
            }
        }
    }
};

}  // namespace

Result<Pattern> Pattern::compile(std::string_view java_regex) {
    auto program = std::make_shared<Program>();
    Parser parser(utf8_to_code_points(java_regex), *program);
    auto ast = parser.parse();
    if (!ast) return tl::unexpected(ast.error());
    Compiler compiler(*program);
    auto index = compiler.compile_program(*ast);
    if (!index) return tl::unexpected(index.error());
    Pattern p;
    p.m_source = std::string(java_regex);
    p.m_program = std::move(program);
    return p;
}

bool Pattern::matches(std::string_view value) const {
    if (!m_program) return false;
    std::u32string in = utf8_to_code_points(value);
    return Vm(*m_program, in).run(0, 0, true);
}

std::u32string utf8_to_code_points(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        auto b = static_cast<unsigned char>(s[i]);
        int extra = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
        char32_t cp = extra == 0 ? b : extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
        bool ok = extra >= 0 && i + static_cast<size_t>(extra) < s.size();
        for (int k = 1; ok && k <= extra; ++k) {
            auto c = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
            if ((c & 0xC0) != 0x80) ok = false;
            else cp = (cp << 6) | (c & 0x3F);
        }
        static constexpr char32_t k_min_for[] = {0, 0x80, 0x800, 0x10000};
        if (ok && (cp < k_min_for[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
        if (!ok) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += static_cast<size_t>(extra) + 1;
    }
    return out;
}

char unicode_category(char32_t c) {
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return 'L';
        if (c >= '0' && c <= '9') return 'N';
        if (c == ' ') return 'Z';
        if (c < 0x20 || c == 0x7F) return 'C';
        switch (c) {
            case '$': case '+': case '<': case '=': case '>': case '^': case '`': case '|': case '~':
                return 'S';
            default: return 'P';
        }
    }
    if (c < 0xA0) return 'C';
    if (c < 0xC0) {
        switch (c) {
            case 0xA0: return 'Z';
            case 0xAD: return 'C';
            case 0xA1: case 0xA7: case 0xAB: case 0xB6: case 0xB7: case 0xBB: case 0xBF: return 'P';
            case 0xB2: case 0xB3: case 0xB9: case 0xBC: case 0xBD: case 0xBE: return 'N';
            case 0xAA: case 0xB5: case 0xBA: return 'L';
            default: return 'S';
        }
    }
    if (c < 0x100) return c == 0xD7 || c == 0xF7 ? 'S' : 'L';
    if (c >= 0x300 && c <= 0x36F) return 'M';
    if (c >= 0x2000 && c <= 0x206F) {
        if (c <= 0x200A || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F) return 'Z';
        if (c <= 0x200F || (c >= 0x202A && c <= 0x202E) || c >= 0x2060) return 'C';
        return 'P';
    }
    if (c >= 0x2070 && c <= 0x209F) return 'N';
    if (c >= 0x20A0 && c <= 0x20CF) return 'S';
    if (c >= 0x20D0 && c <= 0x20FF) return 'M';
    if (c >= 0x2100 && c <= 0x2BFF) return 'S';
    if (c == 0x3000) return 'Z';
    if (c >= 0x3001 && c <= 0x3003) return 'P';
    if (c >= 0xD800 && c <= 0xF8FF) return 'C';
    if (c >= 0xFE00 && c <= 0xFE0F) return 'M';
    if (c >= 0xFF01 && c <= 0xFF5E) return unicode_category(c - 0xFEE0);
    if (c >= 0xFFF0 && c <= 0xFFFF) return 'C';
    if (c >= 0x1F000 && c <= 0x1FAFF) return 'S';
    if (c >= 0xE0000) return 'C';
    return 'L';
}

}  // namespace jg::wire
