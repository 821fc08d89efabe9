#include "cloud/s3/s3_url.hpp"

#include "core/encoding.hpp"
#include "core/strings.hpp"

namespace jg::cloud::s3 {
namespace {

constexpr std::string_view k_suffix = ".amazonaws.com";

Unexpected unsupported() { return fail("ValidationError", "TemplateURL must be a supported URL."); }

// "s3", "s3.REGION" or "s3-REGION": true with the region (empty for plain "s3").
bool s3_label(std::string_view host, std::string& region) {
    if (host == "s3") {
        region.clear();
        return true;
    }
    if (host.starts_with("s3.") || host.starts_with("s3-")) {
        region = std::string(host.substr(3));
        // A Region name: lower-case letters, digits and dashes, no further dots.
        if (region.empty()) return false;
        for (char c : region)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
        return true;
    }
    return false;
}

Result<std::string> decode_key(std::string_view raw) {
    auto key = uri_decode(raw);
    if (!key || key->empty()) return unsupported();
    return key;
}

// "BUCKET/KEY" of a path-style URL.
Result<ObjectLocation> path_style(std::string_view path, std::string region) {
    const auto slash = path.find('/');
    if (slash == std::string_view::npos || slash == 0) return unsupported();
    auto key = decode_key(path.substr(slash + 1));
    if (!key) return Unexpected(key.error());
    return ObjectLocation{std::string(path.substr(0, slash)), std::move(*key), std::move(region)};
}

}  // namespace

Result<ObjectLocation> parse_object_url(std::string_view url, std::string_view local_authority) {
    // Scheme, authority, path; the query and fragment play no part in naming the object.
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return unsupported();
    const auto scheme = to_lower(url.substr(0, scheme_end));
    if (scheme != "https" && scheme != "http") return unsupported();
    auto rest = url.substr(scheme_end + 3);
    if (const auto q = rest.find_first_of("?#"); q != std::string_view::npos) rest = rest.substr(0, q);
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return unsupported();
    const std::string authority = to_lower(rest.substr(0, slash));
    const auto path = rest.substr(slash + 1);

    if (!local_authority.empty() && authority == to_lower(local_authority)) return path_style(path, {});

    // Only AWS's own S3 host names otherwise (the port, if any, is not part of them).
    std::string_view host = authority;
    if (!host.ends_with(k_suffix)) return unsupported();
    host.remove_suffix(k_suffix.size());
    std::string region;
    if (s3_label(host, region)) return path_style(path, std::move(region));

    // Virtual-hosted: BUCKET.<s3 label>. Bucket names may hold dots, so the s3 label is
    // the last dot-separated part(s) that form one: try "s3.REGION" before "s3"/"s3-REGION".
    for (const auto tail : {host.rfind(".s3."), host.rfind(".s3-"), host.rfind(".s3")}) {
        if (tail == std::string_view::npos || tail == 0) continue;
        if (!s3_label(host.substr(tail + 1), region)) continue;
        auto key = decode_key(path);
        if (!key) return Unexpected(key.error());
        return ObjectLocation{std::string(host.substr(0, tail)), std::move(*key), std::move(region)};
    }
    return unsupported();
}

}  // namespace jg::cloud::s3
