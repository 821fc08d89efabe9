// S3's REST-XML protocol (2006-03-01) as pure functions for the HTTP server: which
// requests are S3's and which bucket and key they name (path style and virtual-hosted
// style), an HttpRequest decoded into the local cloud's S3 action and input (the Node that
// cloud::Cloud::call takes), the call's output encoded as S3 answers it, and S3's own
// error format. Everything is driven by botocore's S3 model (member locations: uri,
// querystring, header, x-amz-meta-* headers, payload); the only per-operation table is
// the few XML root element names the model does not carry (s3_rest_encode.cpp).
//
// How the server uses it: `is_s3_request` picks the protocol; after verifying SigV4 (and
// de-chunking an aws-chunked body and verifying its checksum trailer, which never becomes
// a header), `decode` gives the action and input for
// cloud::Cloud::call(creds, "s3", call.action(), call.input, info) — `info.region` the
// credential scope's region, which CreateBucket uses — and `encode` turns the output into
// the response (keep its Content-Length: a HEAD response's is the object's). Any error on
// the way, the signature's included, goes through `encode_s3_error` with
// `s3_error_context(request, own_hosts)`. decode() itself verifies Content-MD5 and
// every x-amz-checksum-* header when they are sent.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/node.hpp"
#include "wire/http_message.hpp"
#include "wire/service_model.hpp"

namespace jg::wire {

inline constexpr std::string_view k_s3_namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
inline constexpr std::string_view k_s3_api_version = "2006-03-01";

// ---- routing ----

// The bucket and key a request names. Path style: `/BUCKET/KEY`; virtual-hosted style:
// a Host of `BUCKET.<one of the server's own host names>`, `BUCKET.s3.amazonaws.com`,
// `BUCKET.s3.REGION.amazonaws.com` (also `s3-REGION`, `s3.dualstack.REGION`) and `/KEY`.
struct S3Address {
    std::string bucket;  // empty: the service itself (ListBuckets)
    std::string key;     // percent-decoded; empty: the bucket itself
    bool virtual_hosted = false;
};

// Whether `request` is for S3: signed (Authorization header or presigned query) with the
// credential scope's service "s3"; unsigned, when its Host names a bucket or it is not an
// AWS Query call (a form POST or a query with `Action=`) — anonymous S3 requests exist.
// `own_hosts` are the server's own host names without port ("localhost", "127.0.0.1").
bool is_s3_request(const HttpRequest& request, std::span<const std::string> own_hosts);

// The bucket and key of an S3 request. Error InvalidURI for a malformed percent escape,
// InvalidBucketName for a path-style bucket that cannot be one.
Result<S3Address> s3_address(const HttpRequest& request, std::span<const std::string> own_hosts);

// ---- the codec ----

// A decoded request: the model operation (its name is the cloud's action), the input
// members shaped like botocore's input shape (strings, numbers, booleans, timestamps as
// ISO 8601 strings, blobs such as PutObject's Body as the raw bytes, x-amz-meta-* as the
// Metadata object with lower-case names), and where it points.
struct S3Call {
    const Operation* operation = nullptr;
    Node input;
    S3Address address;

    const std::string& action() const { return operation->name; }
};

// What the error encoder needs of the request an error answers.
struct S3ErrorContext {
    std::string method;    // "HEAD" errors have no body
    std::string resource;  // "/bucket/key", decoded
    std::string bucket;
    std::string key;
    // Elements S3 adds after Message for some errors (HeadersNotSigned, MaxSizeAllowed).
    std::vector<std::pair<std::string, std::string>> details;
};

class S3Rest {
public:
    // Over the S3 model built into the binary.
    [[nodiscard]] static Result<S3Rest> load();
    // Over a model already parsed (its protocol must be rest-xml).
    [[nodiscard]] static Result<S3Rest> from_model(ServiceModel model);

    S3Rest(S3Rest&&) noexcept = default;
    S3Rest& operator=(S3Rest&&) noexcept = default;

    const ServiceModel& model() const { return *m_model; }

    // The operation a request calls and its input. Errors (S3's codes): MethodNotAllowed
    // when no operation has that method and resource, NotImplemented when the operation
    // exists in S3 but not in the local cloud, InvalidURI, InvalidArgument for a header or
    // query value of the wrong type, MalformedXML for a body that does not parse (invalid
    // UTF-8, an element the schema does not have), and InvalidDigest/BadDigest/
    // InvalidRequest from Content-MD5 and the x-amz-checksum-* headers.
    [[nodiscard]] Result<S3Call> decode(const HttpRequest& request, std::span<const std::string> own_hosts) const;

    // The HTTP response for `output` of `operation` (the cloud's Node): header members as
    // headers (Last-Modified as an HTTP date, Metadata as x-amz-meta-*), a blob or string
    // payload raw (GetObject's Body, GetBucketPolicy's Policy), other body members as XML
    // in S3's namespace, the model's status (204 for deletes; 206 for a part of an object,
    // an output with Content-Range). HEAD responses keep their
    // headers (Content-Length the object's) and have no body. Error InternalFailure when
    // the Node does not fit the output shape (a handler bug, never a half-written body).
    [[nodiscard]] Result<HttpResponse> encode(const Operation& operation, const Node& output,
                                              std::string_view request_id) const;

    // The operation of this name, or null.
    const Operation* find_operation(std::string_view name) const { return m_model->find_operation(name); }

    // How an operation is recognised: its method, whether its URI has a bucket and a key,
    // and the sub-resources its requestUri names (`?policy`, `?list-type=2`).
    struct Route {
        const Operation* operation = nullptr;
        std::string method;
        bool bucket = false;
        bool key = false;
        std::vector<std::pair<std::string, std::string>> subresources;  // value "" = any
    };

private:
    explicit S3Rest(std::unique_ptr<ServiceModel> model) : m_model(std::move(model)) {}
    std::unique_ptr<ServiceModel> m_model;  // shapes point into it: kept at a stable address
    std::vector<Route> m_routes;            // every operation of the model with a REST URI
};

// S3's error document, `<Error><Code/><Message/>[<BucketName/>|<Key/>]<Resource/>
// <RequestId/><HostId/></Error>`, with the HTTP status of cloud/s3/errors.hpp's table (400
// for a code it lacks). The generic SigV4 codes are answered in S3's words:
// InvalidClientTokenId → InvalidAccessKeyId, IncompleteSignature →
// AuthorizationHeaderMalformed, MissingAuthenticationToken → AccessDenied, InternalFailure
// → InternalError. A HEAD request gets the status and headers only.
HttpResponse encode_s3_error(const Error& error, const S3ErrorContext& context, std::string_view request_id);

// The context of `request`: its method, and the bucket, key and resource its address names
// (as far as they can be read; a malformed path leaves them empty).
S3ErrorContext s3_error_context(const HttpRequest& request, std::span<const std::string> own_hosts);

}  // namespace jg::wire
