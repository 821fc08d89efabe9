// GetObject's Range header (RFC 9110 byte ranges, as S3 reads them): one range of
// `bytes=FIRST-LAST`, `bytes=FIRST-` or `bytes=-SUFFIX`. S3 serves the whole object for a
// header it cannot read or for several ranges, and InvalidRange (416) for a range that
// starts past the end of the object.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/error.hpp"

namespace jg::cloud::s3 {

struct ByteRange {
    std::int64_t first = 0;
    std::int64_t last = 0;  // inclusive, within the object
};

// nullopt: serve the whole object. Error InvalidRange "The requested range is not
// satisfiable" when the range lies outside an object of `size` bytes.
[[nodiscard]] Result<std::optional<ByteRange>> resolve_range(std::string_view header, std::int64_t size);

}  // namespace jg::cloud::s3
