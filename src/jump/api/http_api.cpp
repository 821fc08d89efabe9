#include "jump/api/http_api.hpp"

#include <fmt/format.h>

#include <array>
#include <map>
#include <mutex>

#include "core/hash.hpp"
#include "wire/client/query_request.hpp"
#include "wire/client/query_response.hpp"
#include "wire/client/rest_xml_request.hpp"
#include "wire/client/rest_xml_response.hpp"
#include "wire/sigv4.hpp"

namespace jg::jump {
namespace {

// The API version of each service jumpgate calls (one table).
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> k_api_versions{{
    {"iam", "2010-05-08"},
    {"sts", "2011-06-15"},
    {"cloudformation", "2010-05-15"},
    {"s3", "2006-03-01"},
}};

constexpr std::string_view k_default_region = "us-east-1";
constexpr std::string_view k_user_agent = "jumpgate/0.1";

// The request of one call, before signing: Query or REST-XML by the model's protocol.
Result<wire::HttpRequest> build_request(const wire::ServiceModel& model, const wire::Operation& op, const Node& input,
                                        const wire::ResolvedEndpoint& endpoint) {
    wire::HttpRequest request;
    if (model.metadata().protocol == "query") {
        auto params = wire::query_params(model, op, input);
        if (!params) return Unexpected(params.error());
        request.method = "POST";
        request.path = std::string(1, '/');  // not = "/": GCC 12 -O3 false -Wrestrict
        request.headers.push_back({"Content-Type", std::string(wire::k_form_content_type)});
        request.body = wire::form_encode(*params);
    } else if (model.metadata().protocol == "rest-xml") {
        auto rest = wire::rest_xml_request(op, input, endpoint.bucket_in_host);
        if (!rest) return Unexpected(rest.error());
        request = std::move(*rest);
    } else {
        return fail("UnknownService", fmt::format("the protocol '{}' of {} is not supported",
                                                  model.metadata().protocol, model.metadata().service_id));
    }
    request.path = endpoint.path_prefix + request.path;
    request.headers.insert(request.headers.begin(), wire::Header{"Host", endpoint.host});
    return request;
}

}  // namespace

Result<const wire::ServiceModel*> service_model(std::string_view service) {
    std::string_view version;
    for (const auto& [name, v] : k_api_versions)
        if (name == service) version = v;
    if (version.empty())
        return fail("UnknownService", fmt::format("unknown service '{}' (expected iam, sts, cloudformation or s3)", service));
    auto model = wire::ServiceModel::embedded(service);
    if (!model) return Unexpected(model.error());
    if ((*model)->metadata().api_version != version)
        return fail("UnknownService", fmt::format("the embedded model of {} is of {}, not {}", service,
                                                  (*model)->metadata().api_version, version));
    return *model;
}

Result<std::unique_ptr<HttpApi>> HttpApi::create(HttpApiOptions options, std::shared_ptr<wire::HttpTransport> transport,
                                                 const Clock* clock) {
    std::optional<wire::EndpointUrl> endpoint;
    if (!options.endpoint_url.empty()) {
        auto parsed = wire::parse_endpoint_url(options.endpoint_url);
        if (!parsed) return Unexpected(parsed.error());
        endpoint = std::move(*parsed);
    }
    static const SystemClock system_clock;
    if (!transport) transport = std::make_shared<wire::HttpClient>(options.http);
    return std::unique_ptr<HttpApi>(
        new HttpApi(std::move(options), std::move(endpoint), std::move(transport), clock ? *clock : system_clock));
}

Result<Node> HttpApi::call(const AwsCredentials& credentials, std::string_view service, std::string_view action,
                           const Node& input, std::string_view region) {
    auto model = service_model(service);
    if (!model) return Unexpected(model.error());
    const wire::Operation* op = (*model)->find_operation(action);
    if (!op) return fail("InvalidAction", fmt::format("the {} API has no operation {}", service, action));

    // Where it goes: S3's endpoint depends on the bucket (virtual-hosted on AWS).
    std::string bucket;
    if (const Node* b = input.is_object() ? input.find("Bucket") : nullptr; b && b->is_string() && service == "s3")
        bucket = b->text;
    auto endpoint = wire::resolve_endpoint(m_endpoint, service, region.empty() ? k_default_region : region, bucket);
    if (!endpoint) return Unexpected(endpoint.error());

    auto request = build_request(**model, *op, input, *endpoint);
    if (!request) return Unexpected(request.error());
    request->headers.push_back({"User-Agent", std::string(k_user_agent)});  // never signed
    if (!credentials.access_key_id.empty()) {
        wire::Credentials signer{credentials.access_key_id, credentials.secret_access_key, credentials.session_token};
        wire::SignOptions sign{endpoint->signing_region, (*model)->metadata().signing_name, m_clock.now(),
                               sha256_hex(request->body)};
        if (auto ok = wire::sign_request(*request, signer, sign); !ok) return Unexpected(ok.error());
    }

    auto response = m_transport->send(endpoint->origin, *request);
    if (!response) return Unexpected(response.error());
    if ((*model)->metadata().protocol == "query") return wire::parse_query_response(*op, *response);
    return wire::parse_rest_xml_response(*op, *response);
}

}  // namespace jg::jump
