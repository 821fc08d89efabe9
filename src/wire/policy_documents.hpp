// IAM answers policy documents (shape "policyDocumentType": GetUserPolicy, GetRole's
// AssumeRolePolicyDocument, GetPolicyVersion, ListRoles, GetAccountAuthorizationDetails, …)
// percent-encoded as RFC 3986 says, and the SDKs decode them (botocore's
// json_decode_policies): the server encodes these strings, the client decodes them.
#pragma once

#include "wire/service_model.hpp"

namespace jg::wire {

inline bool is_url_encoded_document(const Shape& shape) {
    return shape.type == ShapeType::string && shape.name == "policyDocumentType";
}

}  // namespace jg::wire
