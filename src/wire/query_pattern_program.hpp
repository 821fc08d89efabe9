// The compiled form of a Pattern, shared by its compiler (query_pattern.cpp) and the
// Pike VM that runs it (query_pattern_vm.cpp). Internal to the wire layer.
#pragma once

#include <vector>

#include "wire/query_pattern.hpp"

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

struct CharClass {
    std::vector<ClassItem> items;
    bool negated = false;

    bool contains(char32_t c) const;
};

struct Pattern::Program {
    std::vector<CharClass> classes;
    std::vector<std::vector<Inst>> programs;  // [0] the pattern, then one per lookahead
};

}  // namespace jg::wire
