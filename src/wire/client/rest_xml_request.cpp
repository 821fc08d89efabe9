#include "wire/client/rest_xml_request.hpp"

#include <fmt/format.h>

#include "core/encoding.hpp"
#include "core/hash.hpp"
#include "wire/client/input_values.hpp"
#include "wire/client/member_location.hpp"
#include "wire/client/xml_shape_writer.hpp"

namespace jg::wire {
namespace {

// "/{Bucket}/{Key+}" with the labels' values. With `bucket_in_host`, the label the bucket
// fills (always the first segment in S3's models) is dropped with its slash.
Result<std::string> render_path(std::string_view templ, const Shape& shape, const Node& input, bool bucket_in_host) {
    std::string out;
    size_t pos = 0;
    while (pos < templ.size()) {
        size_t open = templ.find('{', pos);
        if (open == std::string_view::npos) {
            out.append(templ.substr(pos));
            break;
        }
        size_t close = templ.find('}', open);
        if (close == std::string_view::npos) return fail("InternalFailure", fmt::format("bad requestUri '{}'", templ));
        out.append(templ.substr(pos, open - pos));
        std::string_view label = templ.substr(open + 1, close - open - 1);
        const bool greedy = label.ends_with('+');
        if (greedy) label.remove_suffix(1);
        const ShapeRef* member = nullptr;
        for (const auto& m : shape.members)
            if (member_location(m) == MemberLocation::uri && m.wire_name() == label) member = &m;
        const Node* value = member ? input.find(member->name) : nullptr;
        if (!member || !value || value->is_null()) return invalid_input(label, "missing required parameter");
        auto text = scalar_text(*member->shape, *value, member->name);
        if (!text) return Unexpected(text.error());
        if (text->empty()) return invalid_input(member->name, "must not be empty (it is part of the URI)");
        if (bucket_in_host && label == "Bucket") {
            if (!out.empty() && out.back() == '/') out.pop_back();
            // "/{Bucket}/{Key+}" → "/KEY"; "/{Bucket}" → "/".
            if (close + 1 < templ.size() && templ[close + 1] == '/') ++close;
            out += '/';
        } else {
            out += uri_encode(*text, greedy);
        }
        pos = close + 1;
    }
    if (out.empty() || out.front() != '/') out.insert(out.begin(), '/');
    return out;
}

void add_query(std::string& query, std::string_view name, std::string_view value) {
    if (!query.empty()) query += '&';
    query += uri_encode(name);
    query += '=';
    query += uri_encode(value);
}

}  // namespace

Result<HttpRequest> rest_xml_request(const Operation& op, const Node& raw_input, bool bucket_in_host) {
    HttpRequest request;
    request.method = op.http_method;
    const Node empty = Node::make_object();
    const Node& input = raw_input.is_null() ? empty : raw_input;
    if (!op.input) {
        if (!(input.is_object() && input.members.empty())) return invalid_input("", op.name + " takes no parameters");
        request.path = op.request_uri;
        return request;
    }
    const Shape& shape = *op.input;
    if (auto ok = check_structure(shape, input, {}); !ok) return Unexpected(ok.error());

    std::string_view templ = op.request_uri;
    std::string_view fixed_query;
    if (auto q = templ.find('?'); q != std::string_view::npos) {
        fixed_query = templ.substr(q + 1);
        templ = templ.substr(0, q);
    }
    auto path = render_path(templ, shape, input, bucket_in_host);
    if (!path) return Unexpected(path.error());
    request.path = std::move(*path);
    request.query = std::string(fixed_query);

    // Query, headers and body members, in the input's order (as botocore walks its dict).
    const ShapeRef* payload = shape.payload.empty() ? nullptr : shape.find_member(shape.payload);
    for (const auto& [name, value] : input.members) {
        if (value.is_null()) continue;
        const ShapeRef& member = *shape.find_member(name);
        const Shape& ms = *member.shape;
        switch (member_location(member)) {
            case MemberLocation::uri:
            case MemberLocation::status_code: break;
            case MemberLocation::querystring:
                if (ms.type == ShapeType::list && value.is_array()) {
                    for (size_t i = 0; i < value.items.size(); ++i) {
                        auto text = scalar_text(*ms.element.shape, value.items[i], fmt::format("{}[{}]", name, i));
                        if (!text) return Unexpected(text.error());
                        add_query(request.query, member.wire_name(), *text);
                    }
                } else if (ms.type == ShapeType::map && value.is_object()) {
                    for (const auto& [k, v] : value.members) {
                        auto text = scalar_text(*ms.value.shape, v, fmt::format("{}[{}]", name, k));
                        if (!text) return Unexpected(text.error());
                        add_query(request.query, k, *text);
                    }
                } else {
                    auto text = scalar_text(ms, value, name);
                    if (!text) return Unexpected(text.error());
                    add_query(request.query, member.wire_name(), *text);
                }
                break;
            case MemberLocation::header: {
                auto text = scalar_text(ms, value, name, TimestampStyle::http_date);
                if (!text) return Unexpected(text.error());
                request.headers.push_back({member.wire_name(), std::move(*text)});
                break;
            }
            case MemberLocation::headers:
                if (!value.is_object()) return invalid_input(name, fmt::format("expected an object, got {}", value.kind_name()));
                for (const auto& [k, v] : value.members) {
                    auto text = scalar_text(*ms.value.shape, v, fmt::format("{}[{}]", name, k), TimestampStyle::http_date);
                    if (!text) return Unexpected(text.error());
                    request.headers.push_back({member.wire_name() + k, std::move(*text)});
                }
                break;
            case MemberLocation::body:
                if (&member != payload)
                    return fail("InternalFailure",
                                fmt::format("{}: body members outside a payload are not supported ({})", op.name, name));
                if (ms.type == ShapeType::blob || ms.type == ShapeType::string) {
                    if (!value.is_string()) return invalid_input(name, fmt::format("expected a string of bytes, got {}", value.kind_name()));
                    request.body = value.text;
                } else {
                    auto xml = write_xml_payload(member, value, name);
                    if (!xml) return Unexpected(xml.error());
                    request.body = std::move(*xml);
                }
                break;
        }
    }
    if (op.checksum_required) {
        request.headers.push_back({"x-amz-checksum-crc32", crc32_base64(request.body)});
        request.headers.push_back({"x-amz-sdk-checksum-algorithm", "CRC32"});
    }
    return request;
}

}  // namespace jg::wire
