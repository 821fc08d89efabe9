#include "core/qr.hpp"

#include <memory>
#include <vector>

#include <png.h>
#include <qrencode.h>

#include "core/encoding.hpp"

namespace jg {

std::string otpauth_uri(std::string_view issuer, std::string_view account_name,
                        std::string_view base32_secret) {
    while (!base32_secret.empty() && base32_secret.back() == '=') base32_secret.remove_suffix(1);
    return "otpauth://totp/" + uri_encode(issuer) + ":" + uri_encode(account_name) +
           "?secret=" + std::string(base32_secret) + "&issuer=" + uri_encode(issuer);
}

Result<std::string> qr_png(std::string_view text, const QrOptions& options) {
    if (options.module_pixels < 1 || options.module_pixels > 64 || options.margin_modules < 0 ||
        options.margin_modules > 64)
        return fail("QrEncodingFailed", "qr options out of range");
    // QRcode_encodeData takes a length, so text with NUL bytes is encoded whole.
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(static_cast<int>(text.size()),
                          reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M),
        &QRcode_free);
    if (!code)
        return fail("QrEncodingFailed", "text of " + std::to_string(text.size()) +
                                            " bytes cannot be encoded as a QR code");

    // Rasterise: each module becomes a square of module_pixels, black on white.
    const int modules = code->width + 2 * options.margin_modules;
    const int side = modules * options.module_pixels;
    std::vector<unsigned char> pixels(static_cast<size_t>(side) * static_cast<size_t>(side), 0xFF);
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            if ((code->data[y * code->width + x] & 1) == 0) continue;  // bit 0: dark module
            const int px = (x + options.margin_modules) * options.module_pixels;
            const int py = (y + options.margin_modules) * options.module_pixels;
            for (int dy = 0; dy < options.module_pixels; ++dy)
                for (int dx = 0; dx < options.module_pixels; ++dx)
                    pixels[static_cast<size_t>(py + dy) * static_cast<size_t>(side) +
                           static_cast<size_t>(px + dx)] = 0;
        }
    }

    // libpng's simplified API writes to memory without setjmp-based error handling.
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = static_cast<png_uint_32>(side);
    image.height = static_cast<png_uint_32>(side);
    image.format = PNG_FORMAT_GRAY;
    png_alloc_size_t size = 0;
    if (!png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr))
        return fail("QrEncodingFailed", std::string("png encoding failed: ") + image.message);
    std::string png(size, '\0');
    if (!png_image_write_to_memory(&image, png.data(), &size, 0, pixels.data(), 0, nullptr))
        return fail("QrEncodingFailed", std::string("png encoding failed: ") + image.message);
    png.resize(size);
    png_image_free(&image);
    return png;
}

}  // namespace jg
