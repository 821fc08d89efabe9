#include "wire/server/endpoint.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/encoding.hpp"
#include "core/strings.hpp"
#include "wire/server/authenticate.hpp"

namespace jg::wire {

namespace {

std::optional<std::size_t> parse_size(std::string_view text) {
    std::size_t n = 0;
    if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return n;
}


// Content-Length, when sent, must be one non-negative decimal number (repeated only with
// the same value).
bool has_bad_content_length(const HttpRequest& request) {
    const auto values = request.header_values("content-length");
    for (auto v : values) {
        const std::string text = trim(v);
        if (text.empty() || !parse_size(text) || text != trim(values.front())) return true;
    }
    return false;
}

// STS's two calls that carry their own proof of identity instead of a signature.
bool is_unsigned_action(const ServiceModel& model, const HttpRequest& request) {
    if (model.metadata().signing_name != "sts") return false;
    const QueryParams params = query_params(request, request.body);
    const std::string* action = find_param(params, "Action");
    return action && (*action == "AssumeRoleWithWebIdentity" || *action == "AssumeRoleWithSAML");
}

}  // namespace

Result<std::unique_ptr<Endpoint>> Endpoint::create(cloud::Cloud& cloud, Clock& clock, Random& random,
                                                   EndpointOptions options) {
    auto query = QueryServices::load();
    if (!query) return Unexpected(query.error());
    auto s3 = S3Rest::load();
    if (!s3) return Unexpected(s3.error());
    return std::unique_ptr<Endpoint>(
        new Endpoint(cloud, clock, random, std::move(options), std::move(*query), std::move(*s3)));
}

std::string Endpoint::new_request_id() {
    // A version-4 UUID, the form of AWS's request ids.
    std::string b = m_random.bytes(16);
    b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);
    const std::string h = hex_encode(b);
    return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) + '-' + h.substr(20);
}

const ServiceModel* Endpoint::query_model_for(const HttpRequest& request) const {
    if (auto claim = parse_signature(request)) return m_query.by_signing_name(claim->scope.service);
    const QueryParams params = query_params(request, request.body);
    const std::string* action = find_param(params, "Action");
    if (!action) return m_query.by_signing_name("iam");
    if (const std::string* version = find_param(params, "Version"))
        if (const ServiceModel* model = m_query.by_version(*version)) return model;
    for (const auto& spec : query_service_specs()) {
        const ServiceModel* model = m_query.by_signing_name(spec.signing_name);
        if (model->find_operation(*action)) return model;
    }
    return m_query.by_signing_name("iam");
}

bool Endpoint::answers_quickly(const HttpRequest& request) const {
    if (request.method != "POST" || request.body.size() > 4096 || !request.query.empty()) return false;
    if (is_s3_request(request, m_options.own_hosts)) return false;
    const QueryParams params = query_params(request, request.body);
    const std::string* action = find_param(params, "Action");
    if (!action) return false;
    // An MFA code is spent by a write (replay refusal): such a call goes to the workers.
    if (find_param(params, "TokenCode") || find_param(params, "SerialNumber")) return false;
    return *action == "GetCallerIdentity" || *action == "GetSessionToken" || *action == "AssumeRole";
}

std::optional<HttpResponse> Endpoint::refuse_oversized(const HttpRequest& request, std::size_t body_length) {
    // Asked before a body is read: a Content-Length that is no length is refused first.
    if (has_bad_content_length(request)) return refuse(request, TransportRefusal::bad_content_length);
    std::size_t payload = body_length;
    if (auto decoded = request.header("x-amz-decoded-content-length")) {
        auto n = parse_size(*decoded);
        payload = n ? *n : body_length;
    }
    if (payload <= m_options.max_body_bytes) return std::nullopt;
    return reject(request, 413, "RequestEntityTooLarge",
                  fmt::format("request body of {} bytes exceeds jumpgate's limit of {} bytes", payload,
                              m_options.max_body_bytes));
}

