// Code points for the checks AWS makes in Java terms: pattern classes such as \p{L}, and
// lengths counted in UTF-16 units.
#pragma once

#include <string>
#include <string_view>

namespace jg::wire {

// The Unicode general category of a code point, by its first letter (L, M, N, P, S, Z, C).
// Exact for ASCII and Latin-1; beyond that a coarse table of the common blocks (letters by
// default), which is what tag keys and names in practice need.
char unicode_category(char32_t cp);

// UTF-8 to code points; invalid bytes become U+FFFD.
std::u32string utf8_to_code_points(std::string_view s);

// Java's String.length(): UTF-16 code units of a UTF-8 string.
size_t utf16_length(std::string_view s);

}  // namespace jg::wire
