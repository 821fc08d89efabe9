// Which requests are S3's, and the bucket and key they name (path or virtual-hosted style).
#include "wire/s3_rest.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/encoding.hpp"
#include "core/strings.hpp"

namespace jg::wire {
namespace {

// The Host header's name, lower-case, without the port (an IPv6 literal keeps its brackets).
std::string host_name(const HttpRequest& request) {
    std::string host = to_lower(trim(request.header("host").value_or("")));
    if (host.starts_with('[')) {
        const auto close = host.find(']');
        return close == std::string::npos ? host : host.substr(0, close + 1);
    }
    if (const auto colon = host.rfind(':'); colon != std::string::npos) host.resize(colon);
    if (host.ends_with('.')) host.pop_back();  // a fully qualified name
    return host;
}

// The bucket a virtual-hosted Host names, or "" for a path-style request. A host is
// virtual-hosted when it is `BUCKET.` + one of the server's own names, or an S3 endpoint
// of AWS with a bucket in front: `BUCKET.s3[.-]…amazonaws.com` (the rightmost label that
// is "s3" or "s3-REGION" starts the endpoint, so bucket names with dots survive).
std::string bucket_of_host(std::string_view host, std::span<const std::string> own_hosts) {
    for (const auto& own : own_hosts) {
        const std::string name = to_lower(own);
        if (host == name) return {};
        if (host.size() > name.size() + 1 && host.ends_with(name) && host[host.size() - name.size() - 1] == '.')
            return std::string(host.substr(0, host.size() - name.size() - 1));
    }
    constexpr std::string_view aws = ".amazonaws.com";
    if (!host.ends_with(aws)) return {};
    const auto labels = split(host.substr(0, host.size() - aws.size()), '.');
    for (std::size_t i = labels.size(); i-- > 0;) {
        if (labels[i] != "s3" && !labels[i].starts_with("s3-")) continue;
        if (i == 0) return {};
        std::vector<std::string> bucket(labels.begin(), labels.begin() + static_cast<std::ptrdiff_t>(i));
        return join(bucket, ".");
    }
    return {};
}

// The service of a SigV4 credential scope in an Authorization header or X-Amz-Credential
// (also when the rest of the signature is malformed, so the error is answered by S3).
std::string signed_service(const HttpRequest& request) {
    std::string credential;
    if (auto auth = request.header("authorization")) {
        const auto at = auth->find("Credential=");
        if (at != std::string_view::npos) {
            credential = std::string(auth->substr(at + 11));
            credential = credential.substr(0, credential.find_first_of(", "));
        }
    } else if (auto params = decode_query_string(request.query)) {
        for (const auto& [name, value] : *params)
            if (name == "X-Amz-Credential") credential = value;
    }
    const auto parts = split(credential, '/');
    return parts.size() == 5 ? parts[3] : std::string();
}

bool is_query_call(const HttpRequest& request) {
    if (request.method == "POST" && request.path == "/" &&
        starts_with_icase(request.header("content-type").value_or(""), "application/x-www-form-urlencoded"))
        return true;
    if (auto params = decode_query_string(request.query))
        return std::any_of(params->begin(), params->end(), [](const auto& p) { return p.first == "Action"; });
    return false;
}

}  // namespace

bool is_s3_request(const HttpRequest& request, std::span<const std::string> own_hosts) {
    const std::string service = signed_service(request);
    if (!service.empty()) return service == "s3";
    if (!bucket_of_host(host_name(request), own_hosts).empty()) return true;
    return !is_query_call(request);
}

Result<S3Address> s3_address(const HttpRequest& request, std::span<const std::string> own_hosts) {
    S3Address address;
    std::string_view path = request.path;
    if (!path.starts_with('/')) return fail("InvalidURI", "Couldn't parse the specified URI.");
    path.remove_prefix(1);
    address.bucket = bucket_of_host(host_name(request), own_hosts);
    std::string_view raw_key = path;
    if (address.bucket.empty()) {
        const auto slash = path.find('/');
        auto bucket = uri_decode(path.substr(0, slash));
        if (!bucket) return fail("InvalidURI", "Couldn't parse the specified URI.");
        address.bucket = std::move(*bucket);
        raw_key = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        if (address.bucket.find('/') != std::string::npos)
            return fail("InvalidBucketName", "The specified bucket is not valid.");
    } else {
        address.virtual_hosted = true;
    }
    auto key = uri_decode(raw_key);
    if (!key) return fail("InvalidURI", "Couldn't parse the specified URI.");
    address.key = std::move(*key);
    return address;
}

S3ErrorContext s3_error_context(const HttpRequest& request, std::span<const std::string> own_hosts) {
    S3ErrorContext context;
    context.method = request.method;
    auto address = s3_address(request, own_hosts);
    if (!address) {
        context.resource = request.path;
        return context;
    }
    context.bucket = address->bucket;
    context.key = address->key;
    context.resource = address->key.empty() ? fmt::format("/{}", address->bucket)
                                             : fmt::format("/{}/{}", address->bucket, address->key);
    return context;
}

}  // namespace jg::wire
