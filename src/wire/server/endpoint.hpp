// The AWS endpoint of the local cloud: one HTTP request in, one HTTP response out, with
// no sockets involved (the HTTP server feeds it; tests call it directly). It works out
// which service a request is for, authenticates it with SigV4 and hands it to that
// service's protocol: AWS Query for IAM, STS and CloudFormation, REST-XML for S3.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/cloud.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "wire/http_message.hpp"
#include "wire/server/http_handler.hpp"
#include "wire/s3_rest.hpp"
#include "wire/server/query_service.hpp"

namespace jg::wire {

// The largest request body the endpoint accepts (after aws-chunked decoding): S3 objects
// and templates live in the store, so they are bounded; larger bodies get
// EntityTooLarge (S3) or RequestEntityTooLarge (413, Query services).
inline constexpr std::size_t k_default_max_body = 16 * 1024 * 1024;

struct EndpointOptions {
    std::size_t max_body_bytes = k_default_max_body;
    // The server's own host names (without port): a Host of BUCKET.<one of them> is a
    // virtual-hosted S3 request.
    std::vector<std::string> own_hosts = {"localhost", "127.0.0.1"};
};

class Endpoint final : public HttpHandler {
public:
    [[nodiscard]] static Result<std::unique_ptr<Endpoint>> create(cloud::Cloud& cloud, Clock& clock, Random& random,
                                                                  EndpointOptions options = {});

    // Answers one request; `source_ip` becomes aws:SourceIp. Safe to call from many
    // threads at once.
    HttpResponse handle(const HttpRequest& request, std::string_view source_ip) override;

    // The answer to a request the HTTP layer refused before it reached handle() (a body
    // over the limit, a malformed request line): `code` and `message` in the protocol the
    // request's headers point at, with `status`. A Content-Length that is not a decimal
    // number, whatever the transport made of it, is answered as
    // TransportRefusal::bad_content_length; the code RequestHeaderSectionTooLarge as
    // TransportRefusal::header_section_too_large.
    HttpResponse reject(const HttpRequest& request, int status, std::string_view code,
                        std::string_view message) override;

    // What an HTTP layer refuses on its own, each answered in AWS's words (in the protocol
    // the request's headers point at, as far as they were read):
    enum class TransportRefusal {
        // Request line and headers over the server's limit (`limit` bytes): S3's 400
        // RequestHeaderSectionTooLarge "Your request header section exceeds the maximum
        // allowed size." with MaxSizeAllowed; 431 with that code for the Query services.
        header_section_too_large,
        // A Content-Length that is not a non-negative decimal number (-1, "12abc", two
        // different values): 400 BadRequest "An error occurred when parsing the HTTP
        // request." — never EntityTooLarge.
        bad_content_length,
        // A body over max_body_bytes(): S3's 400 EntityTooLarge, the Query services' 413.
        body_too_large,
        // A request line over the limit: 414 RequestURITooLong.
        uri_too_long,
        // Anything else that is not HTTP/1.1: 400 BadRequest, as bad_content_length.
        malformed,
    };
    HttpResponse refuse(const HttpRequest& request, TransportRefusal why, std::size_t limit = 0);

    std::size_t max_body_bytes() const override { return m_options.max_body_bytes; }

    // STS's GetCallerIdentity, GetSessionToken and AssumeRole without an MFA code: each
    // reads the store and writes nothing (but a key's last use, once a minute per key).
    bool answers_quickly(const HttpRequest& request) const override;

    // The answer to a request whose body is, or is announced to be, over the limit (its
    // Content-Length, or x-amz-decoded-content-length for aws-chunked bodies); nullopt
    // when it fits. The HTTP layer asks before reading a body (Expect: 100-continue).
    std::optional<HttpResponse> refuse_oversized(const HttpRequest& request, std::size_t body_length) override;

private:
    Endpoint(cloud::Cloud& cloud, Clock& clock, Random& random, EndpointOptions options, QueryServices query,
             S3Rest s3)
        : m_cloud(cloud),
          m_clock(clock),
          m_random(random),
          m_options(std::move(options)),
          m_query(std::move(query)),
          m_s3(std::move(s3)) {}

    std::string new_request_id();
    HttpResponse handle_query(const HttpRequest& request, const ServiceModel& model, std::string_view source_ip,
                              const std::string& request_id);
    HttpResponse handle_s3(const HttpRequest& request, std::string_view source_ip, const std::string& request_id);
    // The Query model a request is for: the credential scope's service, else its Version
    // parameter, else the service whose model has its Action (IAM when none has it).
    const ServiceModel* query_model_for(const HttpRequest& request) const;

    cloud::Cloud& m_cloud;
    Clock& m_clock;
    Random& m_random;
    EndpointOptions m_options;
    QueryServices m_query;
    S3Rest m_s3;
};

}  // namespace jg::wire
