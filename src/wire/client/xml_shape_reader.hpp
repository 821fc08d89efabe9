// XML read into a Node by a botocore shape, with the rules botocore's XML parsers share
// (Query and REST-XML): members by their locationName, non-flattened lists as <member>
// (or the element's locationName) children, flattened lists as repeated elements, maps as
// <entry><key/><value/></entry>, integers and numbers as numbers, booleans as booleans,
// timestamps normalised to ISO 8601 ("2026-11-27T20:25:39Z"), blobs Base64-decoded.
// What the shape does not name is ignored; what the XML lacks is absent from the Node.
#pragma once

#include <pugixml.hpp>

#include "core/node.hpp"
#include "wire/service_model.hpp"

namespace jg::wire {

// The children (and attributes) of `element` as an object of `shape`'s members.
Node read_xml_structure(const Shape& shape, const pugi::xml_node& element);

// One scalar of `shape` from its text (also used for header values). Text that is not of
// the shape's type is kept as a string rather than dropped.
Node read_scalar(const Shape& shape, std::string_view text);

}  // namespace jg::wire
