// The Error a failed AWS response stands for, read the way botocore reads it: the first
// <Error> element with a <Code> (Query's <ErrorResponse><Error>, EC2-style
// <Response><Errors><Error>, S3's root <Error>) gives AWS's code and message; a response
// without one (HEAD requests, a proxy's HTML page) is its status: code "404", message
// "Not Found".
#pragma once

#include "core/error.hpp"
#include "wire/http_message.hpp"

namespace jg::wire {

Error error_from_response(const HttpResponse& response);

// The HTTP reason phrase of a status ("Not Found"), empty when unknown.
std::string_view reason_phrase(int status);

}  // namespace jg::wire
