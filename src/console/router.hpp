// What `jumpgate serve` serves: the console's paths to the console, every other request
// to the AWS endpoint (S3 path-style included: no bucket name can hold the console's '_').
#pragma once

#include "console/console.hpp"
#include "wire/server/http_handler.hpp"

namespace jg::console {

class Router final : public wire::HttpHandler {
public:
    Router(Console& console, wire::HttpHandler& aws) : m_console(console), m_aws(aws) {}

    wire::HttpResponse handle(const wire::HttpRequest& request, std::string_view source_ip) override {
        if (m_console.owns(request.path)) return m_console.handle(request, source_ip);
        return m_aws.handle(request, source_ip);
    }
    wire::HttpResponse reject(const wire::HttpRequest& request, int status, std::string_view code,
                              std::string_view message) override {
        return m_aws.reject(request, status, code, message);
    }
    std::optional<wire::HttpResponse> refuse_oversized(const wire::HttpRequest& request,
                                                       std::size_t body_length) override {
        return m_aws.refuse_oversized(request, body_length);
    }
    std::size_t max_body_bytes() const override { return m_aws.max_body_bytes(); }
    bool answers_quickly(const wire::HttpRequest& request) const override {
        return !m_console.owns(request.path) && m_aws.answers_quickly(request);
    }

private:
    Console& m_console;
    wire::HttpHandler& m_aws;
};

}  // namespace jg::console
