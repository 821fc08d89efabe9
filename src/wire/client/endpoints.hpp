// Where a client sends a service's requests and which region it signs them for: one
// endpoint URL for every service (like the aws CLI's --endpoint-url, S3 path-style
// there), or AWS's own endpoints — IAM global (iam.amazonaws.com, signed for us-east-1),
// STS and CloudFormation regional, S3 virtual-hosted (BUCKET.s3.REGION.amazonaws.com,
// BUCKET.s3.amazonaws.com in us-east-1) for DNS-compatible bucket names and path-style
// otherwise — the URLs botocore builds.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jg::wire {

struct EndpointUrl {
    std::string scheme;  // "http" or "https"
    std::string host;    // "127.0.0.1", "[::1]", "example.com"
    std::string port;    // empty for the scheme's default
    std::string path;    // "" or "/prefix" (no trailing slash): prepended to every path
};

// "http://127.0.0.1:4599", "https://host/prefix/". Error "InvalidEndpointUrl" (another
// scheme, no host, a bad port, a query or fragment).
[[nodiscard]] Result<EndpointUrl> parse_endpoint_url(std::string_view url);

struct ResolvedEndpoint {
    std::string origin;          // "https://iam.amazonaws.com", "http://127.0.0.1:4599"
    std::string host;            // the Host header: host, and ":port" unless the default
    std::string path_prefix;     // "" or "/prefix"
    std::string signing_region;  // the credential scope's region
    bool bucket_in_host = false; // S3 virtual-hosted: the bucket is not in the path
};

// `custom` set: that URL for every service, signed for `region`. Otherwise AWS's endpoint
// of `service` ("iam", "sts", "cloudformation", "s3") in `region` (partition by region
// prefix: cn-* is amazonaws.com.cn, us-gov-* uses GovCloud's IAM). `bucket` is the S3
// bucket of the request, if any. Errors: "InvalidRegion" (not a region name),
// "UnknownService".
[[nodiscard]] Result<ResolvedEndpoint> resolve_endpoint(const std::optional<EndpointUrl>& custom,
                                                        std::string_view service, std::string_view region,
                                                        std::string_view bucket = {});

// S3's rule for buckets that can be a host name label: 3-63 lower-case letters, digits
// and hyphens, starting and ending with a letter or digit (no dots: TLS certificates of
// *.s3.REGION.amazonaws.com cover one label only).
bool is_virtual_host_bucket(std::string_view bucket);

}  // namespace jg::wire
