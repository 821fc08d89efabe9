// bench_serve_load: a load generator for AWS Query endpoints (jumpgate serve, moto_server).
// Several keep-alive connections, one thread each, send SigV4-signed requests until a
// time or request bound; prints requests/s and the p50/p99 latency of one workload:
//   gci     sts:GetCallerIdentity
//   user    iam:CreateUser then iam:DeleteUser (a fresh name per pair)
//   assume  sts:GetSessionToken then sts:AssumeRole (ROLE_ARN)
// Usage: bench_serve_load HOST PORT KEY SECRET WORKLOAD [--connections N] [--seconds S]
//        [--max-requests M] [--role-arn ARN] [--tag T] [--idle N] [--probe]
// --idle N opens N more connections before the run and keeps them open through it: half
// stay silent, half trickle a request's headers (one byte per connection every 200 ms).
// --probe adds a fresh client: every 20 ms a new connection sends one GetCallerIdentity
// and closes; its latencies are reported apart (`fresh: N fresh_p50_ms: A fresh_p99_ms: B`).
// GetCallerIdentity requests are signed once a second per connection and resent (the
// signature is valid for minutes), so the load generator spends its CPU on the exchange.
// Output: `requests: N errors: E seconds: S req/s: R p50_ms: A p99_ms: B`. Any non-200
// answer counts as an error and its first body is printed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/hash.hpp"
#include "wire/sigv4.hpp"

namespace {

using namespace jg;
using Steady = std::chrono::steady_clock;

struct Options {
    std::string host, key, secret, workload, role_arn, tag = "b";
    int port = 0, connections = 4;
    double seconds = 3;
    long max_requests = 200000;
    int idle = 0;
    bool probe = false;
};

struct Reply {
    int status = 0;
    std::string body;
    bool ok = false;  // the exchange completed (else the connection is broken)
};

class Connection {
public:
    explicit Connection(const Options& o) : m_o(o) {}
    ~Connection() { close_socket(); }

    Reply exchange(const std::string& request) {
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (m_fd < 0 && !open_socket()) return {};
            if (send_all(request)) {
                Reply r = read_reply();
                if (r.ok) return r;
            }
            close_socket();  // the server closed a kept-alive connection: reconnect once
        }
        return {};
    }

private:
    const Options& m_o;
    int m_fd = -1;
    std::string m_buf;

    bool open_socket() {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(m_o.port));
        inet_pton(AF_INET, m_o.host.c_str(), &addr.sin_addr);
        int one = 1;
        setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            close_socket();
            return false;
        }
        m_buf.clear();
        return true;
    }
    void close_socket() {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = -1;
    }
    bool send_all(const std::string& data) {
        size_t off = 0;
        while (off < data.size()) {
            ssize_t n = ::send(m_fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
            if (n <= 0) return false;
            off += static_cast<size_t>(n);
        }
        return true;
    }
    bool fill() {
        char tmp[65536];
        ssize_t n = ::recv(m_fd, tmp, sizeof tmp, 0);
        if (n <= 0) return false;
        m_buf.append(tmp, static_cast<size_t>(n));
        return true;
    }
    // Status line and headers, then a Content-Length or chunked body (or one up to EOF).
    Reply read_reply() {
        Reply r;
        size_t end;
        while ((end = m_buf.find("\r\n\r\n")) == std::string::npos)
            if (!fill()) return r;
        std::string head = m_buf.substr(0, end);
        m_buf.erase(0, end + 4);
        r.status = std::atoi(head.c_str() + head.find(' ') + 1);
        std::string lower = head;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        bool close_after = lower.find("connection: close") != std::string::npos ||
                           lower.rfind("http/1.0", 0) == 0;
        if (auto p = lower.find("content-length:"); p != std::string::npos) {
            size_t len = std::strtoul(lower.c_str() + p + 15, nullptr, 10);
            while (m_buf.size() < len)
                if (!fill()) return r;
            r.body = m_buf.substr(0, len);
            m_buf.erase(0, len);
        } else if (lower.find("transfer-encoding: chunked") != std::string::npos) {
            for (;;) {
                size_t eol;
                while ((eol = m_buf.find("\r\n")) == std::string::npos)
                    if (!fill()) return r;
                size_t len = std::strtoul(m_buf.c_str(), nullptr, 16);
                while (m_buf.size() < eol + 2 + len + 2)
                    if (!fill()) return r;
                r.body += m_buf.substr(eol + 2, len);
                m_buf.erase(0, eol + 2 + len + 2);
                if (len == 0) break;
            }
        } else {
            while (fill()) {
            }
            r.body = std::move(m_buf);
            m_buf.clear();
            close_after = true;
        }
        if (close_after) close_socket();
        r.ok = true;
        return r;
    }
};

