// REST-XML responses (S3) read into a Node by the operation's output shape: header
// members (HTTP-date timestamps normalised to ISO 8601, numbers, booleans), `headers`
// maps by prefix (x-amz-meta-* names without the prefix, lower-case), the status code
// member, and the body — the payload member's raw bytes (blobs, strings) or XML
// (structures), else the body members read from the root element.
#pragma once

#include "core/error.hpp"
#include "core/node.hpp"
#include "wire/http_message.hpp"
#include "wire/service_model.hpp"

namespace jg::wire {

// Errors: S3's own (status ≥ 300: its <Error>, or for a HEAD, the status alone), and
// "MalformedResponse" for a body that should be XML and is not.
[[nodiscard]] Result<Node> parse_rest_xml_response(const Operation& op, const HttpResponse& response);

}  // namespace jg::wire
