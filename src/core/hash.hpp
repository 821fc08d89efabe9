// Message digests and checksums over bytes: SHA-256 (SigV4, S3 payload hashes),
// HMAC-SHA256 (SigV4 signing keys), HMAC-SHA1 (TOTP), MD5 (S3 ETag, Content-MD5) and
// CRC32 (x-amz-checksum-crc32). Digests are returned as raw bytes; encode them with
// core/encoding.hpp (hex for SigV4 and ETags, Base64 for Content-MD5 and checksums).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace jg {

std::string sha256(std::string_view data);                       // 32 bytes
std::string sha1(std::string_view data);                         // 20 bytes
std::string md5(std::string_view data);                          // 16 bytes
std::string hmac_sha256(std::string_view key, std::string_view data);  // 32 bytes
std::string hmac_sha1(std::string_view key, std::string_view data);    // 20 bytes

// Lower-case hex of SHA-256, the form SigV4 uses everywhere.
std::string sha256_hex(std::string_view data);

// CRC-32 (ISO-HDLC, the zlib polynomial) as S3 computes it; `crc32_update` continues a
// running value so that streamed bodies need not be held in memory.
std::uint32_t crc32(std::string_view data);
std::uint32_t crc32_update(std::uint32_t crc, std::string_view data);
// The 4 big-endian bytes of a CRC-32, Base64-encoded: x-amz-checksum-crc32's value.
std::string crc32_base64(std::string_view data);

// Incremental SHA-256 for bodies that arrive in pieces (aws-chunked uploads).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(std::string_view data);
    std::string finish();  // 32 bytes; the hasher starts over afterwards

private:
    struct State;
    std::unique_ptr<State> m_state;
};

// Equality of secrets in time independent of where they differ (signatures, hashes).
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace jg
