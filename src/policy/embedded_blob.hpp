// Data embedded into the binary at build time with the assembler's .incbin: the bytes
// live in read-only pages that the kernel maps lazily, so a lookup touches only the
// pages it reads and start-up parses nothing. The build passes the blob's path as a
// string macro (see catalog_data.cmake).
#pragma once

#include <string_view>

// Defines `extern "C"` symbols NAME_begin and NAME_end around the bytes of PATH (a NUL
// byte follows NAME_end, so text blobs may also be read as C strings).
// Use once, at namespace scope, in the .cpp that owns the blob.
#define JG_EMBED_BLOB(NAME, PATH)                                      \
    __asm__(".pushsection .rodata." #NAME ", \"a\", %progbits\n"       \
            ".balign 16\n"                                             \
            ".global " #NAME "_begin\n"                                \
            ".hidden " #NAME "_begin\n" #NAME "_begin:\n"              \
            ".incbin \"" PATH "\"\n"                                   \
            ".global " #NAME "_end\n"                                  \
            ".hidden " #NAME "_end\n" #NAME "_end:\n"                  \
            ".byte 0\n"                                                \
            ".popsection\n");                                          \
    extern "C" const char NAME##_begin[];                              \
    extern "C" const char NAME##_end[]

namespace jg::policy {

// The bytes between two symbols defined by JG_EMBED_BLOB.
inline std::string_view embedded_bytes(const char* begin, const char* end) {
    return {begin, static_cast<std::string_view::size_type>(end - begin)};
}

}  // namespace jg::policy
