// Inside the HTTP server (not for other files): the shared state of a running server and
// one connection's life. Every connection lives on one I/O thread (the io_context it was
// accepted onto), so its members need no lock; the worker pool only runs the handler and
// posts the response back.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/message.hpp>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "wire/server/http_server.hpp"

namespace jg::wire {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

class HttpConnection;

// The bytes a body may add to its payload as aws-chunked framing (chunk headers with
// signatures, trailers): the handler checks the decoded payload against the real limit.
inline std::size_t transport_limit(std::size_t max_payload) { return max_payload + max_payload / 8 + 64 * 1024; }

struct HttpServer::State {
    State(HttpHandler& h, HttpServerOptions o)
        : handler(h), options(std::move(o)), workers(options.workers == 0 ? 1 : options.workers) {}

    HttpHandler& handler;
    HttpServerOptions options;
    std::size_t max_overflow = 0;  // connections over the cap answered 503 at once
    asio::thread_pool workers;
    std::atomic<bool> stopping{false};
    bool stopped = false;
    std::atomic<std::size_t> next_context{0};

    // Connections open (under the cap) and over-the-cap connections being refused.
    std::atomic<std::size_t> connections{0};
    std::atomic<std::size_t> overflow{0};
    std::mutex drained_mutex;
    std::condition_variable drained;
    void connection_closed(bool was_overflow);

    // Each I/O thread's connections, touched only on that thread.
    std::vector<std::unordered_set<HttpConnection*>> live;
    std::vector<std::thread> threads;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
    // Declared last, destroyed first: the contexts' pending handlers (and the connections
    // they hold) go while the members above still exist.
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::optional<asio::ip::tcp::acceptor> acceptor;

    void accept();
};

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
public:
    HttpConnection(HttpServer::State& state, std::size_t context, asio::ip::tcp::socket socket, bool overflow);
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    void start();
    // The server is stopping: an idle connection closes now, one reading a request gets a
    // short deadline, one whose request is being handled closes after its response.
    void on_stop();
    // The drain time is over: close whatever the connection is doing.
    void force_close();

private:
    enum class Phase { idle, reading, handling, writing, lingering, closed };

    void wait_for_request();
    void read_header();
    void on_header(beast::error_code ec);
    void read_body();
    void on_body(beast::error_code ec);
    void dispatch();
    void refuse(int status, std::string_view code, std::string_view message);
    void respond(HttpResponse response, bool close);
    void on_written(beast::error_code ec, bool close);
    void linger();
    void drain();
    void close();
    HttpRequest request_head() const;

    HttpServer::State& m_state;
    std::size_t m_context;
    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::unique_ptr<http::response<http::string_body>> m_response;
    std::string m_source_ip;
    Phase m_phase = Phase::idle;
    bool m_overflow;
    bool m_head = false;  // the request being answered is a HEAD
    bool m_close_after = false;
    std::size_t m_lingered = 0;
};

}  // namespace jg::wire
