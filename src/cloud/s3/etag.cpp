#include "cloud/s3/etag.hpp"

#include "core/encoding.hpp"
#include "core/hash.hpp"

namespace jg::cloud::s3 {

std::string etag_of(std::string_view body) { return "\"" + hex_encode(md5(body)) + "\""; }

}  // namespace jg::cloud::s3
