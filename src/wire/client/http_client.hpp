// An HTTP(S) client on libcurl: one handle whose connection cache keeps connections alive
// between requests (to the same host they are reused), with connect and total timeouts and
// errors that say which endpoint failed and why.
#pragma once

#include <chrono>
#include <mutex>

#include "wire/client/http_transport.hpp"

namespace jg::wire {

struct HttpClientOptions {
    std::chrono::milliseconds connect_timeout{10000};
    // The whole exchange, from connecting to the last byte of the response.
    std::chrono::milliseconds request_timeout{120000};
};

class HttpClient final : public HttpTransport {
public:
    explicit HttpClient(HttpClientOptions options = {});
    ~HttpClient() override;
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Errors (no response at all): EndpointConnectionError (the host cannot be resolved or
    // refuses the connection), ConnectTimeoutError, ReadTimeoutError, HttpClientError
    // (anything else libcurl reports, e.g. a TLS failure), each naming the URL. Calls from
    // several threads are serialised (one connection cache).
    [[nodiscard]] Result<HttpResponse> send(std::string_view origin, const HttpRequest& request) override;

    // How many connections libcurl opened so far (keep-alive reuses them; for tests).
    long connections_opened() const { return m_connections_opened; }

private:
    HttpClientOptions m_options;
    void* m_curl = nullptr;  // CURL*
    std::mutex m_mutex;
    long m_connections_opened = 0;
};

}  // namespace jg::wire
