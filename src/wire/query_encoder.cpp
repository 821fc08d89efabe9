#include "wire/query_encoder.hpp"

#include <fmt/format.h>

#include <array>
#include <limits>

#include "core/encoding.hpp"
#include "wire/policy_documents.hpp"
#include "wire/query_values.hpp"
#include "wire/xml_writer.hpp"

namespace jg::wire {
namespace {

// The errors every Query service may answer that its model does not list (AWS's "Common
// Errors" pages and the SigV4 failures). One table: nothing else maps these codes.
struct CommonError {
    std::string_view code;
    int http_status;
};
constexpr std::array k_common_errors = {
    CommonError{"AccessDenied", 403},
    CommonError{"AccessDeniedException", 403},
    CommonError{"ExpiredToken", 403},
    CommonError{"IncompleteSignature", 400},
    CommonError{"InternalFailure", 500},
    CommonError{"InvalidAction", 400},
    CommonError{"InvalidClientTokenId", 403},
    CommonError{"InvalidParameterCombination", 400},
    CommonError{"InvalidParameterValue", 400},
    CommonError{"InvalidQueryParameter", 400},
    CommonError{"MalformedQueryString", 404},
    CommonError{"MissingAction", 400},
    CommonError{"MissingAuthenticationToken", 403},
    CommonError{"MissingParameter", 400},
    CommonError{"NotAuthorized", 400},
    CommonError{"OptInRequired", 403},
    CommonError{"RequestEntityTooLarge", 413},
    CommonError{"RequestExpired", 400},
    CommonError{"RequestTimeTooSkewed", 403},
    CommonError{"ServiceUnavailable", 503},
    CommonError{"SignatureDoesNotMatch", 403},
    CommonError{"Throttling", 400},
    CommonError{"ThrottlingException", 400},
    CommonError{"UnrecognizedClientException", 403},
    CommonError{"ValidationError", 400},
};

class Encoder {
public:
    explicit Encoder(std::string& out) : m_out(out) {}

    Result<void> structure(const Shape& shape, const Node& node, const std::string& path) {
        if (!node.is_object()) return mismatch(path, "an object", node);
        for (const auto& [name, _] : node.members)
            if (!shape.find_member(name))
                return fail("InternalFailure", fmt::format("cannot encode {}: the shape {} has no member '{}'",
                                                           path.empty() ? shape.name : path, shape.name, name));
        for (const auto& member : shape.members) {
            const Node* value = node.find(member.name);
            if (!value || value->is_null()) continue;
            std::string member_path = path.empty() ? member.name : path + '.' + member.name;
            const Shape& ms = *member.shape;
            bool flat = member.flattened || ms.flattened;
            if (flat && ms.type == ShapeType::list) {
                if (!value->is_array()) return mismatch(member_path, "an array", *value);
                const std::string& tag = ms.element.location_name.empty() ? member.wire_name() : ms.element.location_name;
                for (size_t i = 0; i < value->items.size(); ++i)
                    if (auto ok = element(tag, ms.element, value->items[i], fmt::format("{}[{}]", member_path, i)); !ok)
                        return ok;
            } else if (flat && ms.type == ShapeType::map) {
                if (!value->is_object()) return mismatch(member_path, "an object", *value);
                for (const auto& [k, v] : value->members)
                    if (auto ok = entry(member.wire_name(), ms, k, v, member_path); !ok) return ok;
            } else if (auto ok = element(member.wire_name(), member, *value, member_path); !ok) {
                return ok;
            }
        }
        return {};
    }

private:
    std::string& m_out;

    static Unexpected mismatch(const std::string& path, std::string_view expected, const Node& got) {
        return fail("InternalFailure", fmt::format("cannot encode {}: expected {}, got {}", path, expected, got.kind_name()));
    }

    void open(std::string_view tag) {
        m_out += '<';
        m_out += tag;
        m_out += '>';
    }
    void close(std::string_view tag) {
        m_out += "</";
        m_out += tag;
        m_out += '>';
    }

    Result<void> element(std::string_view tag, const ShapeRef& ref, const Node& node, const std::string& path) {
        open(tag);
        if (auto ok = content(*ref.shape, node, path); !ok) return ok;
        close(tag);
        return {};
    }

    Result<void> entry(std::string_view tag, const Shape& map, const std::string& key, const Node& value,
                       const std::string& path) {
        open(tag);
        std::string key_tag = map.key.location_name.empty() ? "key" : map.key.location_name;
        std::string value_tag = map.value.location_name.empty() ? "value" : map.value.location_name;
        open(key_tag);
        append_xml_text(m_out, key);
        close(key_tag);
        if (auto ok = element(value_tag, map.value, value, fmt::format("{}[{}]", path, key)); !ok) return ok;
        close(tag);
        return {};
    }

