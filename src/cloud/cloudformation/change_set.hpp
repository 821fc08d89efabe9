// A change set as the local cloud stores it: one document per change set (kind
// "cfn-changeset", name "REGION/UUID"), holding what the update would apply (template,
// parameters, capabilities, tags) and the Changes worked out when it was created. Its
// ExecutionStatus follows from its own state and the stack's (see execution_status).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cloud/cloudformation/stack.hpp"

namespace jg::cloud::cloudformation {

inline constexpr std::string_view k_change_set = "cfn-changeset";

struct ChangeSet {
    std::string id;  // arn:aws:cloudformation:REGION:ACCOUNT:changeSet/NAME/UUID
    std::string name, stack_id, stack_name, region, account, description;
    std::string type;    // CREATE, UPDATE
    std::string status;  // CREATE_COMPLETE, FAILED
    std::string reason;
    bool executed = false;
    Time created{};
    std::string template_body;
    std::vector<std::pair<std::string, std::string>> parameters;
    std::vector<std::string> no_echo, capabilities, notification_arns, imports;
    Tags tags;
    std::string role_arn;
    Node changes;  // the Changes list of DescribeChangeSet
    // The stack's template, parameters and tags when the change set was made: a change
    // set made for another version of the stack is OBSOLETE.
    std::string basis;

    std::string uuid() const { return id.substr(id.rfind('/') + 1); }
};

Node change_set_to_doc(const ChangeSet& c);
Result<ChangeSet> change_set_from_doc(const Node& doc);

std::string change_set_arn(std::string_view region, std::string_view account, std::string_view name, std::string_view uuid);
// What `basis` records of a stack.
std::string stack_basis(const Stack& s);

// ChangeSetName: [a-zA-Z][-a-zA-Z0-9]*, at most 128 characters.
Result<void> check_change_set_name(std::string_view name);

// The change sets of a stack (by id), oldest first.
Result<std::vector<ChangeSet>> change_sets_of(store::Reader& r, std::string_view account, std::string_view region,
                                              std::string_view stack_id);
// The change set named `name_or_arn` (an ARN, or a name of the stack `stack`'s change
// sets); nullopt when there is none.
Result<std::optional<ChangeSet>> find_change_set(store::Reader& r, std::string_view account, std::string_view region,
                                                 std::string_view name_or_arn, const std::optional<Stack>& stack);
Result<void> save_change_set(store::Tx& tx, const ChangeSet& c);
Result<void> erase_change_set(store::Tx& tx, const ChangeSet& c);

// AVAILABLE, UNAVAILABLE (FAILED), OBSOLETE (the stack changed since), or, once
// executed, EXECUTE_IN_PROGRESS / EXECUTE_COMPLETE / EXECUTE_FAILED after the stack's status.
std::string execution_status(const ChangeSet& c, const Stack& s);

// ChangeSetNotFound "ChangeSet [NAME] does not exist".
Unexpected no_such_change_set(std::string_view name_or_arn);

}  // namespace jg::cloud::cloudformation
