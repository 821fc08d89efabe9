#include "core/arn.hpp"

#include "core/strings.hpp"

namespace jg {

std::string Arn::str() const {
    return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
}

std::optional<std::array<std::string_view, 6>> split_arn(std::string_view text) {
    std::array<std::string_view, 6> parts;
    size_t start = 0;
    for (size_t i = 0; i < 5; ++i) {
        size_t colon = text.find(':', start);
        if (colon == std::string_view::npos) return std::nullopt;
        parts[i] = text.substr(start, colon - start);
        start = colon + 1;
    }
    parts[5] = text.substr(start);
    return parts;
}

std::optional<Arn> parse_arn(std::string_view text) {
    auto parts = split_arn(text);
    if (!parts || (*parts)[0] != "arn" || (*parts)[1].empty() || (*parts)[2].empty())
        return std::nullopt;
    return Arn{std::string((*parts)[1]), std::string((*parts)[2]), std::string((*parts)[3]),
               std::string((*parts)[4]), std::string((*parts)[5])};
}

bool arn_like(std::string_view pattern, std::string_view value) {
    auto p = split_arn(pattern);
    if (!p) return wildcard_match(pattern, value);
    auto v = split_arn(value);
    if (!v) return false;
    for (size_t i = 0; i < 6; ++i)
        if (!wildcard_match((*p)[i], (*v)[i])) return false;
    return true;
}

}  // namespace jg
