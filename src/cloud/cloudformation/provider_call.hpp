// What the resource providers share: they act through Cloud::call — the same IAM and S3
// handlers, validation, quotas, errors and authorisation as the API — with the
// credentials of the stack operation (the caller's, or the RoleARN session).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cfn/provider.hpp"
#include "cloud/cloud.hpp"

namespace jg::cloud::cloudformation {

struct ActAs {
    Cloud& cloud;
    Credentials credentials;
    RequestInfo info;  // the stack's region

    Result<Node> call(std::string_view service, std::string_view action, const Node& input) const;
};

// Every provider of the types the local cloud can create (the registry's IAM and S3
// types but AWS::IAM::InstanceProfile, which the local IAM does not have).
cfn::ProviderRegistry make_providers(const ActAs& as);

// A failed provider call as the stack event's reason, in CloudFormation's words:
// Resource handler returned message: "MSG" (HandlerErrorCode: AlreadyExists).
std::string handler_reason(const Error& e);

// Helpers for the providers.
namespace prop {
// The property's text ("" when absent).
std::string text(const Node& props, std::string_view name);
// A policy document property as the JSON text IAM and S3 expect (a string as is).
std::string document(const Node& props, std::string_view name);
// A list property's string items.
std::vector<std::string> strings(const Node& props, std::string_view name);
const Node* find(const Node& props, std::string_view name);
}  // namespace prop

// Tells the engine that the resource now exists (cfn::ResourceRequest::created).
inline void mark_created(const cfn::ResourceRequest& r) {
    if (r.created) *r.created = true;
}

// Input builders.
Node object(std::initializer_list<std::pair<const char*, std::string>> members);
bool is_not_found(const Error& e);

}  // namespace jg::cloud::cloudformation
