#include "cloud/s3/range.hpp"

#include <charconv>

#include "core/strings.hpp"

namespace jg::cloud::s3 {
namespace {

std::optional<std::int64_t> number(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

}  // namespace

Result<std::optional<ByteRange>> resolve_range(std::string_view header, std::int64_t size) {
    const std::string text = trim(header);
    constexpr std::string_view unit = "bytes=";
    if (!starts_with_icase(text, unit)) return std::optional<ByteRange>{};
    const std::string_view spec = std::string_view(text).substr(unit.size());
    if (spec.find(',') != std::string_view::npos) return std::optional<ByteRange>{};
    const auto dash = spec.find('-');
    if (dash == std::string_view::npos) return std::optional<ByteRange>{};
    const std::string first_text = trim(spec.substr(0, dash));
    const std::string last_text = trim(spec.substr(dash + 1));
    const auto first = number(first_text);
    const auto last = number(last_text);
    // Anything that is not a number where one is written makes the header unreadable.
    if ((!first_text.empty() && !first) || (!last_text.empty() && !last)) return std::optional<ByteRange>{};
    auto unsatisfiable = [] { return fail("InvalidRange", "The requested range is not satisfiable"); };
    if (!first) {
        // bytes=-N: the last N bytes (all of a shorter object); bytes=-0 asks for nothing.
        if (!last) return std::optional<ByteRange>{};
        if (*last == 0 || size == 0) return unsatisfiable();
        return std::optional<ByteRange>(ByteRange{*last >= size ? 0 : size - *last, size - 1});
    }
    if (last && *last < *first) return std::optional<ByteRange>{};  // not a valid range: ignored
    if (*first >= size) return unsatisfiable();
    return std::optional<ByteRange>(ByteRange{*first, last && *last < size ? *last : size - 1});
}

}  // namespace jg::cloud::s3
