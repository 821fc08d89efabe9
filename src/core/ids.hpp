// AWS-shaped identifiers drawn from a Random: IAM unique ids with their type prefixes,
// access key ids, secret keys, session tokens, request ids and UUIDs. Shapes follow
// AWS's documented examples (AIDACKCEVSQ6C2EXAMPLE, AKIAIOSFODNN7EXAMPLE,
// wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/random.hpp"

namespace jg {

// The prefixes of IAM unique ids (IAM user guide, "Unique identifiers").
enum class IdKind {
    user,            // AIDA
    group,           // AGPA
    role,            // AROA
    managed_policy,  // ANPA
    instance_profile,  // AIPA
    access_key,      // AKIA: long-term access key id
    temporary_key,   // ASIA: access key id of temporary (STS) credentials
    ssh_public_key,  // APKA: SSHPublicKeyId
    signing_certificate,  // CertificateId of a signing certificate: 28 characters, no prefix
    server_certificate,   // ASCA: ServerCertificateId
};

std::string_view id_prefix(IdKind kind);

// The prefix followed by AWS's upper-case alphabet (A-Z, 2-7): 21 characters for unique
// ids of entities (AIDA + 17), 20 for access key ids (AKIA/ASIA + 16), as AWS issues them.
std::string new_unique_id(Random& random, IdKind kind);

// 40 characters of A-Z a-z 0-9 + /, like AWS secret access keys.
std::string new_secret_access_key(Random& random);

// An opaque session token: Base64 of 192 random bytes (256 characters); real tokens are
// opaque Base64 blobs of a few hundred characters too.
std::string new_session_token(Random& random);

// RFC 4122 version 4 UUID, lower-case: `c6a1e2b0-4f1d-4a4b-9d3e-1f2a3b4c5d6e`.
// Used as request ids (x-amzn-RequestId), stack ids' suffix and operation ids.
std::string new_uuid(Random& random);

// An access key id (AKIA/ASIA + 16) that carries `account` (12 digits) the way AWS's do:
// base32-decoded, bits 1–40 of the 80 are the account number (what sts:GetAccessKeyInfo
// reads); the other 40 bits are random. Takes as much randomness as new_unique_id.
std::string new_account_key_id(Random& random, IdKind kind, std::string_view account);
// The account such an id carries (any 20-character AKIA/ASIA id of AWS's alphabet, as
// AWS decodes them), or nullopt for another shape.
std::optional<std::string> account_of_key_id(std::string_view key_id);

// True when `text` has the shape new_unique_id gives `kind` (prefix, length, alphabet).
bool looks_like_id(std::string_view text, IdKind kind);

}  // namespace jg
