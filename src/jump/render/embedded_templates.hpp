// The template sets built into the binary: every templates/<set>/<file>.yaml of the
// repository (article, hardened), turned into a C++ source at build time by
// embed_templates.cmake. Nothing is read from the source tree at run time.
#pragma once

#include <string_view>
#include <vector>

namespace jg::jump {

struct EmbeddedTemplate {
    std::string_view set;   // the folder under templates/: "article", "hardened"
    std::string_view file;  // "iam-roles.yaml", ...
    std::string_view text;  // the file's bytes
};

// Every embedded template, sorted by set then file name.
const std::vector<EmbeddedTemplate>& embedded_templates();

}  // namespace jg::jump
