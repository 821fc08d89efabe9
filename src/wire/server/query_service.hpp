// The AWS Query protocol services the endpoint serves (IAM, STS, CloudFormation): one
// table of (signing name, API version), each driven entirely by its botocore model —
// parameters decoded by the operation's input shape, the cloud's result written by its
// output shape, errors with the HTTP status the model gives them.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/cloud.hpp"
#include "core/error.hpp"
#include "wire/http_message.hpp"
#include "wire/query_decoder.hpp"
#include "wire/service_model.hpp"

namespace jg::wire {

struct QueryServiceSpec {
    std::string_view signing_name;  // "iam": the credential scope's service, cloud's service name
    std::string_view api_version;   // "2010-05-08"
};

// Every Query service jumpgate serves. One table: nothing else lists them.
const std::vector<QueryServiceSpec>& query_service_specs();

class QueryServices {
public:
    // The embedded model of every service of query_service_specs().
    [[nodiscard]] static Result<QueryServices> load();

    // The model signed for as `signing_name` ("iam"), or nullptr.
    const ServiceModel* by_signing_name(std::string_view signing_name) const;
    // The model whose API version is `version` ("2011-06-15"), or nullptr.
    const ServiceModel* by_version(std::string_view version) const;

    // Runs an authenticated request: decodes `params` by `model`, calls the cloud as
    // `credentials`, and writes the response or the error envelope.
    HttpResponse call(cloud::Cloud& cloud, const ServiceModel& model, const QueryParams& params,
                      const cloud::Credentials& credentials,
                      const std::optional<Result<cloud::Caller>>& resolved, const cloud::RequestInfo& info,
                      std::string_view request_id) const;

    // The error envelope of `model` for `code`, with the status its model (or AWS's common
    // errors) gives it.
    static HttpResponse error(const ServiceModel& model, std::string_view code, std::string_view message,
                              std::string_view request_id);

private:
    std::vector<const ServiceModel*> m_models;  // embedded, shared; in query_service_specs() order
};

// The parameters of a Query request: the URL's query string, then a form-encoded body.
QueryParams query_params(const HttpRequest& request, std::string_view body);

// The value of the first parameter `name`, or nullptr.
const std::string* find_param(const QueryParams& params, std::string_view name);

}  // namespace jg::wire