HttpResponse Endpoint::handle(const HttpRequest& request, std::string_view source_ip) {
    if (has_bad_content_length(request)) return refuse(request, TransportRefusal::bad_content_length);
    if (auto refused = refuse_oversized(request, request.body.size())) return std::move(*refused);
    const std::string request_id = new_request_id();
    // Which protocol: a signed request names its service in the credential scope; an
    // unsigned one is a Query request when it has an Action, else S3 (s3_rest decides).
    if (is_s3_request(request, m_options.own_hosts)) return handle_s3(request, source_ip, request_id);
    auto claim = parse_signature(request);
    if (claim && !m_query.by_signing_name(claim->scope.service))
        return QueryServices::error(*m_query.by_signing_name("iam"), "InvalidAction",
                                    fmt::format("jumpgate serves iam, sts, cloudformation and s3; this request is "
                                                "signed for service '{}'",
                                                claim->scope.service),
                                    request_id);
    const ServiceModel* model = query_model_for(request);
    return handle_query(request, *model, source_ip, request_id);
}

HttpResponse Endpoint::handle_query(const HttpRequest& request, const ServiceModel& model, std::string_view source_ip,
                                    const std::string& request_id) {
    auto claim = parse_signature(request);
    if (!claim) {
        // AssumeRoleWithWebIdentity and AssumeRoleWithSAML are unsigned by design: the token
        // or assertion is the credential. Every other unsigned Query request is refused.
        if (claim.error().code == "MissingAuthenticationToken" && is_unsigned_action(model, request)) {
            cloud::RequestInfo info;
            info.source_ip = std::string(source_ip);
            return m_query.call(m_cloud, model, query_params(request, request.body), cloud::Credentials{},
                                std::nullopt, info, request_id);
        }
        return QueryServices::error(model, claim.error().code, claim.error().message, request_id);
    }
    auto auth = authenticate(m_cloud, request, *claim, m_clock.now(), m_options.max_body_bytes);
    if (!auth) {
        // Query services answer an oversized body with the common 413 error.
        const std::string& code = auth.error().code == "EntityTooLarge" ? "RequestEntityTooLarge" : auth.error().code;
        return QueryServices::error(model, code, auth.error().message, request_id);
    }
    cloud::RequestInfo info;
    info.source_ip = std::string(source_ip);
    info.region = claim->scope.region;
    return m_query.call(m_cloud, model, query_params(request, auth->payload), auth->credentials, auth->caller, info,
                        request_id);
}

HttpResponse Endpoint::handle_s3(const HttpRequest& request, std::string_view source_ip,
                                 const std::string& request_id) {
    auto answer_error = [&](const Error& e) {
        return encode_s3_error(e, s3_error_context(request, m_options.own_hosts), request_id);
    };
    // 1. Who: a signed request is authenticated (its body de-chunked and verified; its
    //    trailer, a checksum, never becomes a header); an unsigned one is anonymous, which
    //    the cloud refuses unless a bucket policy allows it.
    HttpRequest decoded = request;
    cloud::RequestInfo info;
    info.source_ip = std::string(source_ip);
    cloud::Credentials credentials;
    std::optional<Result<cloud::Caller>> caller;  // resolved with the signer's secret
    auto claim = parse_signature(request);
    if (claim) {
        auto auth = authenticate(m_cloud, request, *claim, m_clock.now(), m_options.max_body_bytes);
        if (!auth) {
            if (auth.error().code == "AccessDenied" && auth.error().message == k_headers_not_signed) {
                // S3 names the headers the signature left out.
                S3ErrorContext context = s3_error_context(request, m_options.own_hosts);
                context.details.emplace_back("HeadersNotSigned", join(unsigned_amz_headers(request, *claim), ", "));
                return encode_s3_error(auth.error(), context, request_id);
            }
            return answer_error(auth.error());
        }
        credentials = auth->credentials;
        caller = std::move(auth->caller);
        info.region = claim->scope.region;
        decoded.body = std::move(auth->payload);
    } else if (claim.error().code != "MissingAuthenticationToken") {
        return answer_error(claim.error());
    }

    // 2. What: the operation and its input, by botocore's S3 model.
    auto call = m_s3.decode(decoded, m_options.own_hosts);
    if (!call) return answer_error(call.error());

    // 3. The call, and its output as S3 writes it.
    auto output = caller ? m_cloud.call_as(*caller, "s3", call->action(), call->input, info)
                         : m_cloud.call(credentials, "s3", call->action(), call->input, info);
    if (!output) return answer_error(output.error());
    auto response = m_s3.encode(*call->operation, *output, request_id);
    if (!response) return answer_error(response.error());
    return std::move(*response);
}

