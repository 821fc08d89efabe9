#include "wire/server/http_server.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sys/resource.h>

#include <algorithm>

#include "wire/server/http_server_state.hpp"

namespace jg::wire {

void HttpServer::State::connection_closed(bool was_overflow) {
    std::lock_guard lock(drained_mutex);
    if (was_overflow) --overflow;
    else --connections;
    if (connections == 0 && overflow == 0) drained.notify_all();
}

// Accepts onto the I/O threads in turn; a connection over the cap is still read (its
// request line and headers) so that it gets a 503 in its protocol's shape, up to a second
// bound past which it is closed at once.
void HttpServer::State::accept() {
    const std::size_t index = next_context++ % contexts.size();
    acceptor->async_accept(contexts[index]->get_executor(), [this, index](beast::error_code ec,
                                                                         asio::ip::tcp::socket socket) {
        if (stopping || !acceptor->is_open()) return;
        if (ec) {
            // Out of descriptors or a transient error: wait a moment instead of spinning.
            auto timer = std::make_shared<asio::steady_timer>(*contexts[0], std::chrono::milliseconds(50));
            timer->async_wait([this, timer](beast::error_code) {
                if (!stopping) accept();
            });
            return;
        }
        beast::error_code ignored;
        socket.set_option(asio::ip::tcp::no_delay(true), ignored);
        bool over = false;
        {
            std::lock_guard lock(drained_mutex);
            if (connections < options.max_connections) ++connections;
            else if (overflow < max_overflow) ++overflow, over = true;
            else socket.close(ignored);
        }
        if (socket.is_open()) {
            asio::post(*contexts[index], [this, index, over, socket = std::move(socket)]() mutable {
                std::make_shared<HttpConnection>(*this, index, std::move(socket), over)->start();
            });
        }
        accept();
    });
}

HttpServer::HttpServer(HttpHandler& handler, HttpServerOptions options)
    : m_handler(handler), m_options(std::move(options)) {}

HttpServer::~HttpServer() { stop(); }

Result<void> HttpServer::start() {
    auto state = std::make_shared<State>(m_handler, m_options);
    // Every connection is a descriptor: keep the cap under the process's limit.
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
        const std::size_t usable = files.rlim_cur > 256 ? static_cast<std::size_t>(files.rlim_cur) - 128 : 64;
        state->options.max_connections = std::min(state->options.max_connections, usable * 4 / 5);
    }
    state->options.max_connections = std::max<std::size_t>(state->options.max_connections, 1);
    state->max_overflow = state->options.max_connections / 8 + 16;
    const std::size_t io_threads = std::max<std::size_t>(state->options.io_threads, 1);
    state->live.resize(io_threads);
    for (std::size_t i = 0; i < io_threads; ++i) {
        state->contexts.push_back(std::make_unique<asio::io_context>(1));
        state->guards.push_back(asio::make_work_guard(*state->contexts.back()));
    }

    beast::error_code ec;
    const auto address = asio::ip::make_address(m_options.host, ec);
    auto bind_failed = [&](const std::string& why) {
        return fail("BindFailed", "cannot listen on " + m_options.host + ":" + std::to_string(m_options.port) + " (" +
                                      why + ")");
    };
    if (ec) return bind_failed("not an IP address");
    auto& acceptor = state->acceptor.emplace(*state->contexts[0]);
    const asio::ip::tcp::endpoint endpoint(address, static_cast<unsigned short>(m_options.port));
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return bind_failed(ec.message());
    m_port = acceptor.local_endpoint().port();

    state->accept();
    for (std::size_t i = 0; i < io_threads; ++i)
        state->threads.emplace_back([context = state->contexts[i].get()] { context->run(); });
    m_state = std::move(state);
    return {};
}

void HttpServer::stop(int drain_seconds) {
    if (!m_state || m_state->stopped) return;
    State& s = *m_state;
    s.stopped = true;
    s.stopping = true;
    asio::post(*s.contexts[0], [&s] {
        beast::error_code ignored;
        s.acceptor->close(ignored);
    });
    auto each_connection = [&s](void (HttpConnection::*what)()) {
        for (std::size_t i = 0; i < s.contexts.size(); ++i)
            asio::post(*s.contexts[i], [&s, i, what] {
                // The call may end a connection (and erase it from the set): iterate a copy.
                const std::vector<HttpConnection*> now(s.live[i].begin(), s.live[i].end());
                for (HttpConnection* c : now)
                    if (s.live[i].count(c)) (c->*what)();
            });
    };
    auto wait_drained = [&s](std::chrono::steady_clock::duration d) {
        std::unique_lock lock(s.drained_mutex);
        return s.drained.wait_for(lock, d, [&s] { return s.connections == 0 && s.overflow == 0; });
    };
    // Idle connections close now; requests in flight finish (their answers close).
    each_connection(&HttpConnection::on_stop);
    if (!wait_drained(std::chrono::seconds(drain_seconds))) {
        each_connection(&HttpConnection::force_close);
        wait_drained(std::chrono::seconds(2));
    }
    s.workers.join();  // no handler call outlives stop()
    s.guards.clear();
    for (auto& context : s.contexts) context->stop();
    for (auto& thread : s.threads) thread.join();
}

}  // namespace jg::wire
