#include "wire/query_unicode.hpp"

namespace jg::wire {

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

size_t utf16_length(std::string_view s) {
    size_t n = 0;
    for (char32_t cp : utf8_to_code_points(s)) n += cp >= 0x10000 ? 2 : 1;
    return n;
}

}  // namespace jg::wire
