// The HTTP status of every error code S3's handlers return — the one table the REST-XML
// wire layer consults (S3 errors are mostly absent from botocore's model).
#pragma once

#include <string_view>

namespace jg::cloud::s3 {

// 0 when the code is not one of S3's (the caller falls back to its generic table).
int http_status(std::string_view code);

}  // namespace jg::cloud::s3
