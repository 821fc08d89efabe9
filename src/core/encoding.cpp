#include "core/encoding.hpp"

#include <array>
#include <cstdint>

namespace jg {

namespace {

constexpr char k_hex_digits[] = "0123456789abcdef";
constexpr char k_hex_upper[] = "0123456789ABCDEF";
constexpr char k_base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char k_base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

int base32_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= '2' && c <= '7') return c - '2' + 26;
    return -1;
}

bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == '~';
}

}  // namespace

std::string hex_encode(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        out += k_hex_digits[b >> 4];
        out += k_hex_digits[b & 0xF];
    }
    return out;
}

Result<std::string> hex_decode(std::string_view text) {
    if (text.size() % 2 != 0) return fail("InvalidEncoding", "hex text has an odd length");
    std::string out;
    out.reserve(text.size() / 2);
    for (size_t i = 0; i < text.size(); i += 2) {
        const int hi = hex_value(text[i]);
        const int lo = hex_value(text[i + 1]);
        if (hi < 0 || lo < 0)
            return fail("InvalidEncoding",
                        "invalid hex digit at offset " + std::to_string(hi < 0 ? i : i + 1));
        out += static_cast<char>((hi << 4) | lo);
    }
    return out;
}

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (std::uint32_t(static_cast<unsigned char>(bytes[i])) << 16) |
                                (std::uint32_t(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                                std::uint32_t(static_cast<unsigned char>(bytes[i + 2]));
        out += k_base64_alphabet[(v >> 18) & 63];
        out += k_base64_alphabet[(v >> 12) & 63];
        out += k_base64_alphabet[(v >> 6) & 63];
        out += k_base64_alphabet[v & 63];
    }
    const size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = std::uint32_t(static_cast<unsigned char>(bytes[i])) << 16;
        if (rest == 2) v |= std::uint32_t(static_cast<unsigned char>(bytes[i + 1])) << 8;
        out += k_base64_alphabet[(v >> 18) & 63];
        out += k_base64_alphabet[(v >> 12) & 63];
        out += rest == 2 ? k_base64_alphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

Result<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0)
        return fail("InvalidEncoding", "base64 text length is not a multiple of 4");
    size_t padding = 0;
    if (!text.empty() && text.back() == '=') ++padding;
    if (text.size() >= 2 && text[text.size() - 2] == '=') ++padding;
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        std::uint32_t v = 0;
        for (size_t k = 0; k < 4; ++k) {
            const char c = text[i + k];
            int d = 0;
            if (c == '=' && last && k >= 4 - padding) {
                d = 0;
            } else {
                d = base64_value(c);
                if (d < 0)
                    return fail("InvalidEncoding",
                                "invalid base64 character at offset " + std::to_string(i + k));
            }
            v = (v << 6) | static_cast<std::uint32_t>(d);
        }
        out += static_cast<char>(v >> 16);
        if (!(last && padding == 2)) out += static_cast<char>((v >> 8) & 0xFF);
        if (!(last && padding >= 1)) out += static_cast<char>(v & 0xFF);
    }
    return out;
}

std::string base32_encode(std::string_view bytes, bool pad) {
    std::string out;
    out.reserve((bytes.size() + 4) / 5 * 8);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char b : bytes) {
        buffer = (buffer << 8) | b;
        bits += 8;
        while (bits >= 5) {
            out += k_base32_alphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) out += k_base32_alphabet[(buffer << (5 - bits)) & 31];
    if (pad)
        while (out.size() % 8 != 0) out += '=';
    return out;
}

Result<std::string> base32_decode(std::string_view text) {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    // Only these remainders are produced by whole bytes (RFC 4648 §6's padding cases).
    const size_t rem = text.size() % 8;
    if (rem == 1 || rem == 3 || rem == 6)
        return fail("InvalidEncoding", "base32 text has an impossible length");
    std::string out;
    out.reserve(text.size() * 5 / 8);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const int d = base32_value(text[i]);
        if (d < 0)
            return fail("InvalidEncoding",
                        "invalid base32 character at offset " + std::to_string(i));
        buffer = (buffer << 5) | static_cast<std::uint32_t>(d);
        bits += 5;
        if (bits >= 8) {
            out += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
            bits -= 8;
        }
    }
    return out;
}

std::string uri_encode(std::string_view text, bool keep_slash) {
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (unreserved(c) || (keep_slash && c == '/')) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += k_hex_upper[c >> 4];
            out += k_hex_upper[c & 0xF];
        }
    }
    return out;
}

Result<std::string> uri_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size())
                return fail("InvalidEncoding",
                            "truncated percent escape at offset " + std::to_string(i));
            const int hi = hex_value(text[i + 1]);
            const int lo = hex_value(text[i + 2]);
            if (hi < 0 || lo < 0)
                return fail("InvalidEncoding",
                            "invalid percent escape at offset " + std::to_string(i));
            out += static_cast<char>((hi << 4) | lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace jg
