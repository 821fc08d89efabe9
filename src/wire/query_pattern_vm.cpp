// The Pike VM that runs a compiled Pattern: one pass over the code points with a set of
// threads, so time is linear in the input and the stack never grows with it.
#include "wire/query_pattern_program.hpp"

#include <limits>

namespace jg::wire {
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

bool CharClass::contains(char32_t c) const {
    bool in = false;
    for (const auto& item : items)
        if (item_contains(item, c)) {
            in = true;
            break;
        }
    return in != negated;
}

namespace {

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

bool Pattern::matches(std::string_view value) const {
    if (!m_program) return false;
    std::u32string in = utf8_to_code_points(value);
    return Vm(*m_program, in).run(0, 0, true);
}

}  // namespace jg::wire
