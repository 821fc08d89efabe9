// The cloud's S3 outputs as S3's HTTP responses, and S3's error documents.
#include <fmt/format.h>

#include <array>

#include "cloud/s3/errors.hpp"
#include "core/strings.hpp"
#include "wire/s3_rest.hpp"
#include "wire/s3_rest_xml.hpp"
#include "wire/xml_writer.hpp"

namespace jg::wire {
namespace {

constexpr std::string_view k_xml_declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr std::string_view k_xml_content_type = "application/xml";

// The root element of the XML bodies the model cannot name: outputs whose members go to
// the body without a payload member. GetBucketLocation's body is its one member's element.
struct XmlRoot {
    std::string_view operation;
    std::string_view element;
    bool member_is_root = false;
};
constexpr std::array k_xml_roots = {
    XmlRoot{"GetBucketLocation", "LocationConstraint", true},
    XmlRoot{"ListBuckets", "ListAllMyBucketsResult"},
    XmlRoot{"ListObjects", "ListBucketResult"},
    XmlRoot{"ListObjectsV2", "ListBucketResult"},
};

XmlRoot root_of(const Operation& op) {
    for (const auto& r : k_xml_roots)
        if (r.operation == op.name) return r;
    return XmlRoot{op.name, {}, false};  // element: op.name + "Result", set by the caller
}

void open_root(std::string& out, std::string_view element) {
    out += k_xml_declaration;
    fmt::format_to(std::back_inserter(out), "<{} xmlns=\"{}\">", element, k_s3_namespace);
}

// The XML body of the output's non-located, non-payload members.
Result<std::string> body_document(const Operation& op, const Shape& shape, const Node& output) {
    const XmlRoot root = root_of(op);
    const std::string element = root.element.empty() ? op.name + "Result" : std::string(root.element);
    std::string out;
    open_root(out, element);
    if (root.member_is_root) {
        const ShapeRef* member = shape.find_member(element);
        const Node* value = output.find(element);
        if (member && value && !value->is_null()) {
            auto text = s3_rest::scalar_to_text(*member->shape, *value, op.name + "." + element, false);
            if (!text) return tl::unexpected(text.error());
            append_xml_text(out, *text);
        }
    } else if (auto ok = s3_rest::write_xml_members(out, shape, output, op.name); !ok) {
        return tl::unexpected(ok.error());
    }
    fmt::format_to(std::back_inserter(out), "</{}>", element);
    return out;
}

bool has_body_members(const Shape& shape, const Node& output) {
    for (const auto& m : shape.members)
        if (m.location.empty() && m.name != shape.payload)
            if (const Node* v = output.find(m.name); v && !v->is_null()) return true;
    return false;
}

// S3's words for the errors the signature layer reports in the Query services' terms.
struct Translation {
    std::string_view from;
    std::string_view to;
    std::string_view message;  // empty: keep the original
};
constexpr std::array k_translations = {
    Translation{"InvalidClientTokenId", "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records."},
    Translation{"IncompleteSignature", "AuthorizationHeaderMalformed", ""},
    Translation{"MissingAuthenticationToken", "AccessDenied", "Access Denied"},
    Translation{"InternalFailure", "InternalError", "We encountered an internal error. Please try again."},
};

}  // namespace

Result<HttpResponse> S3Rest::encode(const Operation& op, const Node& output, std::string_view request_id) const {
    HttpResponse response;
    response.status = op.response_code;
    const Node empty = Node::make_object();
    const Node& out = output.is_null() ? empty : output;
    if (!out.is_object()) return fail("InternalFailure", fmt::format("cannot encode {}: the output is not an object", op.name));
    const Shape* shape = op.output;
    if (!shape && !out.members.empty())
        return fail("InternalFailure", fmt::format("cannot encode the output of {}: the operation has none", op.name));
    bool content_length = false;
    if (shape) {
        for (const auto& [name, _] : out.members)
            if (!shape->find_member(name))
                return fail("InternalFailure",
                            fmt::format("cannot encode {}: the shape {} has no member '{}'", op.name, shape->name, name));
        for (const auto& member : shape->members) {
            const Node* value = out.find(member.name);
            if (!value || value->is_null()) continue;
            const std::string path = op.name + "." + member.name;
            if (member.location == "header") {
                auto text = s3_rest::scalar_to_text(*member.shape, *value, path, true);
                if (!text) return tl::unexpected(text.error());
                response.headers.push_back({member.wire_name(), std::move(*text)});
                content_length = content_length || iequals(member.wire_name(), "Content-Length");
            } else if (member.location == "headers") {
                if (!value->is_object()) return fail("InternalFailure", "cannot encode " + path + ": expected an object");
                for (const auto& [k, v] : value->members) {
                    if (!v.is_scalar()) return fail("InternalFailure", "cannot encode " + path + ": expected strings");
                    response.headers.push_back({member.wire_name() + k, v.text});
                }
            } else if (member.location == "statusCode") {
                auto text = s3_rest::scalar_to_text(*member.shape, *value, path, false);
                if (!text) return tl::unexpected(text.error());
                response.status = std::stoi(*text);
            } else if (member.location.empty() && member.name == shape->payload) {
                const Shape& payload = *member.shape;
                if (payload.type == ShapeType::structure) {
                    open_root(response.body, member.wire_name());
                    if (auto ok = s3_rest::write_xml_members(response.body, payload, *value, path); !ok)
                        return tl::unexpected(ok.error());
                    fmt::format_to(std::back_inserter(response.body), "</{}>", member.wire_name());
                    response.headers.push_back({"Content-Type", std::string(k_xml_content_type)});
                } else if (value->is_string()) {
                    response.body = value->text;
                } else {
                    return fail("InternalFailure", "cannot encode " + path + ": expected a string of bytes");
                }
            }
        }
        if (has_body_members(*shape, out) || root_of(op).member_is_root) {
            auto body = body_document(op, *shape, out);
            if (!body) return tl::unexpected(body.error());
            response.body = std::move(*body);
            response.headers.push_back({"Content-Type", std::string(k_xml_content_type)});
        }
    }
    // A part of an object (GetObject with a Range) is 206 Partial Content.
    if (response.status == 200)
        for (const auto& h : response.headers)
            if (iequals(h.name, "Content-Range")) response.status = 206;
    if (op.http_method == "HEAD") response.body.clear();
    if (!content_length) response.headers.push_back({"Content-Length", std::to_string(response.body.size())});
    response.headers.push_back({"x-amz-request-id", std::string(request_id)});
    return response;
}

HttpResponse encode_s3_error(const Error& error, const S3ErrorContext& context, std::string_view request_id) {
    std::string code = error.code.empty() ? "InternalError" : error.code;
    std::string message = error.message;
    for (const auto& t : k_translations)
        if (t.from == code) {
            code = t.to;
            if (!t.message.empty()) message = t.message;
        }
    HttpResponse response;
    const int status = cloud::s3::http_status(code);
    response.status = status != 0 ? status : 400;
    response.headers.push_back({"x-amz-request-id", std::string(request_id)});
    if (context.method != "HEAD") {
        std::string& out = response.body;
        out += k_xml_declaration;
        out += "<Error><Code>";
        append_xml_text(out, code);
        out += "</Code><Message>";
        append_xml_text(out, message);
        out += "</Message>";
        // S3 names the missing thing: the bucket for bucket errors, the key for NoSuchKey.
        if (code == "NoSuchKey" && !context.key.empty()) {
            out += "<Key>";
            append_xml_text(out, context.key);
            out += "</Key>";
        } else if ((code.find("Bucket") != std::string::npos) && !context.bucket.empty()) {
            out += "<BucketName>";
            append_xml_text(out, context.bucket);
            out += "</BucketName>";
        }
        for (const auto& [name, value] : context.details) {
            out += '<' + name + '>';
            append_xml_text(out, value);
            out += "</" + name + '>';
        }
        out += "<Resource>";
        append_xml_text(out, context.resource);
        out += "</Resource><RequestId>";
        append_xml_text(out, request_id);
        out += "</RequestId></Error>";
        response.headers.push_back({"Content-Type", std::string(k_xml_content_type)});
    }
    response.headers.push_back({"Content-Length", std::to_string(response.body.size())});
    return response;
}

}  // namespace jg::wire
