// A botocore service model (service-2.json) indexed for the wire layer: which operations
// exist, the shape of their input and output, and the errors with their HTTP status. The
// Query codec is driven entirely by it, so no operation needs hand-written parsing or XML.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "wire/query_pattern.hpp"

namespace jg::wire {

enum class ShapeType { structure, list, map, string, integer, long_integer, float_number, double_number, boolean, timestamp, blob };

const char* shape_type_name(ShapeType type);

struct Shape;

// A use of a shape: a structure member, a list element or a map key/value, with the name
// it has on the wire.
struct ShapeRef {
    std::string name;           // member name ("UserName"); empty for list elements and map parts
    const Shape* shape = nullptr;
    std::string location_name;  // "locationName" of the member or the list/map part; may be empty
    bool flattened = false;     // "flattened" on the reference itself
    bool required = false;      // listed in the structure's "required"
    // REST protocols: where the member travels — "uri", "querystring", "header", "headers"
    // (a map under the locationName prefix), "statusCode"; empty for the body.
    std::string location;
    std::string xml_namespace;   // "xmlNamespace": {"uri": …} of a REST-XML payload member
    bool xml_attribute = false;  // written as an attribute of the enclosing element

    // The element name on the wire: the locationName, else the member name.
    const std::string& wire_name() const { return location_name.empty() ? name : location_name; }
};

struct ErrorInfo {
    std::string code;      // "error.code", else the shape name
    int http_status = 400;
    bool sender_fault = false;  // Type Sender (true) or Receiver
};

struct Shape {
    std::string name;
    ShapeType type = ShapeType::string;
    std::vector<ShapeRef> members;  // structure, in model order
    ShapeRef element;               // list
    ShapeRef key;                   // map
    ShapeRef value;                 // map
    bool flattened = false;
    bool sensitive = false;
    std::optional<double> min;  // length of strings, lists, maps and blobs; value of numbers
    std::optional<double> max;
    std::optional<Pattern> pattern;
    std::vector<std::string> enum_values;
    std::optional<ErrorInfo> error;  // set on exception shapes
    std::string timestamp_format;    // "timestampFormat" when the model sets one
    std::string payload;             // REST protocols: the member that is the whole body

    const ShapeRef* find_member(std::string_view member_name) const;
};

struct Operation {
    std::string name;
    const Shape* input = nullptr;   // nullptr when the operation takes no input
    const Shape* output = nullptr;  // nullptr when it returns nothing but metadata
    std::string result_wrapper;     // "<Name>Result" element around the output, may be empty
    std::vector<const Shape*> errors;
    // REST protocols: "http": {"method", "requestUri", "responseCode"}.
    std::string http_method;     // "PUT"
    std::string request_uri;     // "/{Bucket}/{Key+}", "/{Bucket}?policy"
    int response_code = 200;
    // "httpChecksum": {"requestChecksumRequired": true} (or the older
    // "httpChecksumRequired"): the body must travel with a checksum header.
    bool checksum_required = false;
};

struct ModelMetadata {
    std::string protocol;       // "query" for IAM, STS, CloudFormation
    std::string api_version;    // "2010-05-08"
    std::string xml_namespace;  // "https://iam.amazonaws.com/doc/2010-05-08/"
    std::string signing_name;   // "signingName", else the endpoint prefix (botocore's rule)
    std::string endpoint_prefix;
    std::string service_id;
};

// One of the service models built into the binary (src/wire/service_models.pins says
// where they come from; tools/gen_service_models.mjs makes them).
struct EmbeddedModelInfo {
    std::string_view service;          // "iam"
    std::string_view api_version;      // "2010-05-08"
    size_t json_size = 0;              // bytes of the model's JSON
    std::string_view sha256;           // of the model's JSON
    std::string_view aws_sdk_sha256;   // of aws-sdk's apis/<service>-<version>.min.json
    std::string_view botocore_sha256;  // of botocore's <service>/<version>/service-2.json
    size_t operations = 0;
};

// The embedded models, and the versions of the packages they were built from.
const std::vector<EmbeddedModelInfo>& embedded_service_models();
std::string_view embedded_models_aws_sdk_version();
std::string_view embedded_models_botocore_version();

class ServiceModel {
public:
    // From the JSON text of a service-2.json; `file_name` only labels errors.
    [[nodiscard]] static Result<ServiceModel> parse(std::string_view json, std::string file_name = {});
    // From an explicit file.
    [[nodiscard]] static Result<ServiceModel> load(const std::string& path);
    // The model of `service` ("iam", "sts", "cloudformation", "s3") built into the binary,
    // parsed anew. Error UnknownService.
    [[nodiscard]] static Result<ServiceModel> load_embedded(std::string_view service);
    // The same, parsed once per process and shared (thread-safe).
    [[nodiscard]] static Result<const ServiceModel*> embedded(std::string_view service);

    ServiceModel(ServiceModel&&) noexcept = default;
    ServiceModel& operator=(ServiceModel&&) noexcept = default;
    // Shapes point at each other; a copy would point into the original.
    ServiceModel(const ServiceModel&) = delete;
    ServiceModel& operator=(const ServiceModel&) = delete;

    const ModelMetadata& metadata() const { return m_metadata; }
    const Operation* find_operation(std::string_view name) const;
    const Shape* find_shape(std::string_view name) const;
    // The exception shape whose error code (or, failing that, shape name) is `code`.
    const Shape* find_error(std::string_view code) const;

    const std::vector<Operation>& operations() const { return m_operations; }
    // Shapes whose pattern uses what Pattern does not support ("shape 'X': why"); their
    // values are not checked against it.
    const std::vector<std::string>& unchecked_patterns() const { return m_unchecked_patterns; }
    size_t shape_count() const { return m_shapes.size(); }

private:
    ServiceModel() = default;

    ModelMetadata m_metadata;
    std::vector<Shape> m_shapes;  // sized once, so pointers into it stay valid across moves
    std::vector<Operation> m_operations;
    std::unordered_map<std::string_view, size_t> m_shape_index;      // keys view Shape::name
    std::unordered_map<std::string_view, size_t> m_operation_index;  // keys view Operation::name
    std::unordered_map<std::string_view, size_t> m_error_index;      // error code -> shape
    std::vector<std::string> m_unchecked_patterns;

    friend class ModelBuilder;
};

}  // namespace jg::wire
