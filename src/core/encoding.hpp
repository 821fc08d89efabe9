// Byte encodings: hex, Base64 (RFC 4648 §4, padded) and Base32 (RFC 4648 §6, the
// alphabet of MFA seeds). Encoders take any bytes; decoders reject malformed text with
// an "InvalidEncoding" error rather than guessing.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jg {

std::string hex_encode(std::string_view bytes);  // lower-case
Result<std::string> hex_decode(std::string_view text);  // either case

std::string base64_encode(std::string_view bytes);
// Strict: length a multiple of 4, '=' only as final padding, no whitespace.
Result<std::string> base64_decode(std::string_view text);

// Base32 with '=' padding when `pad` (RFC 4648); authenticator apps and AWS's
// Base32StringSeed use the upper-case alphabet A-Z2-7.
std::string base32_encode(std::string_view bytes, bool pad = true);
// Accepts upper or lower case, with or without padding (seeds are typed in by hand).
Result<std::string> base32_decode(std::string_view text);

// Percent-encoding of everything but RFC 3986's unreserved characters (A-Z a-z 0-9 - _ . ~),
// upper-case hex: the URI encoding of SigV4 and of otpauth URIs. With `keep_slash`, '/'
// is left as is (SigV4's canonical URI for S3 object keys).
std::string uri_encode(std::string_view text, bool keep_slash = false);
// Decodes %XX escapes (and '+' as a space when `plus_is_space`, for form bodies).
Result<std::string> uri_decode(std::string_view text, bool plus_is_space = false);

}  // namespace jg
