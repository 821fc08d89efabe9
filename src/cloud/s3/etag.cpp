#include "cloud/s3/etag.hpp"

#include "core/encoding.hpp"
#include "core/hash.hpp"

namespace jg::cloud::s3 {

// Appended into one reserved string: `"\"" + hex + "\""` made GCC 12 at -O3 warn a false
// -Wrestrict on the inlined concatenation (a known GCC 12 false positive).
std::string etag_of(std::string_view body) {
    std::string hex = hex_encode(md5(body));
    std::string etag;
    etag.reserve(hex.size() + 2);
    etag += '"';
    etag += hex;
    etag += '"';
    return etag;
}

}  // namespace jg::cloud::s3
