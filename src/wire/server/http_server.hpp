// The HTTP/1.1 server in front of an HttpHandler (the AWS Endpoint, or a router that holds
// it), event-driven on Boost.Beast/Asio: a few I/O threads (`jumpgate serve`: one per
// core), each running its own io_context and owning the connections accepted onto it,
// read and write every socket; the handler's work (which may block on the store) runs on
// a small worker pool and its response is posted back to the connection's I/O thread,
// except for requests the handler says it answers quickly (reads that never wait on a
// write), which the I/O thread answers itself. No client can hold a thread: a slow or
// idle connection costs a few kilobytes until its deadline.
//
// Deadlines: the first byte of a request within `idle_timeout` of the previous response
// (keep-alive), its request line and headers within `header_timeout` of that byte, each
// read of its body making progress within `body_timeout`, a response written within
// `write_timeout`. Limits: `header_limit` bytes of request line + headers (else 431
// RequestHeaderSectionTooLarge in the handler's shape), a body up to the handler's
// max_body_bytes() plus aws-chunked framing (Content-Length or chunked transfer encoding;
// an announced oversized body is refused before it is read, and `Expect: 100-continue`
// is answered only when the body fits), `max_connections` connections at once (more are
// answered 503 with Retry-After and closed).
//
// stop() (SIGINT/SIGTERM in `jumpgate serve`): stops accepting, closes idle connections,
// lets requests being read or handled finish (their responses say Connection: close),
// then joins every thread it started.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "wire/server/http_handler.hpp"

namespace jg::wire {

struct HttpServerOptions {
    std::string host = "127.0.0.1";
    int port = 4599;  // 0: any free port
    std::size_t io_threads = 1;
    std::size_t workers = 4;  // threads calling HttpHandler::handle
    std::size_t max_connections = 4096;
    std::size_t header_limit = 16 * 1024;
    std::chrono::milliseconds idle_timeout{15'000};
    std::chrono::milliseconds header_timeout{10'000};
    std::chrono::milliseconds body_timeout{20'000};
    std::chrono::milliseconds write_timeout{30'000};
    int retry_after_seconds = 1;
};

class HttpServer {
public:
    // `handler` must outlive the server.
    HttpServer(HttpHandler& handler, HttpServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds the listening socket (errors: "BindFailed") and starts the threads.
    [[nodiscard]] Result<void> start();
    // The bound port (the one picked when the options said 0).
    int port() const { return m_port; }
    // Stops accepting, closes idle connections, waits at most `drain_seconds` for the
    // requests in flight, then closes what is left and joins every thread. Idempotent.
    void stop(int drain_seconds = 10);

    struct State;

private:
    HttpHandler& m_handler;
    HttpServerOptions m_options;
    std::shared_ptr<State> m_state;
    int m_port = 0;
};

}  // namespace jg::wire
