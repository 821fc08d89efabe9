#include "wire/service_model.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::wire {

const char* shape_type_name(ShapeType type) {
    switch (type) {
        case ShapeType::structure: return "structure";
        case ShapeType::list: return "list";
        case ShapeType::map: return "map";
        case ShapeType::string: return "string";
        case ShapeType::integer: return "integer";
        case ShapeType::long_integer: return "long";
        case ShapeType::float_number: return "float";
        case ShapeType::double_number: return "double";
        case ShapeType::boolean: return "boolean";
        case ShapeType::timestamp: return "timestamp";
        case ShapeType::blob: return "blob";
    }
    return "?";
}

const ShapeRef* Shape::find_member(std::string_view member_name) const {
    for (const auto& m : members)
        if (m.name == member_name) return &m;
    return nullptr;
}

namespace {

std::optional<ShapeType> parse_shape_type(std::string_view s) {
    static constexpr std::pair<std::string_view, ShapeType> k_types[] = {
        {"structure", ShapeType::structure}, {"list", ShapeType::list},
        {"map", ShapeType::map},             {"string", ShapeType::string},
        {"integer", ShapeType::integer},     {"long", ShapeType::long_integer},
        {"float", ShapeType::float_number},  {"double", ShapeType::double_number},
        {"boolean", ShapeType::boolean},     {"timestamp", ShapeType::timestamp},
        {"blob", ShapeType::blob},           {"character", ShapeType::string},
    };
    for (const auto& [name, type] : k_types)
        if (name == s) return type;
    return std::nullopt;
}

std::string string_of(const Node* n) { return n && n->is_string() ? n->text : std::string(); }
bool bool_of(const Node* n) { return n && n->is_bool() && n->text == "true"; }

}  // namespace

// Reads the JSON tree in two passes: first every shape's name (so references resolve in any
// order), then the shapes' contents and the operations.
class ModelBuilder {
public:
    ModelBuilder(ServiceModel& model, std::string file) : m_model(model), m_file(std::move(file)) {}

    Result<void> build(const Node& root) {
        if (!root.is_object()) return error("a service model must be a JSON object");
        if (auto ok = read_metadata(root.find("metadata")); !ok) return ok;
        const Node* shapes = root.find("shapes");
        if (!shapes || !shapes->is_object()) return error("the model has no \"shapes\" object");
        m_model.m_shapes.resize(shapes->members.size());
        for (size_t i = 0; i < shapes->members.size(); ++i) {
            Shape& shape = m_model.m_shapes[i];
            shape.name = shapes->members[i].first;
            m_model.m_shape_index.emplace(shape.name, i);
        }
        for (size_t i = 0; i < shapes->members.size(); ++i)
            if (auto ok = read_shape(m_model.m_shapes[i], shapes->members[i].second); !ok) return ok;
        const Node* operations = root.find("operations");
        if (!operations || !operations->is_object()) return error("the model has no \"operations\" object");
        m_model.m_operations.resize(operations->members.size());
        for (size_t i = 0; i < operations->members.size(); ++i) {
            Operation& op = m_model.m_operations[i];
            if (auto ok = read_operation(op, operations->members[i].first, operations->members[i].second); !ok)
                return ok;
            m_model.m_operation_index.emplace(op.name, i);
        }
        return {};
    }

private:
    ServiceModel& m_model;
    std::string m_file;

    Unexpected error(std::string message) const {
        return fail("InvalidServiceModel", m_file.empty() ? message : fmt::format("{}: {}", m_file, message));
    }

    Result<void> read_metadata(const Node* meta) {
        if (!meta || !meta->is_object()) return error("the model has no \"metadata\" object");
        ModelMetadata& md = m_model.m_metadata;
        md.protocol = string_of(meta->find("protocol"));
        md.api_version = string_of(meta->find("apiVersion"));
        md.xml_namespace = string_of(meta->find("xmlNamespace"));
        md.endpoint_prefix = string_of(meta->find("endpointPrefix"));
        md.signing_name = string_of(meta->find("signingName"));
        if (md.signing_name.empty()) md.signing_name = md.endpoint_prefix;
        md.service_id = string_of(meta->find("serviceId"));
        if (md.api_version.empty()) return error("the model's metadata has no apiVersion");
        return {};
    }

