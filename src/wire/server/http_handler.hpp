// What the HTTP server serves: one parsed request in, one response out, with no sockets
// involved. The AWS Endpoint is one; the serve command may compose several (a router that
// sends some paths elsewhere and the rest to the Endpoint). The server calls these from
// its worker threads, many at once.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "wire/http_message.hpp"

namespace jg::wire {

class HttpHandler {
public:
    virtual ~HttpHandler() = default;

    // Answers one request; `source_ip` is the peer's address. Safe to call from many
    // threads at once; may block (the store), so the server calls it off its I/O threads.
    virtual HttpResponse handle(const HttpRequest& request, std::string_view source_ip) = 0;

    // The answer to a request the HTTP layer refused before handle() (a body over the
    // limit, headers too large, a malformed request): `code` and `message` in the shape
    // the request's headers point at, with `status`. Must not block.
    virtual HttpResponse reject(const HttpRequest& request, int status, std::string_view code,
                                std::string_view message) = 0;

    // The answer to a request whose body is, or is announced to be, `body_length` bytes
    // when that is over the limit; nullopt when it fits. The server asks before reading a
    // body (Expect: 100-continue). Must not block.
    virtual std::optional<HttpResponse> refuse_oversized(const HttpRequest& request, std::size_t body_length) = 0;

    // The largest body handle() accepts (after aws-chunked decoding); the server reads at
    // most a little more (the framing) before refusing.
    virtual std::size_t max_body_bytes() const = 0;

    // Whether handle() answers `request` quickly without ever waiting on a write (a read
    // of the store at most): the server may then call it on the I/O thread that read the
    // request, sparing the hand-off to a worker and back. Must not block.
    virtual bool answers_quickly(const HttpRequest& /*request*/) const { return false; }
};

}  // namespace jg::wire
