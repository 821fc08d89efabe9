// AwsApi over HTTP(S): each call is serialised by botocore's model of its service (the
// Query protocol for IAM, STS and CloudFormation; REST-XML for S3), signed with SigV4 and
// sent to `--endpoint-url` (every service at one URL, S3 path-style, as the aws CLI does)
// or to AWS's own endpoints; the response is read back into the output shape's Node and
// an error response into an Error with AWS's code and message.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "jump/api/aws_api.hpp"
#include "wire/client/endpoints.hpp"
#include "wire/client/http_client.hpp"
#include "wire/client/http_transport.hpp"
#include "wire/service_model.hpp"

namespace jg::jump {

struct HttpApiOptions {
    std::string endpoint_url;  // empty: AWS's own endpoints
    wire::HttpClientOptions http = {};  // timeouts of the default transport
};

class HttpApi final : public AwsApi {
public:
    // `transport` defaults to a libcurl HttpClient, `clock` (the signing time) to the
    // system clock; both, when given, must outlive the HttpApi. Error InvalidEndpointUrl.
    [[nodiscard]] static Result<std::unique_ptr<HttpApi>> create(HttpApiOptions options,
                                                                 std::shared_ptr<wire::HttpTransport> transport = nullptr,
                                                                 const Clock* clock = nullptr);

    // Errors besides the service's own: UnknownService, InvalidAction (an operation the
    // service's model lacks), ParamValidation (input that does not fit the input shape),
    // InvalidRegion, the transport's connection errors (EndpointConnectionError, …), and
    // MalformedResponse.
    Result<Node> call(const AwsCredentials& credentials, std::string_view service, std::string_view action,
                      const Node& input, std::string_view region) override;

private:
    HttpApi(HttpApiOptions options, std::optional<wire::EndpointUrl> endpoint,
            std::shared_ptr<wire::HttpTransport> transport, const Clock& clock)
        : m_options(std::move(options)), m_endpoint(std::move(endpoint)), m_transport(std::move(transport)), m_clock(clock) {}

    HttpApiOptions m_options;
    std::optional<wire::EndpointUrl> m_endpoint;
    std::shared_ptr<wire::HttpTransport> m_transport;
    const Clock& m_clock;
};

// The model of `service` ("iam", "sts", "cloudformation", "s3") built into the binary,
// parsed once per process and shared. Error UnknownService.
[[nodiscard]] Result<const wire::ServiceModel*> service_model(std::string_view service);

}  // namespace jg::jump
