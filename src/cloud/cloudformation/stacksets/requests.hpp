// What the StackSet handlers share: naming the stack set of a request and authorising on
// it, starting an operation (the one transaction that checks and queues it), the
// template checks, and NextToken paging.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cloud/call_context.hpp"
#include "cloud/cloudformation/stacksets/model.hpp"
#include "cloud/cloudformation/stacksets/records.hpp"

namespace jg::cloud::stacksets {

// The stack set named by input member StackSetName (a name, or NAME:UUID as StackSetId),
// in the caller's account and the request's region, after authorising `action`
// ("cloudformation:DescribeStackSet") on it. ValidationError when absent.
Result<SetRef> authorized_set(CallContext& ctx, std::string_view action);

std::string stack_set_arn(const SetRef& set, std::string_view stack_set_id);

struct OperationRequest {
    Action action = Action::create;
    std::vector<Target> targets;
    Preferences preferences;
    bool retain_stacks = false;
    // Runs inside the queuing transaction, once the stack set is known to be free: writes
    // the instances (and the stack set, for UpdateStackSet) the operation needs.
    std::function<Result<void>(store::Tx&, Node& set_doc)> prepare;
};

// Queues the operation and launches it; returns {OperationId}. Input member OperationId
// (optional) makes it idempotent: the same id for the same request returns the existing
// operation, for another request OperationIdAlreadyExistsException.
Result<Node> start_operation(CallContext& ctx, const SetRef& set, OperationRequest request);

// Accounts × regions, region-major (the order StackSets works through them).
std::vector<Target> targets_of(const std::vector<std::string>& accounts, const std::vector<std::string>& regions);

// The template body of TemplateBody or TemplateURL (read from the local S3 with the
// caller's permissions), checked: it parses, its parameters are declared, and the
// capabilities it needs are given (InsufficientCapabilitiesException otherwise).
Result<std::string> read_template(CallContext& ctx, bool allow_previous, const std::string& previous);
Result<void> check_template(std::string_view body, const Node& parameters, const Node& capabilities);

// NextToken / MaxResults over an already ordered list: the token is the offset.
struct PageRequest {
    std::size_t offset = 0;
    std::size_t max = 100;
};
Result<PageRequest> read_page(const Node& input);
// Adds Summaries (items[offset, offset+max)) and NextToken when more remain.
void add_page(Node& output, std::vector<Node> items, const PageRequest& page);

}  // namespace jg::cloud::stacksets
