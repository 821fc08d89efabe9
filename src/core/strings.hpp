// Small string helpers shared by every layer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jg {

std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool starts_with_icase(std::string_view s, std::string_view prefix);
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::string trim(std::string_view s);

// Glob match where '*' matches any run of characters (also empty) and '?' exactly one,
// anywhere in the pattern — the matching of IAM's Action, Resource and StringLike.
bool wildcard_match(std::string_view pattern, std::string_view text, bool ignore_case = false);

// Appends the UTF-8 encoding of code point `cp` (JSON \u escapes, XML character references).
void append_utf8(std::string& out, char32_t cp);

// Reads a whole file; false when it cannot be read.
bool read_file(const std::string& path, std::string& out);

}  // namespace jg
