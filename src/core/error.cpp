#include "core/error.hpp"

#include <fmt/format.h>

namespace jg {

std::string Location::str() const {
    if (!known()) return file ? *file : std::string();
    if (file && !file->empty()) return fmt::format("{}:{}:{}", *file, line, col);
    return fmt::format("{}:{}", line, col);
}

std::string Error::str() const {
    if (where && (where->known() || where->file)) return where->str() + ": " + message;
    return message;
}

}  // namespace jg
