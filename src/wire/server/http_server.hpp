// The HTTP/1.1 server in front of an HttpHandler (the AWS Endpoint, or a router), on
// cpp-httplib (Debian's libcpp-httplib-dev): keep-alive connections each served by a thread of a fixed pool,
// `Expect: 100-continue` answered before the body is read (an oversized body is refused
// then, without reading it), chunked transfer encoding, limits on the body, the request
// line and the headers. Requests it cannot parse get a 400 and the connection is closed;
// the server keeps serving the others.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <thread>
#include <atomic>
#include <future>

#include "core/error.hpp"
#include "wire/server/http_handler.hpp"

namespace httplib {
class Server;
}

namespace jg::wire {

struct HttpServerOptions {
    std::string host = "127.0.0.1";
    int port = 4599;  // 0: any free port
    // Connections served at once; each keep-alive connection holds a thread while open.
    std::size_t threads = 32;
    int keep_alive_seconds = 5;
};

class HttpServer {
public:
    // `handler` must outlive the server.
    HttpServer(HttpHandler& handler, HttpServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds the listening socket (errors: "BindFailed") and starts serving on a thread.
    [[nodiscard]] Result<void> start();
    // The bound port (the one picked when the options said 0).
    int port() const { return m_port; }
    // Stops accepting and finishes the requests in flight (waiting at most
    // `drain_seconds`). Idle keep-alive connections are not waited for: their threads
    // are left to the process's exit, and a request arriving on one meanwhile gets 503
    // without touching the Endpoint. Idempotent.
    void stop(int drain_seconds = 10);

private:
    HttpHandler& m_endpoint;
    HttpServerOptions m_options;
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_thread;
    std::future<void> m_listen_done;
    // Shared with the request handlers, which may outlive this object (see stop()).
    struct Gate {
        std::atomic<bool> stopping{false};
        std::atomic<int> in_flight{0};
    };
    std::shared_ptr<Gate> m_gate = std::make_shared<Gate>();
    int m_port = 0;
};

}  // namespace jg::wire
