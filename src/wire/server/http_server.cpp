#include "wire/server/http_server.hpp"

#include <httplib.h>

#include <charconv>
#include <limits>
#include <chrono>

#include "core/clock.hpp"

namespace jg::wire {

namespace {

// Set when the Endpoint wrote the response on this thread, so that httplib's error hook
// (which also sees our own 4xx/5xx responses) leaves it alone; reset after each response.
thread_local bool t_answered = false;

// The bytes a body may add to its payload as aws-chunked framing (chunk headers with
// signatures, trailers): the Endpoint checks the decoded payload against the real limit.
std::size_t transport_limit(std::size_t max_payload) { return max_payload + max_payload / 8 + 64 * 1024; }

HttpRequest to_wire(const httplib::Request& in) {
    HttpRequest out;
    out.method = in.method;
    // The target as sent: SigV4 signs the raw path and query, not httplib's decoded ones.
    const auto q = in.target.find('?');
    out.path = in.target.substr(0, q);
    out.query = q == std::string::npos ? std::string() : in.target.substr(q + 1);
    out.headers.reserve(in.headers.size());
    for (const auto& [name, value] : in.headers) {
        // httplib adds these for its own bookkeeping; they were not sent.
        if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT") continue;
        out.headers.push_back({name, value});
    }
    out.body = in.body;
    return out;
}

void to_httplib(const HttpResponse& in, httplib::Response& out) {
    out.status = in.status;
    std::string content_type;
    for (const auto& h : in.headers) {
        if (h.name == "Content-Type") content_type = h.value;
        // httplib writes the body's length itself; a HEAD response keeps the object's.
        else if (h.name == "Content-Length" && !in.body.empty()) continue;
        else out.set_header(h.name, h.value);
    }
    out.set_header("Date", format_http_date(SystemClock().now()));
    out.set_header("Server", "jumpgate");
    out.set_content(in.body, content_type.empty() ? "text/plain" : content_type);
}

// What httplib says when it refuses a request itself, in AWS's words.
std::pair<std::string, std::string> transport_error(int status, std::size_t max_payload) {
    switch (status) {
        case 413:
            return {"RequestEntityTooLarge", "request body exceeds jumpgate's limit of " +
                                                 std::to_string(max_payload) + " bytes"};
        case 414: return {"RequestURITooLong", "the request line is longer than the server accepts"};
        case 431: return {"RequestHeaderSectionTooLarge", "the request headers are larger than the server accepts"};
        default: return {"MalformedHTTPRequest", "the request is not valid HTTP/1.1 (HTTP status " + std::to_string(status) + ")"};
    }
}

}  // namespace

HttpServer::HttpServer(HttpHandler& endpoint, HttpServerOptions options)
    : m_endpoint(endpoint), m_options(std::move(options)), m_server(std::make_unique<httplib::Server>()) {}

HttpServer::~HttpServer() { stop(); }

Result<void> HttpServer::start() {
    httplib::Server& server = *m_server;
    const std::size_t threads = m_options.threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_keep_alive_max_count(1'000'000);
    server.set_keep_alive_timeout(m_options.keep_alive_seconds);
    server.set_tcp_nodelay(true);
    server.set_payload_max_length(transport_limit(m_endpoint.max_body_bytes()));

    // Refuse an announced oversized body before the client sends it.
    server.set_expect_100_continue_handler([this, gate = m_gate](const httplib::Request& req, httplib::Response& res) {
        const std::string length = req.has_header("Content-Length") ? req.get_header_value("Content-Length") : "0";
        if (gate->stopping) return 503;
        std::size_t n = 0;
        const auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), n);
        if (ec == std::errc::result_out_of_range) n = std::numeric_limits<std::size_t>::max();
        if (auto refused = m_endpoint.refuse_oversized(to_wire(req), n)) {
            to_httplib(*refused, res);
            t_answered = true;
            return res.status;
        }
        return 100;
    });

    auto handler = [this, gate = m_gate](const httplib::Request& req, httplib::Response& res) {
        t_answered = true;
        ++gate->in_flight;
        if (gate->stopping) {
            --gate->in_flight;
            res.status = 503;
            res.set_header("Connection", "close");
            res.set_content("jumpgate serve is stopping\n", "text/plain");
            return;
        }
        to_httplib(m_endpoint.handle(to_wire(req), req.remote_addr), res);
        --gate->in_flight;
    };
    // Every method and path goes to the Endpoint (httplib routes GET and HEAD together).
    server.Get(".*", handler);
    server.Post(".*", handler);
    server.Put(".*", handler);
    server.Delete(".*", handler);
    server.Patch(".*", handler);
    server.Options(".*", handler);
    // Called after every response written: the next request on this thread starts fresh.
    server.set_logger([](const httplib::Request&, const httplib::Response&) { t_answered = false; });

    // httplib's own refusals (malformed request, body over the limit) get an AWS error
    // body; responses the Endpoint wrote pass through untouched.
    server.set_error_handler(httplib::Server::HandlerWithResponse([this, gate = m_gate](const httplib::Request& req,
                                                                                       httplib::Response& res) {
        if (t_answered || gate->stopping) return httplib::Server::HandlerResponse::Unhandled;
        auto [code, message] = transport_error(res.status, m_endpoint.max_body_bytes());
        to_httplib(m_endpoint.reject(to_wire(req), res.status, code, message), res);
        return httplib::Server::HandlerResponse::Handled;
    }));

    const int port = m_options.port == 0 ? server.bind_to_any_port(m_options.host)
                                         : (server.bind_to_port(m_options.host, m_options.port) ? m_options.port : -1);
    if (port < 0)
        return fail("BindFailed", "cannot listen on " + m_options.host + ":" + std::to_string(m_options.port) +
                                      " (address in use or not local)");
    m_port = port;
    std::promise<void> done;
    m_listen_done = done.get_future();
    m_thread = std::thread([&server, done = std::move(done)]() mutable {
        server.listen_after_bind();
        done.set_value();
    });
    return {};
}

void HttpServer::stop(int drain_seconds) {
    if (!m_thread.joinable()) return;
    m_gate->stopping = true;
    m_server->stop();  // closes the listening socket; the accept loop ends
    // Requests in flight finish; then the pool's threads end as their connections close.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(drain_seconds);
    while (m_gate->in_flight > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (m_listen_done.wait_for(std::chrono::milliseconds(200)) == std::future_status::ready) {
        m_thread.join();
        return;
    }
    // Threads still wait on idle keep-alive connections (httplib gives no way to close
    // them): leave them, and the server object they use, to the process's exit.
    m_thread.detach();
    // Never destroyed (the threads may still use it), yet reachable: not a leak.
    static auto* s_abandoned = new std::vector<std::unique_ptr<httplib::Server>>();
    s_abandoned->push_back(std::move(m_server));
}

}  // namespace jg::wire
