// The console's words in English and Japanese (the article's readers read Japanese).
#pragma once

#include <string_view>

#include "console/form.hpp"

namespace jg::console {

// The text of `key` in `lang`; the key itself when the table has no such key (a test
// asserts that every key used has both texts).
std::string_view tr(Lang lang, std::string_view key);

// Whether the table has `key` in both languages.
bool has_text(std::string_view key);

}  // namespace jg::console
