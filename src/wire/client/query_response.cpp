#include "wire/client/query_response.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include "wire/client/error_reply.hpp"
#include "wire/client/xml_shape_reader.hpp"

namespace jg::wire {

Result<Node> parse_query_response(const Operation& op, const HttpResponse& response) {
    if (response.status >= 300) return Unexpected(error_from_response(response));
    pugi::xml_document doc;
    auto parsed = doc.load_buffer(response.body.data(), response.body.size());
    if (!parsed)
        return fail("MalformedResponse", fmt::format("the response to {} is not XML: {} at byte {}", op.name,
                                                     parsed.description(), parsed.offset));
    pugi::xml_node root = doc.document_element();
    std::string expected_root = op.name + "Response";
    if (expected_root != root.name())
        return fail("MalformedResponse",
                    fmt::format("the response to {} is <{}>, not <{}>", op.name, root.name(), expected_root));
    if (!op.output) return Node::make_object();
    std::string wrapper = op.result_wrapper.empty() ? op.name + "Result" : op.result_wrapper;
    pugi::xml_node result = root.child(wrapper.c_str());
    // An output with nothing in it may come without its wrapper.
    if (!result) return Node::make_object();
    return read_xml_structure(*op.output, result);
}

}  // namespace jg::wire
