// AWS Query responses read into a Node by the operation's output shape:
// `<OpResponse><OpResult>…</OpResult><ResponseMetadata>…` (xml_shape_reader's rules); a
// failed response gives its <ErrorResponse>'s code and message.
#pragma once

#include "core/error.hpp"
#include "core/node.hpp"
#include "wire/http_message.hpp"
#include "wire/service_model.hpp"

namespace jg::wire {

// An operation without output gives an empty object. Errors: the service's own (status
// ≥ 300), "MalformedResponse" for a 2xx body that is not the operation's XML.
[[nodiscard]] Result<Node> parse_query_response(const Operation& op, const HttpResponse& response);

}  // namespace jg::wire
