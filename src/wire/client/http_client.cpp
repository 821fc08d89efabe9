#include "wire/client/http_client.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <memory>
#include <string>

#include "core/strings.hpp"

namespace jg::wire {
namespace {

CURL* handle(void* p) { return static_cast<CURL*>(p); }

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Collector {
    HttpResponse response;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
    static_cast<Collector*>(user)->response.body.append(data, size * count);
    return size * count;
}

// One header line. A status line starts the headers afresh: a 100 Continue or an
// intermediate response must not leave its headers in the final one.
size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto& response = static_cast<Collector*>(user)->response;
    std::string_view line(data, size * count);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.starts_with("HTTP/")) {
        response.headers.clear();
    } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
        response.headers.push_back({std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
    }
    return size * count;
}

bool has_header(const HttpRequest& request, std::string_view name) { return request.header(name).has_value(); }

}  // namespace

HttpClient::HttpClient(HttpClientOptions options) : m_options(options) {
    global_init();
    m_curl = curl_easy_init();
}

HttpClient::~HttpClient() {
    if (m_curl) curl_easy_cleanup(handle(m_curl));
}

Result<HttpResponse> HttpClient::send(std::string_view origin, const HttpRequest& request) {
    std::lock_guard lock(m_mutex);
    std::string url = std::string(origin) + request.path;
    if (!request.query.empty()) url += "?" + request.query;
    if (!m_curl) return fail("HttpClientError", fmt::format("cannot send to {}: libcurl did not initialise", url));
    CURL* curl = handle(m_curl);
    // A reset keeps the connection cache: the next request to the same host reuses it.
    curl_easy_reset(curl);

    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, curl_slist_free_all);
    auto add = [&](const std::string& line) { headers.reset(curl_slist_append(headers.release(), line.c_str())); };
    for (const auto& h : request.headers)
        add(h.value.empty() ? h.name + ";" : h.name + ": " + h.value);  // "Name;" sends an empty value
    // What libcurl would add on its own is left out: it was not signed.
    for (std::string_view name : {"Accept", "Expect", "Content-Type"})
        if (!has_header(request, name)) add(std::string(name) + ":");

    Collector collector;
    char error_text[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);  // the signed path, dot segments and all
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(m_options.request_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &collector);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &collector);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
    if (request.method == "GET") {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else {
        // POST and PUT always send a body (Content-Length: 0 when empty); DELETE only one
        // it has.
        if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
        }
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }

    CURLcode code = curl_easy_perform(curl);
    long connects = 0;
    if (curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK) m_connections_opened += connects;
    if (code != CURLE_OK) {
        std::string why = error_text[0] ? std::string(error_text) : std::string(curl_easy_strerror(code));
        switch (code) {
            case CURLE_COULDNT_RESOLVE_HOST:
            case CURLE_COULDNT_RESOLVE_PROXY:
            case CURLE_COULDNT_CONNECT:
                return fail("EndpointConnectionError",
                            fmt::format("could not connect to the endpoint URL \"{}\": {}", url, why));
            case CURLE_OPERATION_TIMEDOUT: {
                curl_off_t connected_us = 0;
                curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connected_us);
                if (connected_us == 0)
                    return fail("ConnectTimeoutError",
                                fmt::format("connect timeout on endpoint URL \"{}\" after {} ms", url,
                                            m_options.connect_timeout.count()));
                return fail("ReadTimeoutError", fmt::format("read timeout on endpoint URL \"{}\": {}", url, why));
            }
            default:
                return fail("HttpClientError", fmt::format("{} {} failed: {}", request.method, url, why));
        }
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    collector.response.status = static_cast<int>(status);
    return std::move(collector.response);
}

}  // namespace jg::wire
