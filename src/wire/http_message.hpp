// An HTTP request and response as the wire layer's protocol codecs see them: the server
// fills an HttpRequest from the socket (body already de-chunked when it was aws-chunked),
// a codec (Query for IAM/STS/CloudFormation, REST-XML for S3) turns it into a cloud call
// and the call's result into an HttpResponse. The client side builds them the other way.
#pragma once

#include <string>
#include <vector>

#include "wire/sigv4.hpp"

namespace jg::wire {

struct HttpRequest : SignableRequest {  // method, raw path, raw query, headers
    std::string body;
};

struct HttpResponse {
    int status = 200;
    std::vector<Header> headers;
    std::string body;
};

}  // namespace jg::wire
