// Reading and writing the StackSet records of model.hpp, and the errors about them in
// AWS's wording.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/cloudformation/stacksets/engine.hpp"
#include "cloud/cloudformation/stacksets/model.hpp"
#include "cloud/store/store.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::stacksets {

// Where one stack set lives: the administrator account and region, and its name.
struct SetRef {
    std::string account;
    std::string region;
    std::string name;
};

Unexpected stack_set_not_found(std::string_view name);
Unexpected operation_not_found(std::string_view operation_id);
Unexpected instance_not_found(std::string_view name, std::string_view account, std::string_view region);

// The stored StackSet document; StackSetNotFoundException when absent.
Result<Node> load_set(store::Reader& r, const SetRef& set);
Result<void> save_set(store::Tx& tx, const SetRef& set, const Node& doc);
Result<Operation> load_operation(store::Reader& r, const SetRef& set, std::string_view operation_id);
Result<void> save_operation(store::Tx& tx, const SetRef& set, const Operation& op);
// Every instance of the set (StackInstance documents), in key order.
Result<std::vector<Node>> load_instances(store::Reader& r, const SetRef& set);
Result<std::optional<Node>> load_instance(store::Reader& r, const SetRef& set, const Target& t);
Result<void> save_instance(store::Tx& tx, const SetRef& set, const Node& instance);

// A new instance record: OUTDATED / PENDING until an operation reaches it.
Node new_instance(std::string_view stack_set_id, const Target& t, const Node& overrides);
// Sets Status, StackInstanceStatus.DetailedStatus and StatusReason ("" removes it).
void set_instance_status(Node& instance, std::string_view status, std::string_view detailed, std::string_view reason);
// A per-target result record (StackSetOperationResultSummary).
Node result_record(const Target& t, std::string_view status, std::string_view reason);

// A member of a document ("" when absent), and setting one (replacing it if present).
std::string text_of(const Node& doc, std::string_view key);
void set_member(Node& doc, std::string_view key, Node value);
void remove_member(Node& doc, std::string_view key);

}  // namespace jg::cloud::stacksets