std::string url_encode(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// A signed Query POST, as botocore sends it.
std::string query_request(const Options& o, const wire::Credentials& creds, const std::string& service,
                          const std::string& body) {
    wire::SignableRequest req;
    req.method = "POST";
    req.path = "/";
    req.headers = {{"Host", o.host + ":" + std::to_string(o.port)},
                   {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    wire::SignOptions sign{"us-east-1", service, std::chrono::time_point_cast<std::chrono::milliseconds>(
                                                     std::chrono::system_clock::now()),
                           sha256_hex(body)};
    if (!wire::sign_request(req, creds, sign)) {
        std::fprintf(stderr, "bench: signing failed\n");
        std::exit(1);
    }
    std::string out = "POST / HTTP/1.1\r\n";
    for (const auto& h : req.headers) out += h.name + ": " + h.value + "\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return out;
}

// N connections opened before the run (those the server refuses or closes are dropped).
std::vector<int> open_idle(const Options& o) {
    std::vector<int> fds;
    for (int i = 0; i < o.idle; ++i) {
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(o.port));
        inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr);
        if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            if (fd >= 0) ::close(fd);
            continue;
        }
        fds.push_back(fd);
    }
    return fds;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 6) {
        std::fprintf(stderr, "usage: bench_serve_load HOST PORT KEY SECRET gci|user|assume [options]\n");
        return 2;
    }
    Options o;
    o.host = argv[1];
    o.port = std::atoi(argv[2]);
    o.key = argv[3];
    o.secret = argv[4];
    o.workload = argv[5];
    for (int i = 6; i < argc; i += 2) {
        std::string f = argv[i];
        if (f == "--probe") {
            o.probe = true;
            --i;  // a flag without a value
            continue;
        }
        if (i + 1 >= argc) break;
        if (f == "--connections") o.connections = std::atoi(argv[i + 1]);
        else if (f == "--seconds") o.seconds = std::atof(argv[i + 1]);
        else if (f == "--max-requests") o.max_requests = std::atol(argv[i + 1]);
        else if (f == "--role-arn") o.role_arn = argv[i + 1];
        else if (f == "--tag") o.tag = argv[i + 1];
        else if (f == "--idle") o.idle = std::atoi(argv[i + 1]);
    }
    const wire::Credentials creds{o.key, o.secret, ""};
    std::atomic<long> issued{0}, errors{0};
    std::mutex mutex;
    std::vector<double> latencies;
    std::string first_error;
    const auto start = Steady::now();
    const auto deadline = start + std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(o.seconds));

    auto worker = [&](int id) {
        Connection conn(o);
        std::vector<double> mine;
        auto timed = [&](const std::string& request) {
            const auto t0 = Steady::now();
            Reply r = conn.exchange(request);
            mine.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
            if (!r.ok || r.status != 200) {
                ++errors;
                std::lock_guard lock(mutex);
                if (first_error.empty()) first_error = std::to_string(r.status) + " " + r.body.substr(0, 400);
            }
            return r;
        };
        std::string gci;
        auto gci_signed_at = Steady::now() - std::chrono::hours(1);
        for (long n = 0; Steady::now() < deadline; ++n) {
            if (issued.fetch_add(o.workload == "gci" ? 1 : 2) >= o.max_requests) break;
            if (o.workload == "gci") {
                if (Steady::now() - gci_signed_at > std::chrono::seconds(1)) {
                    gci = query_request(o, creds, "sts", "Action=GetCallerIdentity&Version=2011-06-15");
                    gci_signed_at = Steady::now();
                }
                timed(gci);
            } else if (o.workload == "user") {
                const std::string name = "bench-" + o.tag + "-" + std::to_string(id) + "-" + std::to_string(n);
                timed(query_request(o, creds, "iam", "Action=CreateUser&Version=2010-05-08&UserName=" + name));
                timed(query_request(o, creds, "iam", "Action=DeleteUser&Version=2010-05-08&UserName=" + name));
            } else {
                timed(query_request(o, creds, "sts", "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=900"));
                timed(query_request(o, creds, "sts",
                                    "Action=AssumeRole&Version=2011-06-15&RoleSessionName=bench&RoleArn=" +
                                        url_encode(o.role_arn)));
            }
        }
        std::lock_guard lock(mutex);
        latencies.insert(latencies.end(), mine.begin(), mine.end());
    };
    // Idle and trickling connections, open before the run and through it.
    std::vector<int> idle = open_idle(o);
    std::atomic<bool> done{false};
    std::thread trickler([&] {
        const std::string head = "POST / HTTP/1.1\r\nHost: " + o.host + "\r\nX-Trickle: " + std::string(4000, 'a');
        for (std::size_t at = 0; !done && at < head.size(); ++at) {
            for (std::size_t i = 1; i < idle.size(); i += 2) ::send(idle[i], head.data() + at, 1, MSG_NOSIGNAL);
            for (int w = 0; w < 20 && !done; ++w) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    // The fresh client: a new connection per request.
    std::vector<double> fresh;
    std::thread prober([&] {
        if (!o.probe) return;
        while (Steady::now() < deadline) {
            Connection conn(o);
            const std::string request = query_request(o, creds, "sts", "Action=GetCallerIdentity&Version=2011-06-15");
            const auto t0 = Steady::now();
            Reply r = conn.exchange(request);
            fresh.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
            if (!r.ok || r.status != 200) {
                ++errors;
                std::lock_guard lock(mutex);
                if (first_error.empty()) first_error = "fresh client: " + std::to_string(r.status) + " " + r.body.substr(0, 400);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    std::vector<std::thread> threads;
    for (int i = 0; i < o.connections; ++i) threads.emplace_back(worker, i);
    for (auto& t : threads) t.join();
    prober.join();
    done = true;
    trickler.join();
    for (int fd : idle) ::close(fd);
    const double elapsed = std::chrono::duration<double>(Steady::now() - start).count();
    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double p) {
        return latencies.empty() ? 0.0 : latencies[std::min(latencies.size() - 1, static_cast<size_t>(p * latencies.size()))];
    };
    if (!first_error.empty()) std::fprintf(stderr, "bench: first error: %s\n", first_error.c_str());
    std::printf("requests: %zu errors: %ld seconds: %.2f req/s: %.1f p50_ms: %.2f p99_ms: %.2f", latencies.size(),
                errors.load(), elapsed, static_cast<double>(latencies.size()) / elapsed, pct(0.50), pct(0.99));
    if (o.probe) {
        std::sort(fresh.begin(), fresh.end());
        auto fpct = [&](double p) {
            return fresh.empty() ? 0.0 : fresh[std::min(fresh.size() - 1, static_cast<size_t>(p * fresh.size()))];
        };
        std::printf(" fresh: %zu fresh_p50_ms: %.2f fresh_p99_ms: %.2f", fresh.size(), fpct(0.50), fpct(0.99));
    }
    if (o.idle > 0) std::printf(" idle_open: %zu", idle.size());
    std::printf("\n");
    return errors.load() > 0 ? 1 : 0;
}
