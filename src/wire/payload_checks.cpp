#include "wire/payload_checks.hpp"

#include <array>
#include <cstdint>

#include "core/encoding.hpp"
#include "core/hash.hpp"
#include "core/strings.hpp"

namespace jg::wire {

namespace {

bool is_hex64(std::string_view s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    return true;
}

constexpr ChecksumAlgorithm k_algorithms[] = {
    {"x-amz-checksum-crc32", "CRC32", 4},         {"x-amz-checksum-crc32c", "CRC32C", 4},
    {"x-amz-checksum-crc64nvme", "CRC64NVME", 8}, {"x-amz-checksum-sha1", "SHA1", 20},
    {"x-amz-checksum-sha256", "SHA256", 32},
};

// Reflected CRC tables: CRC-32C (Castagnoli, 0x1EDC6F41 reflected) and CRC-64/NVME
// (0xAD93D23594C93659 reflected), both with all-ones init and final xor.
template <class T, T Poly>
constexpr std::array<T, 256> crc_table() {
    std::array<T, 256> table{};
    for (unsigned i = 0; i < 256; ++i) {
        T c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ Poly : c >> 1;
        table[i] = c;
    }
    return table;
}
constexpr auto k_crc32c_table = crc_table<std::uint32_t, 0x82F63B78u>();
constexpr auto k_crc64nvme_table = crc_table<std::uint64_t, 0x9A6C9329AC4BC9B5ull>();

template <class T, std::size_t N>
T reflected_crc(const std::array<T, N>& table, std::string_view data) {
    T crc = ~T{0};
    for (unsigned char byte : data) crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

template <class T>
std::string big_endian(T value) {
    std::string out(sizeof(T), '\0');
    for (std::size_t i = 0; i < sizeof(T); ++i)
        out[i] = static_cast<char>(value >> (8 * (sizeof(T) - 1 - i)));
    return out;
}

std::string digest(const ChecksumAlgorithm& algorithm, std::string_view body) {
    if (algorithm.name == "CRC32") return big_endian(crc32(body));
    if (algorithm.name == "CRC32C") return big_endian(reflected_crc(k_crc32c_table, body));
    if (algorithm.name == "CRC64NVME") return big_endian(reflected_crc(k_crc64nvme_table, body));
    if (algorithm.name == "SHA1") return sha1(body);
    return sha256(body);
}

}  // namespace

Result<void> check_content_sha256(std::string_view header, std::string_view body) {
    if (header == k_unsigned_payload || header.starts_with("STREAMING-")) return {};
    if (!is_hex64(header))
        return fail("InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                                       "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                                       "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, "
                                       "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.");
    if (to_lower(header) != sha256_hex(body))
        return fail("XAmzContentSHA256Mismatch",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
    return {};
}

Result<void> check_content_md5(std::string_view header, std::string_view body) {
    auto digest = base64_decode(header);
    if (!digest || digest->size() != 16)
        return fail("InvalidDigest", "The Content-MD5 you specified was invalid.");
    if (!constant_time_equals(*digest, md5(body)))
        return fail("BadDigest", "The Content-MD5 you specified did not match what we received.");
    return {};
}

const ChecksumAlgorithm* checksum_algorithm(std::string_view name) {
    for (const auto& a : k_algorithms)
        if (iequals(a.header, name)) return &a;
    return nullptr;
}

std::string checksum_base64(const ChecksumAlgorithm& algorithm, std::string_view body) {
    return base64_encode(digest(algorithm, body));
}

Result<void> check_checksum(const ChecksumAlgorithm& algorithm, std::string_view value, std::string_view body,
                            bool trailer) {
    auto sent = base64_decode(trim(value));
    if (!sent || sent->size() != algorithm.digest_size)
        return fail("InvalidRequest", "Value for " + std::string(algorithm.header) +
                                          (trailer ? " trailing header" : " header") + " is invalid.");
    if (!constant_time_equals(*sent, digest(algorithm, body)))
        return fail("BadDigest",
                    "The " + std::string(algorithm.name) + " you specified did not match the calculated checksum.");
    return {};
}

Result<void> check_checksum_crc32(std::string_view value, std::string_view body) {
    return check_checksum(*checksum_algorithm("x-amz-checksum-crc32"), value, body);
}

Result<void> check_body_headers(std::span<const Header> headers, std::string_view body) {
    const ChecksumAlgorithm* found = nullptr;
    std::string_view found_value;
    for (const auto& h : headers) {
        if (iequals(h.name, "content-md5")) {
            if (auto ok = check_content_md5(trim(h.value), body); !ok) return ok;
            continue;
        }
        const ChecksumAlgorithm* algorithm = checksum_algorithm(h.name);
        if (!algorithm) continue;
        if (found)
            return fail("InvalidRequest",
                        "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        found = algorithm;
        found_value = h.value;
    }
    if (found) return check_checksum(*found, found_value, body);
    return {};
}

}  // namespace jg::wire