    Result<const Shape*> resolve(std::string_view name, std::string_view context) const {
        auto it = m_model.m_shape_index.find(name);
        if (it == m_model.m_shape_index.end())
            return error(fmt::format("{} refers to the unknown shape '{}'", context, name));
        return &m_model.m_shapes[it->second];
    }

    // {"shape": "Name", "locationName": ..., "flattened": ...}
    Result<ShapeRef> read_ref(const Node* node, std::string name, std::string_view context) const {
        if (!node || !node->is_object()) return error(fmt::format("{} is not a shape reference", context));
        ShapeRef ref;
        ref.name = std::move(name);
        auto target = resolve(string_of(node->find("shape")), context);
        if (!target) return tl::unexpected(target.error());
        ref.shape = *target;
        ref.location_name = string_of(node->find("locationName"));
        ref.flattened = bool_of(node->find("flattened"));
        ref.location = string_of(node->find("location"));
        ref.xml_attribute = bool_of(node->find("xmlAttribute"));
        if (const Node* ns = node->find("xmlNamespace"); ns && ns->is_object()) ref.xml_namespace = string_of(ns->find("uri"));
        return ref;
    }

    static std::optional<double> number_of(const Node* n) {
        if (!n || !n->is_number()) return std::nullopt;
        return std::strtod(n->text.c_str(), nullptr);
    }

    Result<void> read_shape(Shape& shape, const Node& node) {
        std::string context = fmt::format("shape '{}'", shape.name);
        if (!node.is_object()) return error(context + " is not an object");
        auto type = parse_shape_type(string_of(node.find("type")));
        if (!type) return error(fmt::format("{} has the unsupported type '{}'", context, string_of(node.find("type"))));
        shape.type = *type;
        shape.flattened = bool_of(node.find("flattened"));
        shape.sensitive = bool_of(node.find("sensitive"));
        shape.min = number_of(node.find("min"));
        shape.max = number_of(node.find("max"));
        shape.timestamp_format = string_of(node.find("timestampFormat"));
        shape.payload = string_of(node.find("payload"));
        // A pattern our engine cannot run is left unchecked rather than failing the whole
        // model (some services use Java regex features IAM, STS and CloudFormation do not);
        // the model lists them so that tests can insist on none for the services we serve.
        if (const Node* pattern = node.find("pattern"); pattern && pattern->is_string()) {
            auto compiled = Pattern::compile(pattern->text);
            if (compiled)
                shape.pattern = std::move(*compiled);
            else
                m_model.m_unchecked_patterns.push_back(fmt::format("{}: {}", context, compiled.error().message));
        }
        if (const Node* values = node.find("enum"); values && values->is_array())
            for (const auto& v : values->items) shape.enum_values.push_back(v.text);
        switch (shape.type) {
            case ShapeType::structure: {
                const Node* members = node.find("members");
                if (members && members->is_object()) {
                    shape.members.reserve(members->members.size());
                    for (const auto& [name, ref] : members->members) {
                        auto member = read_ref(&ref, name, fmt::format("member '{}' of {}", name, context));
                        if (!member) return tl::unexpected(member.error());
                        shape.members.push_back(std::move(*member));
                    }
                }
                if (const Node* required = node.find("required"); required && required->is_array())
                    for (const auto& r : required->items) {
                        auto m = std::find_if(shape.members.begin(), shape.members.end(),
                                              [&](const ShapeRef& ref) { return ref.name == r.text; });
                        if (m == shape.members.end())
                            return error(fmt::format("{} requires the unknown member '{}'", context, r.text));
                        m->required = true;
                    }
                break;
            }
            case ShapeType::list: {
                auto element = read_ref(node.find("member"), {}, "the member of list " + context);
                if (!element) return tl::unexpected(element.error());
                shape.element = std::move(*element);
                break;
            }
            case ShapeType::map: {
                auto key = read_ref(node.find("key"), {}, "the key of map " + context);
                if (!key) return tl::unexpected(key.error());
                auto value = read_ref(node.find("value"), {}, "the value of map " + context);
                if (!value) return tl::unexpected(value.error());
                shape.key = std::move(*key);
                shape.value = std::move(*value);
                break;
            }
            default: break;
        }
        if (const Node* err = node.find("error"); err && err->is_object()) {
            ErrorInfo info;
            info.code = string_of(err->find("code"));
            if (info.code.empty()) info.code = shape.name;
            if (auto status = number_of(err->find("httpStatusCode"))) info.http_status = static_cast<int>(*status);
            info.sender_fault = bool_of(err->find("senderFault"));
            shape.error = info;
        } else if (bool_of(node.find("exception"))) {
            shape.error = ErrorInfo{shape.name, 400, true};
        }
        if (shape.error) {
            size_t index = static_cast<size_t>(&shape - m_model.m_shapes.data());
            m_model.m_error_index.emplace(shape.error->code, index);
        }
        return {};
    }