HttpResponse Endpoint::reject(const HttpRequest& request, int status, std::string_view code,
                              std::string_view message) {
    // A transport may read "Content-Length: -1" as a huge length and call it too large;
    // what is wrong is the header itself.
    if (has_bad_content_length(request)) return refuse(request, TransportRefusal::bad_content_length);
    if (code == "RequestHeaderSectionTooLarge") return refuse(request, TransportRefusal::header_section_too_large);
    const std::string request_id = new_request_id();
    if (is_s3_request(request, m_options.own_hosts)) {
        // S3's own status for the code (EntityTooLarge is a 400 there).
        return encode_s3_error(Error{code == "RequestEntityTooLarge" ? "EntityTooLarge" : std::string(code),
                                     std::string(message), std::nullopt},
                               s3_error_context(request, m_options.own_hosts), request_id);
    }
    auto claim = parse_signature(request);
    const ServiceModel* model = claim ? m_query.by_signing_name(claim->scope.service) : nullptr;
    if (!model) model = m_query.by_signing_name("iam");
    HttpResponse response = QueryServices::error(*model, code, message, request_id);
    response.status = status;
    return response;
}

HttpResponse Endpoint::refuse(const HttpRequest& request, TransportRefusal why, std::size_t limit) {
    const std::string request_id = new_request_id();
    const bool s3 = is_s3_request(request, m_options.own_hosts);
    std::string code = "BadRequest";
    std::string message = "An error occurred when parsing the HTTP request.";
    int status = 400;
    std::vector<std::pair<std::string, std::string>> details;
    switch (why) {
        case TransportRefusal::header_section_too_large:
            code = "RequestHeaderSectionTooLarge";
            message = "Your request header section exceeds the maximum allowed size.";
            status = s3 ? 400 : 431;
            if (limit > 0) details.emplace_back("MaxSizeAllowed", std::to_string(limit));
            break;
        case TransportRefusal::body_too_large:
            code = s3 ? "EntityTooLarge" : "RequestEntityTooLarge";
            message = fmt::format("request body exceeds jumpgate's limit of {} bytes", m_options.max_body_bytes);
            status = s3 ? 400 : 413;
            break;
        case TransportRefusal::uri_too_long:
            code = "RequestURITooLong";
            message = "the request line is longer than the server accepts";
            status = 414;
            break;
        case TransportRefusal::bad_content_length:
        case TransportRefusal::malformed: break;
    }
    if (s3) {
        S3ErrorContext context = s3_error_context(request, m_options.own_hosts);
        context.details = std::move(details);
        HttpResponse response = encode_s3_error(Error{code, message, std::nullopt}, context, request_id);
        response.status = status;
        return response;
    }
    auto claim = parse_signature(request);
    const ServiceModel* model = claim ? m_query.by_signing_name(claim->scope.service) : nullptr;
    if (!model) model = m_query.by_signing_name("iam");
    HttpResponse response = QueryServices::error(*model, code, message, request_id);
    response.status = status;
    return response;
}

}  // namespace jg::wire
