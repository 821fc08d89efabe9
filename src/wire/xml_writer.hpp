// Text for XML documents we write (responses of the Query and REST-XML protocols).
#pragma once

#include <string>
#include <string_view>

namespace jg::wire {

// Appends `text` as XML character data: & < > " escaped, CR as &#13; so it survives
// parsing, and what XML 1.0 cannot carry (control characters other than tab/LF/CR, invalid
// UTF-8) replaced by U+FFFD.
void append_xml_text(std::string& out, std::string_view text);

inline std::string xml_text(std::string_view text) {
    std::string out;
    append_xml_text(out, text);
    return out;
}

}  // namespace jg::wire
