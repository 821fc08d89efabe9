// AWS Query requests (IAM, STS, CloudFormation) as botocore writes them: the operation's
// input Node, checked against the input shape, flattened into form parameters — Action
// and Version first, nested structures as `A.B`, lists as `A.member.N` (flattened lists
// `A.N`, element locationNames honoured), maps as `A.entry.N.key`/`.value`, an empty list
// as `A=` — in the input's member order, percent-encoded as botocore encodes them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/node.hpp"
#include "wire/service_model.hpp"

namespace jg::wire {

inline constexpr std::string_view k_form_content_type = "application/x-www-form-urlencoded; charset=utf-8";

using FormParams = std::vector<std::pair<std::string, std::string>>;

// The parameters. Errors "ParamValidation" (unknown, missing required or mistyped input).
[[nodiscard]] Result<FormParams> query_params(const ServiceModel& model, const Operation& op, const Node& input);

// `name=value&…` as botocore writes it: a space as '+', everything but A-Z a-z 0-9
// - _ . ~ percent-encoded.
std::string form_encode(const FormParams& params);

}  // namespace jg::wire
