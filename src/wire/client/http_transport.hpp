// Where a client's HTTP requests go: over the network (HttpClient) or, in tests, to a
// recorder. The protocol codecs and the signer never know which.
#pragma once

#include <string_view>

#include "core/error.hpp"
#include "wire/http_message.hpp"

namespace jg::wire {

class HttpTransport {
public:
    virtual ~HttpTransport() = default;

    // Sends `request` to `origin` ("http://127.0.0.1:4599", no trailing slash): the URL is
    // the origin, the request's path and, when not empty, '?' and its query, all as they
    // are (already percent-encoded). The request's headers are sent exactly as given (it
    // carries its own Host); Content-Length is added for a body. An HTTP error status is a
    // response, not an Error: Errors are for requests that got no response at all.
    [[nodiscard]] virtual Result<HttpResponse> send(std::string_view origin, const HttpRequest& request) = 0;
};

}  // namespace jg::wire
