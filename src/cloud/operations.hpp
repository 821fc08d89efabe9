// The dispatch table: every AWS action the local cloud serves, as (service, action) →
// handler. One table, one line per operation (operations.cpp); the wire server and the
// in-process client both go through it.
//
// A handler takes the CallContext (caller, AWS-shaped input, authorize()) and returns the
// AWS-shaped output or an Error whose code is AWS's error code. Handlers authorise first,
// validate, then do all their writes in one store transaction.
#pragma once

#include <span>
#include <string_view>

#include "cloud/call_context.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud {

using Handler = Result<Node> (*)(CallContext&);

struct Operation {
    std::string_view service;  // "iam", "sts", "s3"
    std::string_view action;   // the API operation name: "CreateUser"
    Handler handler;
};

std::span<const Operation> operations();
const Operation* find_operation(std::string_view service, std::string_view action);

}  // namespace jg::cloud
