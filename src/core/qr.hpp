// QR codes as PNG images: the QRCodePNG of CreateVirtualMFADevice, a picture of the
// otpauth URI that authenticator apps scan.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jg {

// The Key Uri Format of authenticator apps:
// `otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER`, with the label parts and
// the issuer percent-encoded and the secret's '=' padding removed.
std::string otpauth_uri(std::string_view issuer, std::string_view account_name,
                        std::string_view base32_secret);

struct QrOptions {
    int module_pixels = 4;   // pixels per QR module
    int margin_modules = 4;  // the quiet zone the QR standard asks for
};

// A grayscale PNG of `text` encoded as a QR code (byte mode, error correction level M).
// Errors ("QrEncodingFailed") when the text is too long for a QR code.
Result<std::string> qr_png(std::string_view text, const QrOptions& options = {});

}  // namespace jg
