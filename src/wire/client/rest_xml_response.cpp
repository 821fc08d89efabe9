#include "wire/client/rest_xml_response.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include "core/strings.hpp"
#include "wire/client/error_reply.hpp"
#include "wire/client/member_location.hpp"
#include "wire/client/xml_shape_reader.hpp"

namespace jg::wire {
namespace {

const std::string* header(const HttpResponse& response, std::string_view name) {
    for (const auto& h : response.headers)
        if (iequals(h.name, name)) return &h.value;
    return nullptr;
}

Result<pugi::xml_document> load_xml(const Operation& op, const std::string& body) {
    pugi::xml_document doc;
    auto parsed = doc.load_buffer(body.data(), body.size());
    if (!parsed)
        return fail("MalformedResponse", fmt::format("the response to {} is not XML: {} at byte {}", op.name,
                                                     parsed.description(), parsed.offset));
    return doc;
}

}  // namespace

Result<Node> parse_rest_xml_response(const Operation& op, const HttpResponse& response) {
    if (response.status >= 300) return Unexpected(error_from_response(response));
    Node out = Node::make_object();
    if (!op.output) return out;
    const Shape& shape = *op.output;
    const ShapeRef* payload = shape.payload.empty() ? nullptr : shape.find_member(shape.payload);
    bool has_body_members = false;
    for (const auto& member : shape.members) {
        switch (member_location(member)) {
            case MemberLocation::header:
                if (const std::string* value = header(response, member.wire_name()))
                    out.add(member.name, read_scalar(*member.shape, *value));
                break;
            case MemberLocation::headers: {
                Node map = Node::make_object();
                const std::string& prefix = member.wire_name();
                for (const auto& h : response.headers)
                    if (h.name.size() > prefix.size() && starts_with_icase(h.name, prefix))
                        map.add(to_lower(std::string_view(h.name).substr(prefix.size())), Node::make_string(h.value));
                if (!map.members.empty()) out.add(member.name, std::move(map));
                break;
            }
            case MemberLocation::status_code: out.add(member.name, Node::make_number(std::to_string(response.status))); break;
            case MemberLocation::body:
                if (&member != payload) has_body_members = true;
                break;
            default: break;
        }
    }
    if (payload) {
        const Shape& ps = *payload->shape;
        if (ps.type == ShapeType::blob || ps.type == ShapeType::string) {
            out.add(payload->name, Node::make_string(response.body));
        } else if (!response.body.empty()) {
            auto doc = load_xml(op, response.body);
            if (!doc) return Unexpected(doc.error());
            out.add(payload->name, read_xml_structure(ps, doc->document_element()));
        }
    } else if (has_body_members && !response.body.empty()) {
        auto doc = load_xml(op, response.body);
        if (!doc) return Unexpected(doc.error());
        Node body = read_xml_structure(shape, doc->document_element());
        for (auto& [name, value] : body.members) out.add(name, std::move(value));
    }
    return out;
}

}  // namespace jg::wire
