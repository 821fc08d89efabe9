// One connection of the HTTP server: wait for a request (idle deadline), read its request
// line and headers (header deadline and size limit), decide about its body before reading
// it (oversized: refused; Expect: 100-continue: answered), read the body (progress
// deadline, size limit), hand the request to the worker pool, write the response, and
// either wait for the next request or close (gently: the peer's unread bytes are drained
// for a moment so that it sees the response rather than a reset).
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <ctime>

#include "core/clock.hpp"
#include "wire/server/http_server_state.hpp"

namespace jg::wire {

namespace {

// The time left to a request being read when stop() is called, or sent over the cap.
constexpr std::chrono::milliseconds k_stop_grace{2'000};
constexpr std::chrono::milliseconds k_linger{2'000};       // draining the peer's bytes before closing
constexpr std::size_t k_linger_bytes = 64 * 1024 * 1024;

// The Date header, formatted once a second per I/O thread.
const std::string& http_date_now() {
    thread_local std::time_t last = 0;
    thread_local std::string text;
    const std::time_t now = std::time(nullptr);
    if (now != last) {
        last = now;
        text = format_http_date(SystemClock().now());
    }
    return text;
}

bool is_continue_expected(const http::request_parser<http::string_body>& parser) {
    const auto expect = parser.get()[http::field::expect];
    return beast::iequals(expect, "100-continue");
}

}  // namespace

HttpConnection::HttpConnection(HttpServer::State& state, std::size_t context, asio::ip::tcp::socket socket,
                               bool overflow)
    : m_state(state), m_context(context), m_stream(std::move(socket)), m_overflow(overflow) {
    beast::error_code ec;
    const auto peer = m_stream.socket().remote_endpoint(ec);
    if (!ec) m_source_ip = peer.address().to_string();
}

HttpConnection::~HttpConnection() {
    m_state.live[m_context].erase(this);
    m_state.connection_closed(m_overflow);
}

void HttpConnection::start() {
    m_state.live[m_context].insert(this);
    if (m_state.stopping) return close();
    wait_for_request();
}

void HttpConnection::on_stop() {
    switch (m_phase) {
        case Phase::idle: return close();
        case Phase::reading: m_stream.expires_after(k_stop_grace); break;
        case Phase::handling:
        case Phase::writing: m_close_after = true; break;
        case Phase::lingering:
        case Phase::closed: break;
    }
}

void HttpConnection::force_close() { close(); }

void HttpConnection::close() {
    if (m_phase == Phase::closed) return;
    m_phase = Phase::closed;
    beast::error_code ec;
    m_stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    m_stream.close();
}

// Between requests: the keep-alive deadline runs until the next request's first byte.
void HttpConnection::wait_for_request() {
    m_phase = Phase::idle;
    m_head = false;
    if (m_buffer.size() > 0) return read_header();  // pipelined: already here
    // Over the cap, or stopping: the request must come at once.
    m_stream.expires_after(m_overflow || m_state.stopping ? k_stop_grace : m_state.options.idle_timeout);
    m_stream.async_read_some(m_buffer.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
        if (ec || n == 0) return self->close();
        self->m_buffer.commit(n);
        self->read_header();
    });
}

void HttpConnection::read_header() {
    if (m_phase == Phase::closed) return;
    m_phase = Phase::reading;
    m_parser.emplace();
    m_parser->header_limit(static_cast<std::uint32_t>(m_state.options.header_limit));
    m_parser->body_limit(transport_limit(m_state.handler.max_body_bytes()));
    m_stream.expires_after(m_overflow || m_state.stopping ? k_stop_grace : m_state.options.header_timeout);
    http::async_read_header(m_stream, m_buffer, *m_parser,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

HttpRequest HttpConnection::request_head() const {
    HttpRequest out;
    const auto& h = m_parser->get();
    out.method = std::string(h.method_string());
    const std::string_view target = h.target();
    const auto q = target.find('?');
    out.path = std::string(target.substr(0, q));
    out.query = q == std::string_view::npos ? std::string() : std::string(target.substr(q + 1));
    out.headers.reserve(static_cast<std::size_t>(std::distance(h.begin(), h.end())));
    for (const auto& field : h) out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    return out;
}

void HttpConnection::on_header(beast::error_code ec) {
    if (m_phase == Phase::closed) return;
    if (ec == http::error::header_limit)
        return refuse(431, "RequestHeaderSectionTooLarge",
                      "Your request header section exceeds the maximum allowed size.");
    if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset || ec == asio::error::eof)
        return close();
    if (ec == http::error::body_limit) {
        // A Content-Length past the transport limit: refused with the handler's words, unread.
        const std::size_t over = transport_limit(m_state.handler.max_body_bytes()) + 1;
        if (auto refused = m_state.handler.refuse_oversized(request_head(), over)) return respond(std::move(*refused), true);
        return refuse(413, "RequestEntityTooLarge", "request body exceeds jumpgate's limit");
    }
    if (ec) return refuse(400, "BadRequest", "An error occurred when parsing the HTTP request.");

    m_head = m_parser->get().method() == http::verb::head;
    if (m_overflow)
        return refuse(503, "ServiceUnavailable",
                      "jumpgate serve has too many open connections; retry after " +
                          std::to_string(m_state.options.retry_after_seconds) + " s");
    if (m_parser->is_done()) return dispatch();  // no body

    // A body is coming: refuse it unread when it is announced over the limit.
    const std::size_t announced = m_parser->content_length().value_or(0);
    if (auto refused = m_state.handler.refuse_oversized(request_head(), announced)) return respond(std::move(*refused), true);
    if (announced > transport_limit(m_state.handler.max_body_bytes()))
        return refuse(413, "RequestEntityTooLarge",
                      "request body of " + std::to_string(announced) + " bytes exceeds jumpgate's limit of " +
                          std::to_string(m_state.handler.max_body_bytes()) + " bytes");
    if (is_continue_expected(*m_parser)) {
        static const std::string k_continue = "HTTP/1.1 100 Continue\r\n\r\n";
        m_stream.expires_after(m_state.options.write_timeout);
        return asio::async_write(m_stream, asio::buffer(k_continue),
                                 [self = shared_from_this()](beast::error_code wec, std::size_t) {
                                     if (wec) return self->close();
                                     self->read_body();
                                 });
    }
    read_body();
}

// The body, read by parts: each part must arrive within the body deadline.
void HttpConnection::read_body() {
    if (m_phase == Phase::closed) return;
    m_stream.expires_after(m_state.stopping ? k_stop_grace : m_state.options.body_timeout);
    http::async_read_some(m_stream, m_buffer, *m_parser,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
}

void HttpConnection::on_body(beast::error_code ec) {
    if (m_phase == Phase::closed) return;
    if (ec == http::error::body_limit) {
        HttpRequest head = request_head();
        const std::size_t over = transport_limit(m_state.handler.max_body_bytes()) + 1;
        if (auto refused = m_state.handler.refuse_oversized(head, over)) return respond(std::move(*refused), true);
        return refuse(413, "RequestEntityTooLarge", "request body exceeds jumpgate's limit");
    }
    if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset || ec == asio::error::eof)
        return close();
    if (ec) return refuse(400, "BadRequest", "An error occurred when parsing the HTTP request.");
    if (!m_parser->is_done()) return read_body();
    dispatch();
}

// The handler's work runs on the worker pool; the response comes back to this thread.
// Requests the handler says it answers quickly (reads) are answered here directly.
void HttpConnection::dispatch() {
    m_phase = Phase::handling;
    m_stream.expires_never();
    HttpRequest request = request_head();
    request.body = std::move(m_parser->get().body());
    const bool keep_alive = m_parser->get().keep_alive();
    m_parser.reset();
    if (!keep_alive) m_close_after = true;
    if (m_state.handler.answers_quickly(request)) {
        // A quick read: answered on this I/O thread, no hand-off to a worker and back.
        return respond(m_state.handler.handle(request, m_source_ip), false);
    }
    asio::post(m_state.workers, [self = shared_from_this(), request = std::move(request)]() mutable {
        HttpResponse response = self->m_state.handler.handle(request, self->m_source_ip);
        auto& context = *self->m_state.contexts[self->m_context];
        asio::post(context, [self = std::move(self), response = std::move(response)]() mutable {
            self->respond(std::move(response), false);
        });
    });
}

// A request the server answers itself, in the handler's words; the connection closes.
void HttpConnection::refuse(int status, std::string_view code, std::string_view message) {
    HttpRequest head = m_parser ? request_head() : HttpRequest{};
    HttpResponse response = m_state.handler.reject(head, status, code, message);
    if (status == 503) {
        response.status = 503;
        response.headers.push_back({"Retry-After", std::to_string(m_state.options.retry_after_seconds)});
    }
    respond(std::move(response), true);
}

void HttpConnection::respond(HttpResponse in, bool close) {
    if (m_phase == Phase::closed) return;
    m_phase = Phase::writing;
    m_parser.reset();
    if (close || m_state.stopping) m_close_after = true;
    auto res = std::make_unique<http::response<http::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(in.status));
    std::string content_type;
    std::optional<std::string> content_length;
    for (auto& h : in.headers) {
        if (beast::iequals(h.name, "Content-Type")) content_type = std::move(h.value);
        else if (beast::iequals(h.name, "Content-Length")) content_length = std::move(h.value);
        else if (beast::iequals(h.name, "Connection")) {
            if (beast::iequals(h.value, "close")) m_close_after = true;
        } else if (beast::iequals(h.name, "Date") || beast::iequals(h.name, "Server") ||
                   beast::iequals(h.name, "Transfer-Encoding"))
            continue;
        else res->insert(h.name, h.value);
    }
    res->set(http::field::date, http_date_now());
    res->set(http::field::server, "jumpgate");
    const bool no_body_status = in.status < 200 || in.status == 204 || in.status == 304;
    if (!content_type.empty() || !in.body.empty())
        res->set(http::field::content_type, content_type.empty() ? "text/plain" : content_type);
    if (m_head) {
        // A HEAD answer says the length a GET would have had, without the body.
        res->set(http::field::content_length,
                 !in.body.empty() ? std::to_string(in.body.size()) : content_length.value_or("0"));
    } else if (!no_body_status) {
        res->set(http::field::content_length, std::to_string(in.body.size()));
        res->body() = std::move(in.body);
    }
    res->keep_alive(!m_close_after);
    m_response = std::move(res);
    m_stream.expires_after(m_state.options.write_timeout);
    const bool close_after = m_close_after;
    http::async_write(m_stream, *m_response,
                      [self = shared_from_this(), close_after](beast::error_code ec, std::size_t) {
                          self->on_written(ec, close_after || self->m_close_after);
                      });
}

void HttpConnection::on_written(beast::error_code ec, bool close_after) {
    m_response.reset();
    if (m_phase == Phase::closed) return;
    if (ec) return close();
    if (close_after) return linger();
    wait_for_request();
}

// Half-close, then read and drop what the peer still sends (a body we refused) for a
// moment: closing with unread bytes would reset the connection before it reads the answer.
void HttpConnection::linger() {
    m_phase = Phase::lingering;
    beast::error_code ec;
    m_stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    if (ec) return close();
    m_stream.expires_after(k_linger);  // one deadline for the whole drain
    drain();
}

void HttpConnection::drain() {
    m_buffer.clear();
    m_stream.async_read_some(m_buffer.prepare(64 * 1024), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
        if (self->m_phase == Phase::closed) return;
        self->m_lingered += n;
        if (ec || n == 0 || self->m_lingered > k_linger_bytes) return self->close();
        self->drain();
    });
}

}  // namespace jg::wire
