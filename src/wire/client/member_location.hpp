// Where a member travels in a REST request or response, read from the model's
// "location" string once so that the client's serialisers can switch on it.
#pragma once

#include "wire/service_model.hpp"

namespace jg::wire {

enum class MemberLocation { body, uri, querystring, header, headers, status_code };

inline MemberLocation member_location(const ShapeRef& ref) {
    const std::string& l = ref.location;
    if (l == "uri") return MemberLocation::uri;
    if (l == "querystring") return MemberLocation::querystring;
    if (l == "header") return MemberLocation::header;
    if (l == "headers") return MemberLocation::headers;
    if (l == "statusCode") return MemberLocation::status_code;
    return MemberLocation::body;
}

}  // namespace jg::wire
