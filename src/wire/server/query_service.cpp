#include "wire/server/query_service.hpp"

#include <fmt/format.h>

#include "cloud/operations.hpp"
#include "core/strings.hpp"
#include "wire/query_encoder.hpp"

namespace jg::wire {

const std::vector<QueryServiceSpec>& query_service_specs() {
    static const std::vector<QueryServiceSpec> k_specs = {
        {"iam", "2010-05-08"},
        {"sts", "2011-06-15"},
        {"cloudformation", "2010-05-15"},
    };
    return k_specs;
}

Result<QueryServices> QueryServices::load() {
    QueryServices services;
    for (const auto& spec : query_service_specs()) {
        auto model = ServiceModel::embedded(spec.signing_name);
        if (!model) return Unexpected(model.error());
        if ((*model)->metadata().api_version != spec.api_version)
            return fail("InvalidServiceModel", fmt::format("the embedded model of {} is of {}, not {}", spec.signing_name,
                                                           (*model)->metadata().api_version, spec.api_version));
        services.m_models.push_back(*model);
    }
    return services;
}

const ServiceModel* QueryServices::by_signing_name(std::string_view signing_name) const {
    const auto& specs = query_service_specs();
    for (size_t i = 0; i < specs.size(); ++i)
        if (specs[i].signing_name == signing_name) return m_models[i];
    return nullptr;
}

const ServiceModel* QueryServices::by_version(std::string_view version) const {
    for (const auto& model : m_models)
        if (model->metadata().api_version == version) return model;
    return nullptr;
}

HttpResponse QueryServices::error(const ServiceModel& model, std::string_view code, std::string_view message,
                                  std::string_view request_id) {
    QueryErrorReply reply = encode_query_error(model, code, message, request_id);
    HttpResponse response;
    response.status = reply.http_status;
    response.headers.push_back({"Content-Type", std::string(k_query_content_type)});
    response.headers.push_back({"x-amzn-RequestId", std::string(request_id)});
    response.body = std::move(reply.body);
    return response;
}

HttpResponse QueryServices::call(cloud::Cloud& cloud, const ServiceModel& model, const QueryParams& params,
                                 const cloud::Credentials& credentials,
                                 const std::optional<Result<cloud::Caller>>& resolved, const cloud::RequestInfo& info,
                                 std::string_view request_id) const {
    // 1. The operation and its input, validated by the model (InvalidAction, ValidationError).
    auto request = decode_query(model, params);
    if (!request) return error(model, request.error().code, request.error().message, request_id);
    const Operation& op = *request->operation;

    // 2. An operation AWS has but the local cloud does not implement is said so plainly
    //    (501 is not retried by the SDKs, unlike 500 and 503).
    const std::string& service = model.metadata().signing_name;
    if (!cloud::find_operation(service, op.name)) {
        HttpResponse response = error(model, "NotImplemented",
                                      fmt::format("jumpgate does not implement {}:{}", service, op.name), request_id);
        response.status = 501;
        return response;
    }

    // 3. The call itself: authorisation and every AWS error come from the cloud.
    auto output = resolved ? cloud.call_as(*resolved, service, op.name, request->input, info)
                           : cloud.call(credentials, service, op.name, request->input, info);
    if (!output) return error(model, output.error().code, output.error().message, request_id);

    // 4. The result, written by the output shape; a result that does not fit the shape is
    //    a handler bug reported as InternalFailure, never a half-written body.
    auto body = encode_query_response(model, op, *output, request_id);
    if (!body) return error(model, body.error().code, body.error().message, request_id);
    HttpResponse response;
    response.headers.push_back({"Content-Type", std::string(k_query_content_type)});
    response.headers.push_back({"x-amzn-RequestId", std::string(request_id)});
    response.body = std::move(*body);
    return response;
}

QueryParams query_params(const HttpRequest& request, std::string_view body) {
    QueryParams params = parse_form(request.query);
    const auto content_type = request.header("content-type");
    if (content_type && to_lower(*content_type).starts_with("application/x-www-form-urlencoded")) {
        QueryParams form = parse_form(body);
        params.insert(params.end(), std::make_move_iterator(form.begin()), std::make_move_iterator(form.end()));
    }
    return params;
}

const std::string* find_param(const QueryParams& params, std::string_view name) {
    for (const auto& [k, v] : params)
        if (k == name) return &v;
    return nullptr;
}

}  // namespace jg::wire
