#include "console/form.hpp"

#include "core/encoding.hpp"
#include "core/strings.hpp"

namespace jg::console {

Form parse_form(std::string_view text) {
    Form out;
    for (const std::string& pair : split(text, '&')) {
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        auto name = uri_decode(pair.substr(0, eq), true);
        auto value = uri_decode(eq == std::string::npos ? std::string_view{} : std::string_view(pair).substr(eq + 1), true);
        if (!name || !value) continue;
        out.emplace(std::move(*name), std::move(*value));
    }
    return out;
}

std::string field(const Form& form, const std::string& name) {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
}

std::string cookie(const wire::HttpRequest& request, std::string_view name) {
    for (std::string_view header : request.header_values("cookie")) {
        for (const std::string& part : split(header, ';')) {
            const std::string item = trim(part);
            const auto eq = item.find('=');
            if (eq != std::string::npos && std::string_view(item).substr(0, eq) == name) return item.substr(eq + 1);
        }
    }
    return {};
}

Lang language_of(const wire::HttpRequest& request) {
    // The first listed language the console speaks wins (q-values are rarely other
    // than descending in browsers' headers).
    for (std::string_view header : request.header_values("accept-language")) {
        for (const std::string& part : split(header, ',')) {
            const std::string tag = to_lower(trim(part.substr(0, part.find(';'))));
            if (tag.rfind("ja", 0) == 0) return Lang::ja;
            if (tag.rfind("en", 0) == 0) return Lang::en;
        }
    }
    return Lang::en;
}

}  // namespace jg::console
