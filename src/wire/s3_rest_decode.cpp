// S3 requests into the local cloud's calls: the operation from the method, the bucket/key
// shape of the URI and the sub-resources of botocore's requestUri; the input members from
// where the model says they travel.
#include <fmt/format.h>

#include <algorithm>

#include "cloud/operations.hpp"
#include "core/strings.hpp"
#include "wire/payload_checks.hpp"
#include "wire/s3_rest.hpp"
#include "wire/s3_rest_xml.hpp"

namespace jg::wire {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

// "/{Bucket}/{Key+}?list-type=2" → a Route. Operations whose URI is not one of S3's three
// forms (the service, a bucket, an object) — WriteGetObjectResponse — are left out.
std::optional<S3Rest::Route> route_of(const Operation& op) {
    if (op.http_method.empty() || !op.request_uri.starts_with('/')) return std::nullopt;
    S3Rest::Route route;
    route.operation = &op;
    route.method = op.http_method;
    const auto q = op.request_uri.find('?');
    const std::string path = op.request_uri.substr(0, q);
    if (path == "/{Bucket}/{Key+}") {
        route.bucket = route.key = true;
    } else if (path == "/{Bucket}") {
        route.bucket = true;
    } else if (path != "/") {
        return std::nullopt;
    }
    if (q != std::string::npos)
        for (const auto& piece : split(op.request_uri.substr(q + 1), '&')) {
            const auto eq = piece.find('=');
            std::string name = piece.substr(0, eq);
            // x-id names the operation for routers that need it; it is not a sub-resource.
            if (name.empty() || name == "x-id") continue;
            route.subresources.emplace_back(std::move(name), eq == std::string::npos ? "" : piece.substr(eq + 1));
        }
    return route;
}

const std::string* param(const Params& params, std::string_view name) {
    for (const auto& [n, v] : params)
        if (n == name) return &v;
    return nullptr;
}

bool has_member_value(const ShapeRef& member, const HttpRequest& request, const Params& params) {
    if (member.location == "querystring") return param(params, member.wire_name()) != nullptr;
    if (member.location == "header") return request.header(member.wire_name()).has_value();
    return true;
}

// How well `route` fits the request: -1 when it does not; otherwise more for each
// sub-resource and each required header or query member it finds (CopyObject's
// x-amz-copy-source over PutObject, UploadPart's uploadId and partNumber over PutObject).
int score(const S3Rest::Route& route, const HttpRequest& request, const S3Address& address, const Params& params) {
    if (route.method != request.method) return -1;
    if (route.bucket != !address.bucket.empty() || route.key != !address.key.empty()) return -1;
    int points = 0;
    for (const auto& [name, value] : route.subresources) {
        const std::string* sent = param(params, name);
        if (!sent || (!value.empty() && *sent != value)) return -1;
        points += 100;
    }
    if (const Shape* input = route.operation->input)
        for (const auto& member : input->members) {
            if (!member.required || (member.location != "querystring" && member.location != "header")) continue;
            if (!has_member_value(member, request, params)) return -1;
            ++points;
        }
    return points;
}

// A header or query member's text, decoded by its shape.
Result<std::optional<Node>> located_value(const ShapeRef& member, std::optional<std::string> text) {
    if (!text) return std::optional<Node>{};
    if (text->empty() && member.shape->type != ShapeType::string) return std::optional<Node>{};
    auto value = s3_rest::scalar_from_text(*member.shape, *text, member.wire_name());
    if (!value) return tl::unexpected(value.error());
    return std::optional<Node>(std::move(*value));
}

Result<std::optional<Node>> member_value(const ShapeRef& member, const Shape& input, const HttpRequest& request,
                                         const S3Address& address, const Params& params) {
    if (member.location == "uri") {
        if (member.wire_name() == "Bucket") return std::optional<Node>(Node::make_string(address.bucket));
        if (member.wire_name() == "Key") return std::optional<Node>(Node::make_string(address.key));
        return std::optional<Node>{};
    }
    if (member.location == "querystring") {
        if (member.shape->type == ShapeType::list) {
            Node items = Node::make_array();
            for (const auto& [n, v] : params)
                if (n == member.wire_name()) {
                    auto item = located_value(member.shape->element, v);
                    if (!item) return tl::unexpected(item.error());
                    if (*item) items.push(std::move(**item));
                }
            return items.items.empty() ? std::optional<Node>{} : std::optional<Node>(std::move(items));
        }
        const std::string* sent = param(params, member.wire_name());
        return located_value(member, sent ? std::optional<std::string>(*sent) : std::nullopt);
    }
    if (member.location == "header") {
        const auto values = request.header_values(member.wire_name());
        if (values.empty()) return std::optional<Node>{};
        std::vector<std::string> parts;
        for (auto v : values) {
            if (!iequals(member.wire_name(), "Content-Encoding")) {
                parts.push_back(trim(v));
                continue;
            }
            // aws-chunked is how the body travelled (the server has decoded it), not an
            // encoding S3 keeps with the object.
            for (const auto& token : split(v, ','))
                if (std::string t = trim(token); !iequals(t, "aws-chunked")) parts.push_back(std::move(t));
        }
        if (parts.empty()) return std::optional<Node>{};
        return located_value(member, join(parts, ","));
    }
    if (member.location == "headers") {
        // x-amz-meta-*: the rest of each name, lower-case, as S3 keeps user metadata.
        const std::string prefix = to_lower(member.wire_name());
        Node map = Node::make_object();
        for (const auto& h : request.headers)
            if (h.name.size() > prefix.size() && starts_with_icase(h.name, prefix))
                map.add(to_lower(std::string_view(h.name).substr(prefix.size())), Node::make_string(trim(h.value)));
        return map.members.empty() ? std::optional<Node>{} : std::optional<Node>(std::move(map));
    }
    if (member.location.empty() && member.name == input.payload) {
        const Shape& payload = *member.shape;
        if (payload.type == ShapeType::structure) {
            if (request.body.empty()) return std::optional<Node>{};
            auto parsed = s3_rest::read_xml_structure(payload, request.body);
            if (!parsed) return tl::unexpected(parsed.error());
            return std::optional<Node>(std::move(*parsed));
        }
        // A blob (PutObject's Body) is its bytes, present even when empty; a string
        // (PutBucketPolicy's Policy) is absent when nothing was sent.
        if (request.body.empty() && payload.type != ShapeType::blob) return std::optional<Node>{};
        return std::optional<Node>(Node::make_string(request.body));
    }
    return std::optional<Node>{};
}

// Integrity headers S3 verifies on every request that carries them (Content-MD5 and each
// x-amz-checksum-*), anonymous ones included.
Result<void> check_integrity(const HttpRequest& request) { return check_body_headers(request.headers, request.body); }

}  // namespace

