// The ETag of an object stored by a single PutObject (or CopyObject): the MD5 of its bytes
// in lower-case hex, in double quotes — exactly as S3 shows it in headers and listings.
#pragma once

#include <string>
#include <string_view>

namespace jg::cloud::s3 {

std::string etag_of(std::string_view body);

}  // namespace jg::cloud::s3
