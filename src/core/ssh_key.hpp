// SSH public keys as IAM takes them (UploadSSHPublicKey): an RSA key in OpenSSH
// ("ssh-rsa BASE64 [comment]") or PEM ("-----BEGIN PUBLIC KEY-----") encoding. Parsed
// into both encodings (GetSSHPublicKey returns either) and the MD5 fingerprint AWS shows.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jg {

struct SshPublicKey {
    int bits = 0;             // RSA modulus length
    std::string openssh;      // "ssh-rsa BASE64" (no comment)
    std::string pem;          // SubjectPublicKeyInfo PEM
    std::string fingerprint;  // MD5 of the OpenSSH key blob, "aa:bb:…" (16 pairs)
};

// Errors: "UnrecognizedPublicKeyEncoding" (neither encoding, or not RSA).
Result<SshPublicKey> parse_ssh_public_key(std::string_view body);

}  // namespace jg