Result<S3Rest> S3Rest::load() {
    auto model = ServiceModel::load_embedded("s3");
    if (!model) return tl::unexpected(model.error());
    if (model->metadata().api_version != k_s3_api_version)
        return fail("InvalidServiceModel", fmt::format("the embedded model of s3 is of {}, not {}",
                                                       model->metadata().api_version, k_s3_api_version));
    return from_model(std::move(*model));
}

Result<S3Rest> S3Rest::from_model(ServiceModel model) {
    if (model.metadata().protocol != "rest-xml")
        return fail("InvalidServiceModel",
                    fmt::format("the S3 codec needs a rest-xml model, not '{}'", model.metadata().protocol));
    S3Rest rest(std::make_unique<ServiceModel>(std::move(model)));
    for (const auto& op : rest.m_model->operations())
        if (auto route = route_of(op)) rest.m_routes.push_back(std::move(*route));
    return rest;
}

Result<S3Call> S3Rest::decode(const HttpRequest& request, std::span<const std::string> own_hosts) const {
    auto address = s3_address(request, own_hosts);
    if (!address) return tl::unexpected(address.error());
    auto params = decode_query_string(request.query);
    if (!params) return fail("InvalidURI", "Couldn't parse the specified URI.");

    const Route* best = nullptr;
    int best_score = -1;
    for (const auto& route : m_routes)
        if (int s = score(route, request, *address, *params); s > best_score) {
            best = &route;
            best_score = s;
        }
    if (!best) return fail("MethodNotAllowed", "The specified method is not allowed against this resource.");
    const Operation& op = *best->operation;
    if (!cloud::find_operation("s3", op.name))
        return fail("NotImplemented", "A header you provided implies functionality that is not implemented");
    if (auto ok = check_integrity(request); !ok) return tl::unexpected(ok.error());

    S3Call call;
    call.operation = &op;
    call.input = Node::make_object();
    if (op.input)
        for (const auto& member : op.input->members) {
            auto value = member_value(member, *op.input, request, *address, *params);
            if (!value) return tl::unexpected(value.error());
            if (*value) call.input.add(member.name, std::move(**value));
        }
    call.address = std::move(*address);
    return call;
}

}  // namespace jg::wire
