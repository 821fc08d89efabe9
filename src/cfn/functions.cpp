#include "cfn/functions.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <array>
#include <optional>

namespace jg::cfn {

std::string base64_encode(std::string_view in) {
    static constexpr char k_alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                     (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out += k_alphabet[(v >> s) & 63];
    }
    if (i + 1 == in.size()) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16;
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == in.size()) {
        unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        out += k_alphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

// Fn::Cidr: `count` subnets of 2^bits addresses each, carved in order from `block`.
tl::expected<std::vector<std::string>, std::string> cidr_subnets(const std::string& block, long long count, long long bits) {
    auto bad = [](std::string why) { return tl::unexpected(std::move(why)); };
    size_t slash = block.find('/');
    if (slash == std::string::npos) return bad(fmt::format("'{}' is not a CIDR block", block));
    std::string addr = block.substr(0, slash);
    std::optional<long long> prefix;
    std::string digits = block.substr(slash + 1);
    if (!digits.empty() && digits.size() <= 3 && digits.find_first_not_of("0123456789") == std::string::npos)
        prefix = std::stoll(digits);
    bool v6 = addr.find(':') != std::string::npos;
    std::array<unsigned char, 16> bytes{};
    if (inet_pton(v6 ? AF_INET6 : AF_INET, addr.c_str(), bytes.data()) != 1 || !prefix ||
        *prefix > (v6 ? 128 : 32))
        return bad(fmt::format("'{}' is not a CIDR block", block));
    int width = v6 ? 128 : 32;
    if (count < 1 || count > 256) return bad("the count of subnets must be between 1 and 256");
    if (bits < 0 || bits > width - *prefix)
        return bad(fmt::format("cidrBits {} does not fit in a /{} block", bits, *prefix));
    int new_prefix = width - static_cast<int>(bits);
    int room = new_prefix - static_cast<int>(*prefix);
    if (room < 63 && count > (1LL << room))
        return bad(fmt::format("a /{} block holds only {} subnets of /{}", *prefix, 1LL << room, new_prefix));
    int nbytes = v6 ? 16 : 4;
    // Clear the host bits of the block, then add i << bits for each subnet.
    for (int b = static_cast<int>(*prefix); b < width; ++b) bytes[b / 8] &= static_cast<unsigned char>(~(0x80 >> (b % 8)));
    std::vector<std::string> out;
    for (long long i = 0; i < count; ++i) {
        std::array<unsigned char, 16> sub = bytes;
        // add (i << bits) as a big-endian number
        unsigned long long carry = 0;
        for (int byte = nbytes - 1; byte >= 0; --byte) {
            int low_bit = (nbytes - 1 - byte) * 8;  // bit index of this byte's lsb
            unsigned long long add = 0;
            for (int k = 0; k < 8; ++k) {
                int bit = low_bit + k - static_cast<int>(bits);
                if (bit >= 0 && bit < 63 && ((i >> bit) & 1)) add |= (1ULL << k);
            }
            unsigned long long sum = sub[byte] + add + carry;
            sub[byte] = static_cast<unsigned char>(sum & 0xff);
            carry = sum >> 8;
        }
        char text[INET6_ADDRSTRLEN] = {};
        inet_ntop(v6 ? AF_INET6 : AF_INET, sub.data(), text, sizeof text);
        out.push_back(fmt::format("{}/{}", text, new_prefix));
    }
    return out;
}

}  // namespace jg::cfn
