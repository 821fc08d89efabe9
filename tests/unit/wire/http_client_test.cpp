// The libcurl client against a small loopback server written here: what goes on the
// wire (no header it did not sign), keep-alive reuse, HEAD, and connection errors.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "wire/client/http_client.hpp"

namespace jg::wire {
namespace {

// Accepts connections and answers every request on them with `reply` (keep-alive), noting
// what it received; with `silent`, accepts and never answers.
class LoopbackServer {
public:
    explicit LoopbackServer(std::string reply, bool silent = false) : m_reply(std::move(reply)), m_silent(silent) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        socklen_t len = sizeof addr;
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        EXPECT_EQ(::listen(m_fd, 8), 0);
        m_thread = std::thread([this] { serve(); });
    }
    ~LoopbackServer() {
        m_stop = true;
        ::shutdown(m_fd, SHUT_RDWR);
        ::close(m_fd);
        m_thread.join();
    }
    std::string origin() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    int accepted() const { return m_accepted; }
    std::string received() {
        std::lock_guard lock(m_mutex);
        return m_received;
    }

private:
    void serve() {
        while (!m_stop) {
            int client = ::accept(m_fd, nullptr, nullptr);
            if (client < 0) return;
            ++m_accepted;
            std::string buffer;
            char chunk[4096];
            while (true) {
                ssize_t n = ::recv(client, chunk, sizeof chunk, 0);
                if (n <= 0) break;
                buffer.append(chunk, static_cast<size_t>(n));
                // One whole request: headers, then Content-Length bytes of body.
                while (true) {
                    size_t end = buffer.find("\r\n\r\n");
                    if (end == std::string::npos) break;
                    size_t length = 0;
                    if (auto cl = buffer.find("Content-Length: "); cl != std::string::npos && cl < end)
                        length = std::stoul(buffer.substr(cl + 16));
                    if (buffer.size() < end + 4 + length) break;
                    {
                        std::lock_guard lock(m_mutex);
                        m_received += buffer.substr(0, end + 4 + length);
                    }
                    buffer.erase(0, end + 4 + length);
                    if (!m_silent) (void)!::send(client, m_reply.data(), m_reply.size(), MSG_NOSIGNAL);
                }
            }
            ::close(client);
        }
    }

    std::string m_reply;
    bool m_silent;
    int m_fd = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_accepted{0};
    std::mutex m_mutex;
    std::string m_received;
    std::thread m_thread;
};

HttpRequest request(std::string method, std::string path, std::vector<Header> headers, std::string body = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.headers = std::move(headers);
    r.body = std::move(body);
    return r;
}

TEST(HttpClient, SendsExactlyItsHeadersAndReusesTheConnection) {
    LoopbackServer server("HTTP/1.1 201 Created\r\nContent-Length: 5\r\nX-Amz-Request-Id: r1\r\n\r\nhello");
    HttpClient client;
    for (int i = 0; i < 3; ++i) {
        auto r = client.send(server.origin(), request("PUT", "/b/a%20b/../c", {{"Host", "example.com"}, {"X-Empty", ""}}, "body!"));
        ASSERT_TRUE(r) << r.error().str();
        EXPECT_EQ(r->status, 201);
        EXPECT_EQ(r->body, "hello");
        ASSERT_EQ(r->headers.size(), 2u);
        EXPECT_EQ(r->headers[1].name, "X-Amz-Request-Id");
        EXPECT_EQ(r->headers[1].value, "r1");
    }
    EXPECT_EQ(server.accepted(), 1);
    EXPECT_EQ(client.connections_opened(), 1);
    std::string seen = server.received();
    // The path as signed (no dot-segment squashing), our Host, an empty header kept, a
    // Content-Length for the body, and nothing unsigned that libcurl would add.
    EXPECT_NE(seen.find("PUT /b/a%20b/../c HTTP/1.1\r\n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("Host: example.com\r\n"), std::string::npos);
    EXPECT_NE(seen.find("X-Empty:"), std::string::npos);
    EXPECT_NE(seen.find("Content-Length: 5\r\n"), std::string::npos);
    EXPECT_EQ(seen.find("Accept:"), std::string::npos);
    EXPECT_EQ(seen.find("Expect:"), std::string::npos);
    EXPECT_EQ(seen.find("Content-Type:"), std::string::npos);
}

TEST(HttpClient, HeadAndQuery) {
    LoopbackServer server("HTTP/1.1 404 Not Found\r\nContent-Length: 7\r\n\r\n");
    HttpClient client;
    HttpRequest head = request("HEAD", "/b/k", {{"Host", "h"}});
    head.query = "versionId=1";
    auto r = client.send(server.origin(), head);
    ASSERT_TRUE(r) << r.error().str();
    EXPECT_EQ(r->status, 404);  // an error status is a response, not an Error
    EXPECT_EQ(r->body, "");
    EXPECT_NE(server.received().find("HEAD /b/k?versionId=1 HTTP/1.1"), std::string::npos);
}

TEST(HttpClient, ConnectionRefusedNamesTheEndpoint) {
    int port = 0;
    {
        LoopbackServer gone("");
        port = std::stoi(gone.origin().substr(gone.origin().rfind(':') + 1));
    }
    HttpClient client;
    std::string origin = "http://127.0.0.1:" + std::to_string(port);
    auto r = client.send(origin, request("POST", "/", {{"Host", "h"}}, "Action=X"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "EndpointConnectionError");
    EXPECT_NE(r.error().message.find(origin + "/"), std::string::npos) << r.error().message;
}

TEST(HttpClient, SilentServerTimesOut) {
    LoopbackServer server("", true);
    HttpClient client(HttpClientOptions{std::chrono::milliseconds(1000), std::chrono::milliseconds(300)});
    auto r = client.send(server.origin(), request("GET", "/", {{"Host", "h"}}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "ReadTimeoutError");
    EXPECT_NE(r.error().message.find(server.origin()), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace jg::wire
