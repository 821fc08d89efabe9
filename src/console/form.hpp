// The pieces of an HTTP request the console reads: form bodies and query strings
// (application/x-www-form-urlencoded), cookies, and the reader's language.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "wire/http_message.hpp"

namespace jg::console {

// name -> value of a urlencoded string ('+' is a space); the first of a repeated name
// wins; malformed escapes make the pair be skipped.
using Form = std::map<std::string, std::string>;
Form parse_form(std::string_view text);

// The value of `name` in `form`, "" when absent.
std::string field(const Form& form, const std::string& name);

// The value of cookie `name`, "" when absent.
std::string cookie(const wire::HttpRequest& request, std::string_view name);

enum class Lang { en, ja };
// Japanese when the Accept-Language header prefers it over English, else English.
Lang language_of(const wire::HttpRequest& request);

}  // namespace jg::console
