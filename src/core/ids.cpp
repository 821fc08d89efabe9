#include "core/ids.hpp"

#include <array>
#include <cstdint>

#include "core/encoding.hpp"

namespace jg {

namespace {
constexpr std::string_view k_id_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view k_secret_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::size_t id_length(IdKind kind) {
    switch (kind) {
        case IdKind::access_key:
        case IdKind::temporary_key:
        case IdKind::ssh_public_key: return 20;
        case IdKind::signing_certificate: return 28;
        default: return 21;
    }
}
}  // namespace

std::string_view id_prefix(IdKind kind) {
    switch (kind) {
        case IdKind::user: return "AIDA";
        case IdKind::group: return "AGPA";
        case IdKind::role: return "AROA";
        case IdKind::managed_policy: return "ANPA";
        case IdKind::instance_profile: return "AIPA";
        case IdKind::access_key: return "AKIA";
        case IdKind::temporary_key: return "ASIA";
        case IdKind::ssh_public_key: return "APKA";
        case IdKind::signing_certificate: return "";
        case IdKind::server_certificate: return "ASCA";
    }
    return "";
}

std::string new_unique_id(Random& random, IdKind kind) {
    const std::string_view prefix = id_prefix(kind);
    return std::string(prefix) + random.string_from(k_id_alphabet, id_length(kind) - prefix.size());
}

namespace {

// The 80 bits of an id's 16 base32 characters after its prefix, most significant first.
std::array<bool, 80> id_bits(std::string_view chars) {
    std::array<bool, 80> bits{};
    for (std::size_t i = 0; i < 16; ++i) {
        const std::size_t v = k_id_alphabet.find(chars[i]);
        for (std::size_t b = 0; b < 5; ++b) bits[i * 5 + b] = ((v >> (4 - b)) & 1U) != 0;
    }
    return bits;
}

// Bits 1–40 hold the account number (AWS: the first 48 bits masked by 0x7fffffffff80, >> 7).
constexpr std::size_t k_account_bit = 1;
constexpr std::size_t k_account_bits = 40;

}  // namespace

std::string new_account_key_id(Random& random, IdKind kind, std::string_view account) {
    std::string id = new_unique_id(random, kind);
    std::uint64_t number = 0;
    for (char c : account) number = number * 10 + static_cast<std::uint64_t>(c - '0');
    std::array<bool, 80> bits = id_bits(std::string_view(id).substr(4));
    for (std::size_t b = 0; b < k_account_bits; ++b)
        bits[k_account_bit + b] = ((number >> (k_account_bits - 1 - b)) & 1U) != 0;
    for (std::size_t i = 0; i < 16; ++i) {
        std::size_t v = 0;
        for (std::size_t b = 0; b < 5; ++b) v = (v << 1) | (bits[i * 5 + b] ? 1U : 0U);
        id[4 + i] = k_id_alphabet[v];
    }
    return id;
}

std::optional<std::string> account_of_key_id(std::string_view key_id) {
    if (!looks_like_id(key_id, IdKind::access_key) && !looks_like_id(key_id, IdKind::temporary_key))
        return std::nullopt;
    const std::array<bool, 80> bits = id_bits(key_id.substr(4));
    std::uint64_t number = 0;
    for (std::size_t b = 0; b < k_account_bits; ++b) number = (number << 1) | (bits[k_account_bit + b] ? 1U : 0U);
    std::string digits = std::to_string(number);
    if (digits.size() > 12) return std::nullopt;
    return std::string(12 - digits.size(), '0') + digits;
}

std::string new_secret_access_key(Random& random) {
    return random.string_from(k_secret_alphabet, 40);
}

std::string new_session_token(Random& random) { return base64_encode(random.bytes(192)); }

std::string new_uuid(Random& random) {
    std::string b = random.bytes(16);
    b[6] = static_cast<char>((static_cast<unsigned char>(b[6]) & 0x0F) | 0x40);  // version 4
    b[8] = static_cast<char>((static_cast<unsigned char>(b[8]) & 0x3F) | 0x80);  // variant 10
    const std::string h = hex_encode(b);
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
           "-" + h.substr(20);
}

bool looks_like_id(std::string_view text, IdKind kind) {
    const std::string_view prefix = id_prefix(kind);
    if (text.size() != id_length(kind) || text.substr(0, prefix.size()) != prefix) return false;
    for (char c : text.substr(prefix.size()))
        if (k_id_alphabet.find(c) == std::string_view::npos) return false;
    return true;
}

}  // namespace jg