    Result<void> read_operation(Operation& op, const std::string& name, const Node& node) {
        op.name = name;
        std::string context = fmt::format("operation '{}'", name);
        if (!node.is_object()) return error(context + " is not an object");
        if (const Node* input = node.find("input")) {
            auto shape = resolve(string_of(input->find("shape")), "the input of " + context);
            if (!shape) return tl::unexpected(shape.error());
            op.input = *shape;
        }
        if (const Node* output = node.find("output")) {
            auto shape = resolve(string_of(output->find("shape")), "the output of " + context);
            if (!shape) return tl::unexpected(shape.error());
            op.output = *shape;
            op.result_wrapper = string_of(output->find("resultWrapper"));
        }
        if (const Node* http = node.find("http"); http && http->is_object()) {
            op.http_method = string_of(http->find("method"));
            op.request_uri = string_of(http->find("requestUri"));
            if (auto code = number_of(http->find("responseCode"))) op.response_code = static_cast<int>(*code);
        }
        op.checksum_required = bool_of(node.find("httpChecksumRequired"));
        if (const Node* checksum = node.find("httpChecksum"); checksum && checksum->is_object())
            op.checksum_required = op.checksum_required || bool_of(checksum->find("requestChecksumRequired"));
        if (const Node* errors = node.find("errors"); errors && errors->is_array())
            for (const auto& e : errors->items) {
                auto shape = resolve(string_of(e.find("shape")), "an error of " + context);
                if (!shape) return tl::unexpected(shape.error());
                op.errors.push_back(*shape);
            }
        return {};
    }
};

Result<ServiceModel> ServiceModel::parse(std::string_view json, std::string file_name) {
    auto root = parse_json(json, file_name);
    if (!root) return tl::unexpected(root.error());
    ServiceModel model;
    ModelBuilder builder(model, std::move(file_name));
    if (auto ok = builder.build(*root); !ok) return tl::unexpected(ok.error());
    return model;
}

Result<ServiceModel> ServiceModel::load(const std::string& path) {
    std::string text;
    if (!read_file(path, text)) return fail("InvalidServiceModel", fmt::format("cannot read the service model {}", path));
    return parse(text, path);
}

const Operation* ServiceModel::find_operation(std::string_view name) const {
    auto it = m_operation_index.find(name);
    return it == m_operation_index.end() ? nullptr : &m_operations[it->second];
}

const Shape* ServiceModel::find_shape(std::string_view name) const {
    auto it = m_shape_index.find(name);
    return it == m_shape_index.end() ? nullptr : &m_shapes[it->second];
}

const Shape* ServiceModel::find_error(std::string_view code) const {
    if (auto it = m_error_index.find(code); it != m_error_index.end()) return &m_shapes[it->second];
    const Shape* shape = find_shape(code);
    return shape && shape->error ? shape : nullptr;
}

}  // namespace jg::wire
