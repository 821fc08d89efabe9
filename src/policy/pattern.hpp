// Wildcard patterns and policy variables: the strings of Resource and of String/Arn/Bool
// condition values, which may hold "${aws:username}", "${key, 'default'}" and the escapes
// "${*}", "${?}", "${$}" (2012-10-17 documents only).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/request.hpp"

namespace jg::policy {

// In expanded patterns this byte makes the next character literal (a '*' that came from
// "${*}" or from a variable's value must not act as a wildcard).
inline constexpr char k_escape = '\x1b';

// Glob with '*' (any run) and '?' (one character) and k_escape-escaped literals.
bool glob_match(std::string_view pattern, std::string_view text, bool ignore_case = false);

// Same, the ARN way: the six ':'-separated parts are matched one by one so that a '*'
// never spans a colon before the resource part. A pattern that is not ARN-shaped is
// matched as a whole.
bool arn_glob_match(std::string_view pattern, std::string_view text);

// A pattern compiled once: most IAM patterns are "*", a literal or "prefix*", which need
// no backtracking. Case-sensitive (action patterns and names are both lower-cased first).
class Glob {
public:
    Glob() = default;
    explicit Glob(std::string pattern);
    bool match(std::string_view text) const;
    const std::string& text() const { return m_text; }

private:
    enum class Kind { any, literal, prefix, general };
    Kind m_kind = Kind::any;
    std::string m_text;  // the pattern (general), the literal, or the prefix
};

// A pattern split into the six parts of an ARN (or kept whole when not ARN-shaped).
class ArnGlob {
public:
    ArnGlob() = default;
    explicit ArnGlob(std::string_view pattern);
    bool match(std::string_view text, const std::array<std::string_view, 6>* parts) const;

private:
    bool m_arn = false;
    Glob m_whole;
    std::array<Glob, 6> m_parts;
};

// The six parts of an ARN-shaped text (unescaped), or false.
bool split_arn_parts(std::string_view text, std::array<std::string_view, 6>& parts);

class Template {
public:
    // With variables off (2008-10-17), the whole text is literal pattern text.
    static Template parse(std::string_view text, bool variables);

    bool has_variables() const { return m_has_variables; }
    const std::string& source() const { return m_source; }
    // Without variables: the text as a pattern / as plain text.
    const std::string& pattern() const { return m_pattern; }
    const std::string& plain() const { return m_plain; }

    // Writes the text with every variable replaced; false when a variable has no value
    // (and no default): such a value matches nothing. As a pattern, substituted values
    // and the "${*}" escapes are literal.
    bool expand(const RequestContext& request, bool as_pattern, std::string& out) const;

private:
    struct Part {
        bool variable = false;
        std::string text;  // literal text, or the key name of a variable
        std::optional<std::string> fallback;
    };
    std::vector<Part> m_parts;
    std::string m_source, m_pattern, m_plain;
    bool m_has_variables = false;
};

}  // namespace jg::policy
