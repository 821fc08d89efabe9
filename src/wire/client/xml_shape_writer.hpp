// A REST-XML request body written from the input Node by its shape, as botocore writes
// it: the root element named by the payload member's locationName with its xmlNamespace,
// members in the input's order, lists wrapped (<member> or the element's locationName)
// or flattened, maps as <entry><key/><value/></entry>, xmlAttribute members as
// attributes, no XML declaration.
#pragma once

#include <string>

#include "core/error.hpp"
#include "core/node.hpp"
#include "wire/service_model.hpp"

namespace jg::wire {

// `ref` is the payload member (its name and namespace make the root element); `path`
// names it in errors ("ParamValidation").
[[nodiscard]] Result<std::string> write_xml_payload(const ShapeRef& ref, const Node& value, const std::string& path);

}  // namespace jg::wire
