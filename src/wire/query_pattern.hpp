// The `pattern` constraints of botocore's service models: Java regular expressions that AWS
// matches against a whole parameter value. Compiled once per model into a Pike VM, so that
// matching is linear in the input (IAM policy documents run to 128 KB) and never recurses
// per character, unlike std::regex.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "wire/query_unicode.hpp"

namespace jg::wire {

class Pattern {
public:
    // The subset of java.util.regex the models use: literals, `.`, classes with ranges and
    // negation, \w \d \s \W \D \S \b \uXXXX \p{L|M|N|P|S|Z|C}, groups `( )` `(?: )`,
    // negative/positive lookahead, `|`, `* + ? {n} {n,} {n,m}` (lazy forms accepted), `^ $`.
    // Anything else is an error (the model then lists the shape as unchecked).
    [[nodiscard]] static Result<Pattern> compile(std::string_view java_regex);

    // Java's String.matches: the whole UTF-8 value must match.
    bool matches(std::string_view value) const;

    const std::string& source() const { return m_source; }

    struct Program;

private:
    std::string m_source;
    std::shared_ptr<const Program> m_program;
};

}  // namespace jg::wire
