// REST-XML requests (S3) as botocore writes them, from the operation's HTTP binding in
// the service model: `{Label}` and greedy `{Label+}` URI members substituted
// (percent-encoded; '/' kept in greedy labels), the requestUri's fixed query ("?policy",
// "?list-type=2") followed by querystring members, header members (timestamps as HTTP
// dates; `headers` maps such as x-amz-meta-* with their prefix), and the payload member
// as the body — raw bytes for blobs and strings, XML for structures. Operations whose
// model requires a checksum get x-amz-checksum-crc32, as botocore sends it.
#pragma once

#include "core/error.hpp"
#include "core/node.hpp"
#include "wire/http_message.hpp"
#include "wire/service_model.hpp"

namespace jg::wire {

// Method, path (path-style: "/BUCKET/KEY"; with `bucket_in_host` the bucket label is left
// out: "/KEY"), query, headers (no Host, no signature) and body. Errors "ParamValidation".
[[nodiscard]] Result<HttpRequest> rest_xml_request(const Operation& op, const Node& input, bool bucket_in_host);

}  // namespace jg::wire
