// The computations behind Fn::Base64 and Fn::Cidr, free of template concerns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace jg::cfn {

// Standard base64 with padding.
std::string base64_encode(std::string_view in);

// Fn::Cidr: `count` (1-256) subnets of 2^`bits` addresses each, carved in order from the
// IPv4 or IPv6 `block`; the error says why the request cannot be met.
tl::expected<std::vector<std::string>, std::string> cidr_subnets(const std::string& block, long long count,
                                                                 long long bits);

}  // namespace jg::cfn
