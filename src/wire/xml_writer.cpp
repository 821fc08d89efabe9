#include "wire/xml_writer.hpp"

#include "core/strings.hpp"
#include "wire/query_pattern.hpp"

namespace jg::wire {
namespace {

void append_char(std::string& out, char32_t c) {
    switch (c) {
        case '&': out += "&amp;"; return;
        case '<': out += "&lt;"; return;
        case '>': out += "&gt;"; return;
        case '"': out += "&quot;"; return;
        case '\r': out += "&#13;"; return;
        case '\t':
        case '\n': out += static_cast<char>(c); return;
        default: break;
    }
    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) c = 0xFFFD;
    append_utf8(out, c);
}

}  // namespace

void append_xml_text(std::string& out, std::string_view text) {
    bool ascii = true;
    for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
        for (char c : text) append_char(out, static_cast<unsigned char>(c));
        return;
    }
    for (char32_t cp : utf8_to_code_points(text)) append_char(out, cp);
}

}  // namespace jg::wire
