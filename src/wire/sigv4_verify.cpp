// SigV4 verification: what a request claims (Authorization header or presigned query),
// and whether its signature, date and expiry hold.
#include "wire/sigv4.hpp"

#include <algorithm>
#include <charconv>

#include "core/encoding.hpp"
#include "core/hash.hpp"
#include "core/strings.hpp"

namespace jg::wire {

namespace {

constexpr std::string_view k_signature_mismatch =
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details.";

bool is_s3(const CredentialScope& scope) { return scope.service == "s3"; }

Unexpected incomplete(std::string message) {
    return fail("IncompleteSignature", std::move(message));
}

// Reads "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…".
Result<SignatureClaim> parse_authorization_header(const SignableRequest& request,
                                                  std::string_view header) {
    SignatureClaim claim;
    std::string credential, signed_headers;
    const std::string prefix = std::string(k_sigv4_algorithm) + " ";
    if (header.starts_with(prefix)) {
        for (const auto& part : split(header.substr(prefix.size()), ',')) {
            const std::string item = trim(part);
            const auto eq = item.find('=');
            if (eq == std::string::npos) continue;
            const std::string key = item.substr(0, eq);
            const std::string value = item.substr(eq + 1);
            if (key == "Credential") credential = value;
            else if (key == "SignedHeaders") signed_headers = value;
            else if (key == "Signature") claim.signature = value;
        }
    }
    const auto x_amz_date = request.header("x-amz-date");
    const auto date = request.header("date");
    // AWS names every missing part at once, then quotes the header.
    std::string missing;
    if (credential.empty()) missing += "Authorization header requires 'Credential' parameter. ";
    if (claim.signature.empty()) missing += "Authorization header requires 'Signature' parameter. ";
    if (signed_headers.empty()) missing += "Authorization header requires 'SignedHeaders' parameter. ";
    if (!x_amz_date && !date)
        missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
    if (!missing.empty()) return incomplete(missing + "Authorization=" + std::string(header));

    const auto scope = split(credential, '/');
    if (scope.size() != 5 || scope[0].empty() || scope[1].size() != 8 || scope[2].empty() ||
        scope[3].empty() || scope[4] != "aws4_request")
        return incomplete("Credential is malformed; expecting "
                          "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\", got \"" +
                          credential + "\".");
    claim.access_key_id = scope[0];
    claim.scope = CredentialScope{scope[1], scope[2], scope[3]};
    claim.signed_headers = split(signed_headers, ';');
    for (auto& name : claim.signed_headers) name = to_lower(name);

    if (x_amz_date) {
        auto t = parse_amz_date(*x_amz_date);
        if (!t)
            return incomplete("Date must be in ISO-8601 'basic format'. Got '" +
                              std::string(*x_amz_date) + "'.");
        claim.time = *t;
        claim.amz_date = std::string(*x_amz_date);
    } else {
        auto t = parse_http_date(*date);
        if (!t) return incomplete("Date header is not an HTTP date: '" + std::string(*date) + "'.");
        claim.time = *t;
        claim.amz_date = format_amz_date(*t);
    }
    if (auto token = request.header("x-amz-security-token")) claim.session_token = *token;
    return claim;
}

Result<SignatureClaim> parse_presigned_query(
    const std::vector<std::pair<std::string, std::string>>& params) {
    auto param = [&](std::string_view name) -> std::optional<std::string> {
        for (const auto& [k, v] : params)
            if (k == name) return v;
        return std::nullopt;
    };
    auto error = [](std::string message) {
        return fail("AuthorizationQueryParametersError", std::move(message));
    };
    const auto algorithm = param("X-Amz-Algorithm");
    const auto credential = param("X-Amz-Credential");
    const auto signature = param("X-Amz-Signature");
    const auto date = param("X-Amz-Date");
    const auto signed_headers = param("X-Amz-SignedHeaders");
    const auto expires = param("X-Amz-Expires");
    if (!algorithm || !credential || !signature || !date || !signed_headers || !expires)
        return error("Query-string authentication version 4 requires the X-Amz-Algorithm, "
                     "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and "
                     "X-Amz-Expires parameters.");
    if (*algorithm != k_sigv4_algorithm)
        return error("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");

    SignatureClaim claim;
    claim.presigned = true;
    const auto scope = split(*credential, '/');
    if (scope.size() != 5 || scope[0].empty() || scope[1].size() != 8 || scope[2].empty() ||
        scope[3].empty() || scope[4] != "aws4_request")
        return error("Error parsing the X-Amz-Credential parameter; the Credential is "
                     "mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
    claim.access_key_id = scope[0];
    claim.scope = CredentialScope{scope[1], scope[2], scope[3]};
    auto t = parse_amz_date(*date);
    if (!t)
        return error("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    claim.time = *t;
    claim.amz_date = *date;
    std::int64_t seconds = -1;
    const auto [end, ec] = std::from_chars(expires->data(), expires->data() + expires->size(), seconds);
    if (ec != std::errc{} || end != expires->data() + expires->size() || seconds < 0)
        return error("X-Amz-Expires should be a number");
    if (seconds > k_max_presign_seconds)
        return error("X-Amz-Expires must be less than a week (in seconds) that is 604800");
    claim.expires_seconds = seconds;
    claim.signed_headers = split(*signed_headers, ';');
    for (auto& name : claim.signed_headers) name = to_lower(name);
    claim.signature = *signature;
    if (auto token = param("X-Amz-Security-Token")) claim.session_token = *token;
    return claim;
}

}  // namespace

// ---- verification ----

Result<SignatureClaim> parse_signature(const SignableRequest& request) {
    if (auto header = request.header("authorization"))
        return parse_authorization_header(request, *header);
    auto params = decode_query_string(request.query);
    if (!params) return Unexpected(params.error());
    for (const auto& [k, v] : *params)
        if (k == "X-Amz-Algorithm" || k == "X-Amz-Credential" || k == "X-Amz-Signature")
            return parse_presigned_query(*params);
    return fail("MissingAuthenticationToken", "Request is missing Authentication Token");
}

std::string signed_payload_hash(const SignableRequest& request, const SignatureClaim& claim,
                                std::string_view body) {
    if (!is_s3(claim.scope)) return sha256_hex(body);
    if (auto header = request.header("x-amz-content-sha256")) return std::string(*header);
    if (claim.presigned && is_s3(claim.scope)) return std::string(k_unsigned_payload);
    return sha256_hex(body);
}

std::vector<std::string> unsigned_amz_headers(const SignableRequest& request, const SignatureClaim& claim) {
    std::vector<std::string> out;
    for (const auto& h : request.headers) {
        std::string name = to_lower(h.name);
        if (!name.starts_with("x-amz-") || name == "x-amz-content-sha256") continue;
        if (std::find(claim.signed_headers.begin(), claim.signed_headers.end(), name) != claim.signed_headers.end())
            continue;
        out.push_back(std::move(name));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Result<void> verify_signature(const SignableRequest& request, const SignatureClaim& claim,
                              std::string_view secret_access_key, std::string_view payload_hash) {
    if (std::find(claim.signed_headers.begin(), claim.signed_headers.end(), "host") ==
        claim.signed_headers.end())
        return fail("SignatureDoesNotMatch",
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    if (claim.scope.date != std::string_view(claim.amz_date).substr(0, 8))
        return fail("SignatureDoesNotMatch",
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                    "date from HTTP: '" + claim.scope.date + "' != '" +
                        claim.amz_date.substr(0, 8) + "', from '" + claim.amz_date + "'.");
    auto canonical = canonical_request(request, claim.signed_headers, payload_hash,
                                       is_s3(claim.scope), claim.presigned);
    if (!canonical) return fail("SignatureDoesNotMatch", std::string(k_signature_mismatch));
    const std::string expected = signature_hex(signing_key(secret_access_key, claim.scope),
                                               string_to_sign(claim.amz_date, claim.scope, *canonical));
    if (!constant_time_equals(expected, to_lower(claim.signature)))
        return fail("SignatureDoesNotMatch", std::string(k_signature_mismatch));
    return {};
}

Result<void> check_request_time(const SignatureClaim& claim, Time now) {
    if (claim.presigned) {
        if (now > claim.time + std::chrono::seconds(claim.expires_seconds))
            return fail("AccessDenied", "Request has expired");
        if (claim.time - now > k_max_clock_skew)
            return fail("AccessDenied", "Request is not valid yet");
        return {};
    }
    const auto skew = now > claim.time ? now - claim.time : claim.time - now;
    if (skew > k_max_clock_skew)
        return fail("RequestTimeTooSkewed",
                    "The difference between the request time and the current time is too large.");
    return {};
}

}  // namespace jg::wire
