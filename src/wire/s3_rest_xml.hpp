// The XML half of S3's REST-XML protocol, driven by model shapes: request bodies
// (CreateBucketConfiguration and other structure payloads) read into Nodes, response bodies
// written from Nodes. Also the scalar conversions the header and query-string members
// share with the XML text. Internal to the S3 codec (s3_rest_*.cpp).
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/node.hpp"
#include "wire/service_model.hpp"

namespace jg::wire::s3_rest {

// A scalar member's Node from its text on the wire: strings as they are, integers and
// longs as numbers, booleans, timestamps (ISO 8601, HTTP date or epoch seconds) as ISO 8601
// strings, blobs base64-decoded. Error InvalidArgument naming `where` otherwise.
Result<Node> scalar_from_text(const Shape& shape, std::string_view text, std::string_view where);

// The text of a scalar Node as S3 writes it; timestamps as ISO 8601 with milliseconds, or
// as an HTTP date when `http_date` (headers). Error InternalFailure naming `path`.
Result<std::string> scalar_to_text(const Shape& shape, const Node& node, const std::string& path, bool http_date);

// Parses `body` as the XML document of `shape` (a structure): the root element's children
// by their wire names. Error MalformedXML with S3's message.
Result<Node> read_xml_structure(const Shape& shape, std::string_view body);

// Appends the body members of `node` (those of `shape` without a location) as XML
// elements. A member the shape lacks or a value of the wrong kind is InternalFailure.
Result<void> write_xml_members(std::string& out, const Shape& shape, const Node& node, const std::string& path);

// Appends `<tag>` + the content of `node` as `shape` + `</tag>`.
Result<void> write_xml_element(std::string& out, std::string_view tag, const Shape& shape, const Node& node,
                               const std::string& path);

}  // namespace jg::wire::s3_rest
