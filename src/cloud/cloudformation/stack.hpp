// A stack as the local cloud stores it: one document per stack (kind "cfn-stack", name
// "REGION/UUID", kept after deletion like AWS keeps DELETE_COMPLETE stacks), an index from
// live stack names to ids ("cfn-stack-name", "REGION/NAME"), its events ("cfn-event",
// "UUID/SEQUENCE"), the exports of the account and region ("cfn-export", "REGION/NAME")
// and who imports them ("cfn-import", "REGION/EXPORT/STACKNAME").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cloud/caller.hpp"
#include "cloud/input.hpp"
#include "cloud/store/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::cloudformation {

inline constexpr std::string_view k_stack = "cfn-stack";
inline constexpr std::string_view k_stack_name = "cfn-stack-name";
inline constexpr std::string_view k_event = "cfn-event";
inline constexpr std::string_view k_export = "cfn-export";
inline constexpr std::string_view k_import = "cfn-import";
// Stacks with an operation in progress: global (account ""), "ACCOUNT/REGION/UUID" ->
// {"StackId"}, so that a new process finds what a dead one left without a full scan.
inline constexpr std::string_view k_running = "cfn-running";

struct StackResource {
    std::string logical_id;
    std::string physical_id;  // "" until known
    std::string type;
    std::string status;  // CREATE_IN_PROGRESS, CREATE_COMPLETE, ..., DELETE_SKIPPED
    std::string reason;
    Time timestamp{};
    Node properties;  // resolved, as last applied
    std::map<std::string, Node> attributes;
    std::string deletion_policy;  // Delete (default), Retain
};

struct StackOutput {
    std::string key, value, description, export_name;
};

// The operation a stack is in the middle of, and the credentials it acts with (the
// caller's, or the RoleARN session), so that another process can take it over.
struct Operation {
    // CREATE, DELETE, UPDATE; after a crash, a CREATE is taken over as ROLLBACK and an
    // UPDATE as UPDATE_ROLLBACK.
    std::string kind;
    Credentials credentials;
    std::int64_t pid = 0;  // the process running it
    // UPDATE: what to return to on rollback.
    std::string previous_template;
    std::vector<std::pair<std::string, std::string>> previous_parameters;
    std::vector<StackResource> previous_resources;
    std::vector<StackOutput> previous_outputs;
    std::vector<std::string> previous_imports;
    std::vector<std::string> done;  // UPDATE: logical ids already brought up to date
};

struct Stack {
    std::string id;  // arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/UUID
    std::string name, region, account, description;
    std::vector<std::pair<std::string, std::string>> parameters;  // resolved values, template order
    std::vector<std::string> no_echo;  // parameters shown as ****
    std::vector<std::string> capabilities, notification_arns;
    Tags tags;
    std::string role_arn;
    bool disable_rollback = false;   // OnFailure DO_NOTHING
    bool delete_on_failure = false;  // OnFailure DELETE
    bool termination_protection = false;
    std::optional<std::int64_t> timeout_minutes;
    Time created{};
    std::optional<Time> updated, deleted;
    std::string status, reason;
    std::vector<StackOutput> outputs;
    std::string template_body;
    std::vector<StackResource> resources;  // creation order
    std::vector<std::string> imports;      // export names it imports
    std::optional<Operation> operation;

    std::string uuid() const;  // the last part of the id
    StackResource* resource(std::string_view logical_id);
    bool in_progress() const { return status.ends_with("_IN_PROGRESS"); }
};

Node stack_to_doc(const Stack& s);
Result<Stack> stack_from_doc(const Node& doc);

// The NAME of arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/UUID.
std::string stack_name_of(std::string_view stack_id);
std::string stack_key(std::string_view region, std::string_view uuid);
std::string stack_arn(std::string_view region, std::string_view account, std::string_view name, std::string_view uuid);

// The stack named by `name_or_id` (a live stack's name, or any stack's id) in the account
// and region; nullopt when there is none.
Result<std::optional<Stack>> find_stack(store::Reader& r, std::string_view account, std::string_view region,
                                        std::string_view name_or_id);
// Also keeps the k_running index in step with `s.operation`.
Result<void> save_stack(store::Tx& tx, const Stack& s);

// AWS's answer for a stack that does not exist.
Unexpected no_such_stack(std::string_view name_or_id);

// One stack event, numbered in order (DescribeStackEvents lists the newest first).
struct Event {
    std::string logical_id, physical_id, type, status, reason;
    Node properties;  // null when none
};
Result<void> add_event(store::Tx& tx, const Stack& s, const Event& e, Time now, std::string_view event_id);
// The stack-level event (the stack itself as the resource).
Event stack_event(const Stack& s, std::string status, std::string reason = {});

}  // namespace jg::cloud::cloudformation
