// AWS Query responses: the output Node written as XML by the operation's output shape,
// and the error envelope with the HTTP status the service model gives each error code.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/node.hpp"
#include "wire/service_model.hpp"

namespace jg::wire {

inline constexpr std::string_view k_query_content_type = "text/xml";

// `<OpResponse xmlns="NS"><OpResult>…</OpResult><ResponseMetadata><RequestId>…` with the
// members in the shape's order, lists as <member>, maps as <entry><key/><value/></entry>,
// timestamps in ISO 8601 (from an ISO string or epoch seconds), booleans true/false and
// blobs (raw bytes in the Node) in base64. An operation without output gets just the
// ResponseMetadata. A Node that does not fit the shape (a member the shape lacks, a wrong
// kind) is an InternalFailure naming the member: a handler bug, never a half-written body.
[[nodiscard]] Result<std::string> encode_query_response(const ServiceModel& model, const Operation& op,
                                                        const Node& output, std::string_view request_id);

// How an error code is answered: the model's exception shape with that code, else the
// errors common to every Query service (AccessDenied 403, InvalidClientTokenId 403, …),
// else 400 Sender.
ErrorInfo query_error_info(const ServiceModel& model, std::string_view code);

struct QueryErrorReply {
    int http_status = 400;
    std::string body;
};

// `<ErrorResponse xmlns="NS"><Error><Type>Sender|Receiver</Type><Code/><Message/></Error>
// <RequestId/></ErrorResponse>` and its HTTP status.
QueryErrorReply encode_query_error(const ServiceModel& model, std::string_view code, std::string_view message,
                                   std::string_view request_id);
// The same for an Error from any layer (its code and message; the location is dropped).
inline QueryErrorReply encode_query_error(const ServiceModel& model, const Error& error, std::string_view request_id) {
    return encode_query_error(model, error.code, error.message, request_id);
}

}  // namespace jg::wire
