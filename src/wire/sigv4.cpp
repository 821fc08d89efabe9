#include "wire/sigv4.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>

#include "core/encoding.hpp"
#include "core/hash.hpp"
#include "core/strings.hpp"

namespace jg::wire {

namespace {

// Headers botocore never signs: hop-by-hop ones, and those proxies or clients rewrite.
constexpr std::string_view k_unsigned_headers[] = {
    "connection", "expect",  "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
    "trailer",    "transfer-encoding", "upgrade", "user-agent",   "x-amzn-trace-id",
    "authorization"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// SigV4's Trimall: no leading or trailing whitespace, inner runs become one space.
std::string trim_all(std::string_view value) {
    std::string out;
    bool pending_space = false;
    for (char c : value) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

// RFC 3986 §5.2.4 with AWS's extra rule that empty segments disappear too.
std::string remove_dot_segments(std::string_view path) {
    if (path.empty()) return "/";
    std::vector<std::string> out;
    for (auto& segment : split(path, '/')) {
        if (segment.empty() || segment == ".") continue;
        if (segment == "..") {
            if (!out.empty()) out.pop_back();
        } else {
            out.push_back(std::move(segment));
        }
    }
    std::string result = path.front() == '/' ? "/" : "";
    result += join(out, "/");
    if (path.back() == '/' && !out.empty()) result += '/';
    return result;
}

bool is_s3(const CredentialScope& scope) { return scope.service == "s3"; }

std::vector<std::string> headers_to_sign(const SignableRequest& request) {
    std::vector<std::string> names;
    for (const auto& h : request.headers) {
        std::string lower = to_lower(h.name);
        if (std::find(std::begin(k_unsigned_headers), std::end(k_unsigned_headers), lower) ==
            std::end(k_unsigned_headers))
            names.push_back(std::move(lower));
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

void remove_header(SignableRequest& request, std::string_view name) {
    std::erase_if(request.headers, [&](const Header& h) { return iequals(h.name, name); });
}

}  // namespace

// ---- query strings ----

Result<std::vector<std::pair<std::string, std::string>>> decode_query_string(std::string_view raw) {
    std::vector<std::pair<std::string, std::string>> out;
    if (raw.empty()) return out;
    for (const auto& piece : split(raw, '&')) {
        if (piece.empty()) continue;
        const auto eq = piece.find('=');
        // '+' is a space, as in form encoding: botocore sends its query parameters that
        // way while signing them as %20.
        auto key = uri_decode(std::string_view(piece).substr(0, eq), true);
        auto value = uri_decode(eq == std::string::npos ? std::string_view()
                                                        : std::string_view(piece).substr(eq + 1),
                                true);
        if (!key || !value)
            return fail("InvalidQueryString", "malformed percent escape in query parameter '" +
                                                  piece + "'");
        out.emplace_back(std::move(*key), std::move(*value));
    }
    return out;
}

// ---- request and scope ----

std::vector<std::string_view> SignableRequest::header_values(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& h : headers)
        if (iequals(h.name, name)) out.push_back(h.value);
    return out;
}

std::optional<std::string_view> SignableRequest::header(std::string_view name) const {
    for (const auto& h : headers)
        if (iequals(h.name, name)) return std::string_view(h.value);
    return std::nullopt;
}

std::string CredentialScope::str() const {
    return date + "/" + region + "/" + service + "/aws4_request";
}

// ---- the algorithm ----

std::string canonical_uri(std::string_view raw_path, bool s3) {
    if (s3) {
        if (raw_path.empty()) return "/";
        // Re-encoding the decoded path makes equivalent encodings (%7E vs ~) sign alike.
        auto decoded = uri_decode(raw_path);
        return decoded ? uri_encode(*decoded, true) : std::string(raw_path);
    }
    return uri_encode(remove_dot_segments(raw_path), true);
}

Result<std::string> canonical_query(std::string_view raw_query, bool presigned) {
    auto params = decode_query_string(raw_query);
    if (!params) return Unexpected(params.error());
    std::vector<std::pair<std::string, std::string>> encoded;
    for (const auto& [k, v] : *params) {
        if (presigned && k == "X-Amz-Signature") continue;
        encoded.emplace_back(uri_encode(k), uri_encode(v));
    }
    std::sort(encoded.begin(), encoded.end());
    std::string out;
    for (const auto& [k, v] : encoded) {
        if (!out.empty()) out += '&';
        out += k;
        out += '=';
        out += v;
    }
    return out;
}

std::string signed_headers_list(std::vector<std::string> names) {
    for (auto& n : names) n = to_lower(n);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return join(names, ";");
}

Result<std::string> canonical_headers(const SignableRequest& request,
                                      const std::vector<std::string>& signed_names) {
    std::string out;
    for (const auto& name : signed_names) {
        const auto values = request.header_values(name);
        if (values.empty())
            return fail("SignatureDoesNotMatch",
                        "signed header '" + name + "' is missing from the request");
        out += name;
        out += ':';
        for (size_t i = 0; i < values.size(); ++i) {
            if (i > 0) out += ',';
            out += trim_all(values[i]);
        }
        out += '\n';
    }
    return out;
}

Result<std::string> canonical_request(const SignableRequest& request,
                                      const std::vector<std::string>& signed_names,
                                      std::string_view payload_hash, bool s3, bool presigned) {
    auto query = canonical_query(request.query, presigned);
    if (!query) return query;
    auto headers = canonical_headers(request, signed_names);
    if (!headers) return headers;
    std::string method = request.method;
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return method + "\n" + canonical_uri(request.path, s3) + "\n" + *query + "\n" + *headers +
           "\n" + join(signed_names, ";") + "\n" + std::string(payload_hash);
}

std::string string_to_sign(std::string_view amz_date, const CredentialScope& scope,
                           std::string_view canonical_request) {
    return std::string(k_sigv4_algorithm) + "\n" + std::string(amz_date) + "\n" + scope.str() +
           "\n" + sha256_hex(canonical_request);
}

std::string signing_key(std::string_view secret_access_key, const CredentialScope& scope) {
    const std::string k_date = hmac_sha256("AWS4" + std::string(secret_access_key), scope.date);
    const std::string k_region = hmac_sha256(k_date, scope.region);
    const std::string k_service = hmac_sha256(k_region, scope.service);
    return hmac_sha256(k_service, "aws4_request");
}

std::string signature_hex(std::string_view key, std::string_view string_to_sign) {
    return hex_encode(hmac_sha256(key, string_to_sign));
}

// ---- signing ----

Result<void> sign_request(SignableRequest& request, const Credentials& credentials,
                          const SignOptions& options) {
    if (!request.header("host")) return fail("InvalidRequest", "cannot sign a request without a Host header");
    const CredentialScope scope{format_date_stamp(options.time), options.region, options.service};
    const std::string amz_date = format_amz_date(options.time);

    // As botocore: a Date header, when present, carries the time instead of X-Amz-Date.
    remove_header(request, "authorization");
    remove_header(request, "x-amz-date");
    if (request.header("date")) {
        remove_header(request, "date");
        request.headers.push_back({"Date", format_http_date(options.time)});
    } else {
        request.headers.push_back({"X-Amz-Date", amz_date});
    }
    remove_header(request, "x-amz-security-token");
    if (!credentials.session_token.empty())
        request.headers.push_back({"X-Amz-Security-Token", credentials.session_token});
    if (is_s3(scope)) {
        remove_header(request, "x-amz-content-sha256");
        request.headers.push_back({"X-Amz-Content-SHA256", options.payload_hash});
    }
    const std::string payload(request.header("x-amz-content-sha256").value_or(options.payload_hash));

    const auto names = headers_to_sign(request);
    auto canonical = canonical_request(request, names, payload, is_s3(scope), false);
    if (!canonical) return Unexpected(canonical.error());
    const std::string signature =
        signature_hex(signing_key(credentials.secret_access_key, scope),
                      string_to_sign(amz_date, scope, *canonical));
    request.headers.push_back(
        {"Authorization", std::string(k_sigv4_algorithm) + " Credential=" +
                              credentials.access_key_id + "/" + scope.str() +
                              ", SignedHeaders=" + join(names, ";") + ", Signature=" + signature});
    return {};
}

Result<void> presign_request(SignableRequest& request, const Credentials& credentials,
                             const SignOptions& options, std::int64_t expires_seconds) {
    if (!request.header("host")) return fail("InvalidRequest", "cannot sign a request without a Host header");
    if (expires_seconds < 1 || expires_seconds > k_max_presign_seconds)
        return fail("InvalidRequest", "presigned URLs expire after 1 to 604800 seconds");
    const CredentialScope scope{format_date_stamp(options.time), options.region, options.service};
    const std::string amz_date = format_amz_date(options.time);
    const auto names = headers_to_sign(request);

    std::vector<std::pair<std::string, std::string>> auth = {
        {"X-Amz-Algorithm", std::string(k_sigv4_algorithm)},
        {"X-Amz-Credential", credentials.access_key_id + "/" + scope.str()},
        {"X-Amz-Date", amz_date},
        {"X-Amz-Expires", std::to_string(expires_seconds)},
        {"X-Amz-SignedHeaders", join(names, ";")}};
    if (!credentials.session_token.empty())
        auth.emplace_back("X-Amz-Security-Token", credentials.session_token);
    for (const auto& [k, v] : auth) {
        if (!request.query.empty()) request.query += '&';
        request.query += uri_encode(k) + "=" + uri_encode(v);
    }

    const std::string payload(request.header("x-amz-content-sha256")
                                  .value_or(is_s3(scope) ? k_unsigned_payload
                                                         : std::string_view(options.payload_hash)));
    auto canonical = canonical_request(request, names, payload, is_s3(scope), true);
    if (!canonical) return Unexpected(canonical.error());
    request.query += "&X-Amz-Signature=" +
                     signature_hex(signing_key(credentials.secret_access_key, scope),
                                   string_to_sign(amz_date, scope, *canonical));
    return {};
}

// ---- aws-chunked ----

std::string chunk_signature(std::string_view key, std::string_view amz_date,
                            const CredentialScope& scope, std::string_view previous_signature,
                            std::string_view chunk_data) {
    const std::string sts = "AWS4-HMAC-SHA256-PAYLOAD\n" + std::string(amz_date) + "\n" +
                            scope.str() + "\n" + std::string(previous_signature) + "\n" +
                            std::string(k_empty_sha256) + "\n" + sha256_hex(chunk_data);
    return signature_hex(key, sts);
}

}  // namespace jg::wire
