#include "core/ids.hpp"

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
    }
    return "";
}

std::string new_unique_id(Random& random, IdKind kind) {
    const std::string_view prefix = id_prefix(kind);
    return std::string(prefix) + random.string_from(k_id_alphabet, id_length(kind) - prefix.size());
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
