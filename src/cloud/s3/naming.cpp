#include "cloud/s3/naming.hpp"

#include <array>

#include <fmt/format.h>

namespace jg::cloud::s3 {
namespace {

// The Regions of the aws partition other than us-east-1 (which has no constraint).
// botocore's BucketLocationConstraint enum lags behind the Regions AWS has opened, so the
// list is AWS's Regions table; the other partitions (cn-, us-gov-) are not part of it.
constexpr std::array<std::string_view, 33> k_constraints = {
    "af-south-1",     "ap-east-1",      "ap-east-2",      "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "ap-south-1",     "ap-south-2",     "ap-southeast-1", "ap-southeast-2",
    "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1",   "ca-west-1",      "eu-central-1",   "eu-central-2",   "eu-north-1",
    "eu-south-1",     "eu-south-2",     "eu-west-1",      "eu-west-2",      "eu-west-3",
    "il-central-1",   "me-central-1",   "me-south-1",     "mx-central-1",   "sa-east-1",
    "us-east-2",      "us-west-1",      "us-west-2",
};

constexpr std::string_view k_us_east_1 = "us-east-1";

constexpr std::array<std::string_view, 3> k_reserved_prefixes = {"xn--", "sthree-", "amzn-s3-demo-"};
constexpr std::array<std::string_view, 5> k_reserved_suffixes = {"-s3alias", "--ol-s3", ".mrap", "--x-s3",
                                                                 "--table-s3"};

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Four dot-separated runs of 1–3 digits: what AWS means by "formatted as an IP address".
bool looks_like_ipv4(std::string_view name) {
    int groups = 0;
    std::size_t run = 0;
    for (char c : name) {
        if (c >= '0' && c <= '9') {
            if (++run > 3) return false;
        } else if (c == '.') {
            if (run == 0) return false;
            ++groups;
            run = 0;
        } else {
            return false;
        }
    }
    return run > 0 && groups == 3;
}

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t extra = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + extra >= s.size()) return false;  // truncated sequence
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (d & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
        i += extra + 1;
    }
    return true;
}

Unexpected invalid_bucket_name() { return fail("InvalidBucketName", "The specified bucket is not valid."); }

Unexpected incompatible(std::string_view constraint) {
    return fail("IllegalLocationConstraintException",
                fmt::format("The {} location constraint is incompatible for the region specific endpoint "
                            "this request was sent to.",
                            constraint));
}

}  // namespace

Result<void> validate_bucket_name(std::string_view name) {
    if (name.size() < 3 || name.size() > 63) return invalid_bucket_name();
    for (char c : name)
        if (!is_lower_alnum(c) && c != '.' && c != '-') return invalid_bucket_name();
    if (!is_lower_alnum(name.front()) || !is_lower_alnum(name.back())) return invalid_bucket_name();
    if (name.find("..") != std::string_view::npos) return invalid_bucket_name();
    if (looks_like_ipv4(name)) return invalid_bucket_name();
    for (auto prefix : k_reserved_prefixes)
        if (name.starts_with(prefix)) return invalid_bucket_name();
    for (auto suffix : k_reserved_suffixes)
        if (name.ends_with(suffix)) return invalid_bucket_name();
    return {};
}

Result<void> validate_object_key(std::string_view key) {
    if (key.empty()) return fail("InvalidArgument", "the object key must not be empty");
    if (key.size() > k_max_key_bytes) return fail("KeyTooLongError", "Your key is too long");
    if (!valid_utf8(key)) return fail("InvalidArgument", "the object key is not valid UTF-8");
    return {};
}

bool is_location_constraint(std::string_view value) {
    if (value == "EU") return true;
    for (auto c : k_constraints)
        if (c == value) return true;
    return false;
}

Result<std::string> resolve_bucket_region(std::string_view endpoint_region, std::string_view constraint) {
    if (constraint.empty()) {
        if (endpoint_region != k_us_east_1) return incompatible("unspecified");
        return std::string(k_us_east_1);
    }
    if (endpoint_region == k_us_east_1) {
        if (!is_location_constraint(constraint))
            return fail("InvalidLocationConstraint", "The specified location-constraint is not valid");
    } else {
        const bool eu_alias = constraint == "EU" && endpoint_region == "eu-west-1";
        if (constraint != endpoint_region && !eu_alias) return incompatible(constraint);
        // An endpoint region that is no Region at all (a made-up SigV4 scope).
        if (!is_location_constraint(constraint))
            return fail("InvalidLocationConstraint", "The specified location-constraint is not valid");
    }
    return constraint == "EU" ? std::string("eu-west-1") : std::string(constraint);
}

}  // namespace jg::cloud::s3
