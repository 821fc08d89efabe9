#include "wire/client/endpoints.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/strings.hpp"

namespace jg::wire {
namespace {

Unexpected bad_url(std::string_view url, std::string_view why) {
    return fail("InvalidEndpointUrl", fmt::format("invalid endpoint URL \"{}\": {}", url, why));
}

bool is_region(std::string_view region) {
    if (region.empty() || region.size() > 32 || region.front() == '-' || region.back() == '-') return false;
    for (char c : region)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

bool is_virtual_host_bucket(std::string_view bucket) {
    if (bucket.size() < 3 || bucket.size() > 63) return false;
    if (!lower_alnum(bucket.front()) || !lower_alnum(bucket.back())) return false;
    for (char c : bucket)
        if (!lower_alnum(c) && c != '-') return false;
    return true;
}

Result<EndpointUrl> parse_endpoint_url(std::string_view url) {
    EndpointUrl out;
    auto sep = url.find("://");
    if (sep == std::string_view::npos) return bad_url(url, "it has no scheme (expected http:// or https://)");
    out.scheme = to_lower(url.substr(0, sep));
    if (out.scheme != "http" && out.scheme != "https")
        return bad_url(url, fmt::format("the scheme '{}' is not http or https", out.scheme));
    std::string_view rest = url.substr(sep + 3);
    if (rest.find_first_of("?#") != std::string_view::npos) return bad_url(url, "it has a query or fragment");
    auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) out.path = std::string(rest.substr(slash));
    while (!out.path.empty() && out.path.back() == '/') out.path.pop_back();
    if (authority.find('@') != std::string_view::npos) return bad_url(url, "credentials in the URL are not supported");
    // "[::1]:4599", "host:4599", "host".
    size_t host_end = authority.size();
    if (authority.starts_with('[')) {
        auto close = authority.find(']');
        if (close == std::string_view::npos) return bad_url(url, "an IPv6 address is missing its ']'");
        host_end = close + 1;
    } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        host_end = colon;
    }
    out.host = std::string(authority.substr(0, host_end));
    if (out.host.empty()) return bad_url(url, "it has no host");
    if (host_end < authority.size()) {
        if (authority[host_end] != ':') return bad_url(url, "unexpected text after the host");
        std::string_view port = authority.substr(host_end + 1);
        int value = 0;
        auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535)
            return bad_url(url, fmt::format("the port '{}' is not a number from 1 to 65535", port));
        bool default_port = (out.scheme == "http" && value == 80) || (out.scheme == "https" && value == 443);
        if (!default_port) out.port = std::string(port);
    }
    return out;
}

Result<ResolvedEndpoint> resolve_endpoint(const std::optional<EndpointUrl>& custom, std::string_view service,
                                          std::string_view region, std::string_view bucket) {
    if (!is_region(region)) return fail("InvalidRegion", fmt::format("'{}' is not a region name", region));
    ResolvedEndpoint out;
    out.signing_region = std::string(region);
    if (custom) {
        out.host = custom->port.empty() ? custom->host : custom->host + ":" + custom->port;
        out.origin = custom->scheme + "://" + out.host;
        out.path_prefix = custom->path;
        return out;
    }
    const bool china = region.starts_with("cn-");
    const bool gov = region.starts_with("us-gov-");
    const std::string suffix = china ? "amazonaws.com.cn" : "amazonaws.com";
    if (service == "iam") {
        // IAM is global per partition, with one signing region.
        if (china) {
            out.host = "iam.cn-north-1.amazonaws.com.cn";
            out.signing_region = "cn-north-1";
        } else if (gov) {
            out.host = "iam.us-gov.amazonaws.com";
            out.signing_region = "us-gov-west-1";
        } else {
            out.host = "iam.amazonaws.com";
            out.signing_region = "us-east-1";
        }
    } else if (service == "sts" || service == "cloudformation") {
        out.host = fmt::format("{}.{}.{}", service, region, suffix);
    } else if (service == "s3") {
        // us-east-1 is S3's global endpoint (what botocore uses there).
        const std::string s3_host = region == "us-east-1" ? std::string("s3.amazonaws.com")
                                                          : fmt::format("s3.{}.{}", region, suffix);
        out.bucket_in_host = is_virtual_host_bucket(bucket);
        out.host = out.bucket_in_host ? fmt::format("{}.{}", bucket, s3_host) : s3_host;
    } else {
        return fail("UnknownService", fmt::format("no endpoint is known for the service '{}'", service));
    }
    out.origin = "https://" + out.host;
    return out;
}

}  // namespace jg::wire