    Result<void> content(const Shape& shape, const Node& node, const std::string& path) {
        switch (shape.type) {
            case ShapeType::structure: return structure(shape, node, path);
            case ShapeType::list: {
                if (!node.is_array()) return mismatch(path, "an array", node);
                const std::string tag = shape.element.location_name.empty() ? "member" : shape.element.location_name;
                for (size_t i = 0; i < node.items.size(); ++i)
                    if (auto ok = element(tag, shape.element, node.items[i], fmt::format("{}[{}]", path, i)); !ok)
                        return ok;
                return {};
            }
            case ShapeType::map:
                if (!node.is_object()) return mismatch(path, "an object", node);
                for (const auto& [k, v] : node.members)
                    if (auto ok = entry("entry", shape, k, v, path); !ok) return ok;
                return {};
            default: return scalar(shape, node, path);
        }
    }

    Result<void> scalar(const Shape& shape, const Node& node, const std::string& path) {
        switch (shape.type) {
            case ShapeType::string:
                if (!node.is_string()) return mismatch(path, "a string", node);
                append_xml_text(m_out, is_url_encoded_document(shape) ? uri_encode(node.text) : node.text);
                return {};
            case ShapeType::integer:
            case ShapeType::long_integer: {
                bool is_long = shape.type == ShapeType::long_integer;
                auto v = (node.is_number() || node.is_string())
                             ? parse_integer(node.text, is_long ? std::numeric_limits<int64_t>::min()
                                                                : std::numeric_limits<int32_t>::min(),
                                             is_long ? std::numeric_limits<int64_t>::max()
                                                     : std::numeric_limits<int32_t>::max())
                             : std::nullopt;
                if (!v) return mismatch(path, is_long ? "a long integer" : "an integer", node);
                m_out += std::to_string(*v);
                return {};
            }
            case ShapeType::float_number:
            case ShapeType::double_number:
                if (!(node.is_number() || node.is_string()) || !parse_decimal(node.text))
                    return mismatch(path, "a number", node);
                m_out += node.text;
                return {};
            case ShapeType::boolean: {
                auto v = (node.is_bool() || node.is_string()) ? parse_boolean(node.text) : std::nullopt;
                if (!v) return mismatch(path, "a boolean", node);
                m_out += *v ? "true" : "false";
                return {};
            }
            case ShapeType::timestamp: {
                auto v = (node.is_string() || node.is_number()) ? parse_timestamp(node.text) : std::nullopt;
                if (!v) return mismatch(path, "an ISO 8601 timestamp or epoch seconds", node);
                m_out += format_timestamp(*v);
                return {};
            }
            case ShapeType::blob:
                if (!node.is_string()) return mismatch(path, "a string of bytes", node);
                m_out += base64_encode(node.text);
                return {};
            default: return {};
        }
    }
};

void append_metadata(std::string& out, std::string_view request_id) {
    out += "<ResponseMetadata><RequestId>";
    append_xml_text(out, request_id);
    out += "</RequestId></ResponseMetadata>";
}

}  // namespace

Result<std::string> encode_query_response(const ServiceModel& model, const Operation& op, const Node& output,
                                          std::string_view request_id) {
    std::string out;
    out.reserve(512);
    fmt::format_to(std::back_inserter(out), "<{}Response xmlns=\"", op.name);
    append_xml_text(out, model.metadata().xml_namespace);
    out += "\">";
    if (op.output) {
        std::string wrapper = op.result_wrapper.empty() ? op.name + "Result" : op.result_wrapper;
        fmt::format_to(std::back_inserter(out), "<{}>", wrapper);
        Encoder encoder(out);
        // A null Node stands for an output with nothing in it.
        const Node empty = Node::make_object();
        if (auto ok = encoder.structure(*op.output, output.is_null() ? empty : output, {}); !ok)
            return tl::unexpected(ok.error());
        fmt::format_to(std::back_inserter(out), "</{}>", wrapper);
    } else if (!output.is_null() && !(output.is_object() && output.members.empty())) {
        return fail("InternalFailure", fmt::format("cannot encode the output of {}: the operation has none", op.name));
    }
    append_metadata(out, request_id);
    fmt::format_to(std::back_inserter(out), "</{}Response>", op.name);
    return out;
}

ErrorInfo query_error_info(const ServiceModel& model, std::string_view code) {
    if (const Shape* shape = model.find_error(code)) return *shape->error;
    for (const auto& e : k_common_errors)
        if (e.code == code) return ErrorInfo{std::string(code), e.http_status, e.http_status < 500};
    return ErrorInfo{std::string(code), 400, true};
}

QueryErrorReply encode_query_error(const ServiceModel& model, std::string_view code, std::string_view message,
                                   std::string_view request_id) {
    ErrorInfo info = query_error_info(model, code);
    QueryErrorReply reply;
    reply.http_status = info.http_status;
    std::string& out = reply.body;
    out += "<ErrorResponse xmlns=\"";
    append_xml_text(out, model.metadata().xml_namespace);
    out += "\"><Error><Type>";
    out += info.sender_fault ? "Sender" : "Receiver";
    out += "</Type><Code>";
    append_xml_text(out, info.code);
    out += "</Code><Message>";
    append_xml_text(out, message);
    out += "</Message></Error><RequestId>";
    append_xml_text(out, request_id);
    out += "</RequestId></ErrorResponse>";
    return reply;
}

}  // namespace jg::wire
