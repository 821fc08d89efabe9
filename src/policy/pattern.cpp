#include "policy/pattern.hpp"

#include "core/arn.hpp"
#include "core/strings.hpp"

namespace jg::policy {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

void append_escaped(std::string& out, std::string_view s) {
    for (char c : s) {
        if (c == '*' || c == '?' || c == k_escape) out += k_escape;
        out += c;
    }
}

// Splits at the first five unescaped colons.
bool split6(std::string_view s, std::string_view (&parts)[6]) {
    size_t start = 0, part = 0;
    for (size_t i = 0; i < s.size() && part < 5; ++i) {
        if (s[i] == k_escape) {
            ++i;
            continue;
        }
        if (s[i] == ':') {
            parts[part++] = s.substr(start, i - start);
            start = i + 1;
        }
    }
    if (part < 5) return false;
    parts[5] = s.substr(start);
    return true;
}

}  // namespace

bool glob_match(std::string_view p, std::string_view t, bool ignore_case) {
    // Iterative glob with one backtrack point; an escaped character is compared literally.
    size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
    auto eq = [&](char a, char b) { return ignore_case ? lower(a) == lower(b) : a == b; };
    while (ti < t.size()) {
        if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = ti;
            continue;
        }
        if (pi < p.size()) {
            if (p[pi] == '?') {
                ++pi;
                ++ti;
                continue;
            }
            size_t lit = pi;
            if (p[pi] == k_escape && pi + 1 < p.size()) lit = pi + 1;
            if (eq(p[lit], t[ti])) {
                pi = lit + 1;
                ++ti;
                continue;
            }
        }
        if (star == std::string_view::npos) return false;
        pi = star + 1;
        ti = ++mark;
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

bool arn_glob_match(std::string_view pattern, std::string_view text) {
    std::string_view p[6], t[6];
    if (!split6(pattern, p)) return glob_match(pattern, text);
    if (!split6(text, t)) return false;
    for (size_t i = 0; i < 6; ++i)
        if (!glob_match(p[i], t[i])) return false;
    return true;
}

Glob::Glob(std::string pattern) {
    bool special_inside = false;
    for (size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c == k_escape || c == '?' || (c == '*' && i + 1 < pattern.size())) special_inside = true;
    }
    if (pattern == "*") {
        m_kind = Kind::any;
    } else if (!special_inside && !pattern.empty() && pattern.back() == '*') {
        m_kind = Kind::prefix;
        pattern.pop_back();
    } else if (!special_inside) {
        m_kind = Kind::literal;
    } else {
        m_kind = Kind::general;
    }
    m_text = std::move(pattern);
}

bool Glob::match(std::string_view t) const {
    switch (m_kind) {
        case Kind::any: return true;
        case Kind::literal: return t == m_text;
        case Kind::prefix: return t.size() >= m_text.size() && t.compare(0, m_text.size(), m_text) == 0;
        case Kind::general: return glob_match(m_text, t);
    }
    return false;
}

bool split_arn_parts(std::string_view text, std::array<std::string_view, 6>& parts) {
    size_t start = 0;
    for (size_t i = 0; i < 5; ++i) {
        size_t colon = text.find(':', start);
        if (colon == std::string_view::npos) return false;
        parts[i] = text.substr(start, colon - start);
        start = colon + 1;
    }
    parts[5] = text.substr(start);
    return true;
}

ArnGlob::ArnGlob(std::string_view pattern) {
    std::string_view p[6];
    m_whole = Glob(std::string(pattern));
    if (!split6(pattern, p)) return;
    m_arn = true;
    for (size_t i = 0; i < 6; ++i) m_parts[i] = Glob(std::string(p[i]));
}

bool ArnGlob::match(std::string_view text, const std::array<std::string_view, 6>* parts) const {
    if (!m_arn) return m_whole.match(text);
    if (!parts) return false;
    for (size_t i = 0; i < 6; ++i)
        if (!m_parts[i].match((*parts)[i])) return false;
    return true;
}

Template Template::parse(std::string_view text, bool variables) {
    Template t;
    t.m_source = std::string(text);
    std::string literal;
    auto flush = [&] {
        if (!literal.empty()) t.m_parts.push_back(Part{false, std::move(literal), std::nullopt});
        literal.clear();
    };
    size_t i = 0;
    while (i < text.size()) {
        if (variables && text.compare(i, 2, "${") == 0) {
            size_t close = text.find('}', i + 2);
            if (close != std::string_view::npos) {
                std::string_view inner = text.substr(i + 2, close - i - 2);
                if (inner == "*" || inner == "?" || inner == "$") {
                    // A literal character: a variable with no key whose fallback is the
                    // character, so that expand() writes it escaped.
                    flush();
                    t.m_parts.push_back(Part{true, "", std::string(inner)});
                    t.m_has_variables = true;
                    i = close + 1;
                    continue;
                }
                std::string name = trim(inner);
                std::optional<std::string> fallback;
                if (auto comma = inner.find(','); comma != std::string_view::npos) {
                    name = trim(inner.substr(0, comma));
                    std::string def = trim(inner.substr(comma + 1));
                    if (def.size() >= 2 && def.front() == '\'' && def.back() == '\'')
                        fallback = def.substr(1, def.size() - 2);
                    else
                        name.clear();  // malformed default: leave the text literal
                }
                if (!name.empty() && name.find_first_of(" ${") == std::string::npos) {
                    flush();
                    t.m_parts.push_back(Part{true, to_lower(name), std::move(fallback)});
                    t.m_has_variables = true;
                    i = close + 1;
                    continue;
                }
            }
        }
        literal += text[i++];
    }
    flush();
    if (!t.m_has_variables) {
        for (const auto& p : t.m_parts) {
            t.m_plain += p.text;
            for (char c : p.text) {
                if (c == k_escape) t.m_pattern += k_escape;
                t.m_pattern += c;
            }
        }
    }
    return t;
}

bool Template::expand(const RequestContext& request, bool as_pattern, std::string& out) const {
    out.clear();
    if (!m_has_variables) {
        out = as_pattern ? m_pattern : m_plain;
        return true;
    }
    for (const auto& p : m_parts) {
        if (!p.variable) {
            if (as_pattern) {
                for (char c : p.text) {
                    if (c == k_escape) out += k_escape;
                    out += c;
                }
            } else {
                out += p.text;
            }
            continue;
        }
        const std::vector<std::string>* values = p.text.empty() ? nullptr : request.find(p.text);
        // A multi-valued key cannot stand for one string: treated as having no value.
        std::string_view value;
        if (values && values->size() == 1) value = (*values)[0];
        else if (p.fallback) value = *p.fallback;
        else return false;
        if (as_pattern) append_escaped(out, value);
        else out += value;
    }
    return true;
}

}  // namespace jg::policy
