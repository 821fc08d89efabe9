#include "cloud/cloudformation/provider_call.hpp"

#include <fmt/format.h>

#include "cloud/input.hpp"
#include "core/json.hpp"

namespace jg::cloud::cloudformation {

Result<Node> ActAs::call(std::string_view service, std::string_view action, const Node& input) const {
    return cloud.call(credentials, service, action, input, info);
}

std::string handler_reason(const Error& e) {
    // The handler error codes of the CloudFormation resource provider contract.
    std::string_view code = "GeneralServiceException";
    if (e.code == "EntityAlreadyExists" || e.code == "BucketAlreadyExists" || e.code == "BucketAlreadyOwnedByYou")
        code = "AlreadyExists";
    else if (e.code == "NoSuchEntity" || e.code == "NoSuchBucket" || e.code == "NoSuchBucketPolicy")
        code = "NotFound";
    else if (e.code == "AccessDenied" || e.code == "InvalidClientTokenId" || e.code == "ExpiredToken")
        code = "AccessDenied";
    else if (e.code == "LimitExceeded" || e.code == "TooManyBuckets")
        code = "ServiceLimitExceeded";
    else if (e.code == "ValidationError" || e.code == "MalformedPolicyDocument" || e.code == "InvalidInput" ||
             e.code == "InvalidBucketName" || e.code == "DeleteConflict" || e.code == "BucketNotEmpty")
        code = "InvalidRequest";
    return fmt::format("Resource handler returned message: \"{}\" (HandlerErrorCode: {})", e.message, code);
}

bool is_not_found(const Error& e) {
    return e.code == "NoSuchEntity" || e.code == "NoSuchBucket" || e.code == "NoSuchBucketPolicy";
}

namespace prop {

const Node* find(const Node& props, std::string_view name) {
    if (!props.is_object()) return nullptr;
    const Node* n = props.find(name);
    return n && !n->is_null() ? n : nullptr;
}

std::string text(const Node& props, std::string_view name) {
    const Node* n = find(props, name);
    return n && n->is_scalar() ? n->text : std::string{};
}

std::string document(const Node& props, std::string_view name) {
    const Node* n = find(props, name);
    if (!n) return {};
    return n->is_string() ? n->text : to_json(*n);
}

std::vector<std::string> strings(const Node& props, std::string_view name) {
    std::vector<std::string> out;
    if (const Node* n = find(props, name); n && n->is_array())
        for (const auto& i : n->items) out.push_back(i.text);
    return out;
}

}  // namespace prop

Node object(std::initializer_list<std::pair<const char*, std::string>> members) {
    Node n = Node::make_object();
    for (const auto& [k, v] : members) n.add(k, str(v));
    return n;
}

}  // namespace jg::cloud::cloudformation
