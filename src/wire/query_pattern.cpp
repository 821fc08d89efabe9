// Java regular expressions parsed and compiled into Pike VM programs (see
// query_pattern_program.hpp); the VM itself is in query_pattern_vm.cpp.
#include "wire/query_pattern.hpp"

#include <fmt/format.h>

#include "wire/query_pattern_program.hpp"

namespace jg::wire {

namespace {

constexpr int k_max_depth = 64;
constexpr int k_max_repeat = 10000;
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

}  // namespace jg::wire
