// The StackSet records as the store keeps them, all in the administrator account:
//   k_stack_set  REGION/NAME                          the StackSet shape (+ CurrentOperation)
//   k_instance   REGION/NAME/ACCOUNT/TARGET_REGION     one stack instance
//   k_operation  REGION/NAME/OPERATION_ID              one operation (Operation below)
//   k_result     REGION/NAME/OPERATION_ID/ACCOUNT/TARGET_REGION   its per-target result
//   k_stop       REGION/NAME/OPERATION_ID              a stop requested for a running operation
//                (a small document the runner reads before each target, where reading the
//                operation itself would parse every target each time)
// REGION is the administrator's region of the call (stack sets are regional). Documents
// are JSON objects whose members are named like botocore's shapes, so that describing is
// mostly copying.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::stacksets {

inline constexpr std::string_view k_stack_set = "cfn-stackset";
inline constexpr std::string_view k_instance = "cfn-stackset-instance";
inline constexpr std::string_view k_operation = "cfn-stackset-operation";
inline constexpr std::string_view k_result = "cfn-stackset-result";
inline constexpr std::string_view k_stop = "cfn-stackset-stop";

inline constexpr std::string_view k_default_admin_role = "AWSCloudFormationStackSetAdministrationRole";
inline constexpr std::string_view k_default_execution_role = "AWSCloudFormationStackSetExecutionRole";
inline constexpr std::string_view k_cancelled_reason = "Cancelled since failure tolerance has exceeded";

std::string set_key(std::string_view region, std::string_view name);
std::string instance_key(std::string_view region, std::string_view name, std::string_view account,
                         std::string_view target_region);
std::string operation_key(std::string_view region, std::string_view name, std::string_view operation_id);
std::string result_key(std::string_view region, std::string_view name, std::string_view operation_id,
                       std::string_view account, std::string_view target_region);

// One stack instance to act on.
struct Target {
    std::string account;
    std::string region;
    bool operator==(const Target&) const = default;
};

// StackSetOperationPreferences, as given (absent members stay absent when echoed back).
struct Preferences {
    std::optional<std::int64_t> max_concurrent_count, max_concurrent_percentage;
    std::optional<std::int64_t> failure_tolerance_count, failure_tolerance_percentage;
    std::string region_concurrency_type;  // "" (= SEQUENTIAL), SEQUENTIAL, PARALLEL
    std::vector<std::string> region_order;
    std::string concurrency_mode;  // "" (= STRICT_FAILURE_TOLERANCE), STRICT_…, SOFT_FAILURE_TOLERANCE

    bool parallel_regions() const { return region_concurrency_type == "PARALLEL"; }
    bool soft_tolerance() const { return concurrency_mode == "SOFT_FAILURE_TOLERANCE"; }
    // The limits for a region of `targets` targets: percentages round down, concurrency
    // at least 1 (reference sheet §7).
    std::int64_t max_concurrent(std::size_t targets) const;
    std::int64_t failure_tolerance(std::size_t targets) const;
    Node to_node() const;
};

// Reads input member OperationPreferences with AWS's validation (ranges, and Count and
// Percentage mutually exclusive). Errors are ValidationError.
Result<Preferences> read_preferences(const Node& input);
Preferences preferences_from(const Node& stored);

enum class Action { create, update, remove };
std::string_view action_name(Action a);  // CREATE, UPDATE, DELETE
std::optional<Action> action_from(std::string_view name);

// One operation and what it runs on.
struct Operation {
    std::string id;
    std::string stack_set_name;
    std::string stack_set_id;
    std::string region;         // the administrator's region
    Action action = Action::create;
    std::string status;         // QUEUED RUNNING SUCCEEDED FAILED STOPPING STOPPED
    std::string status_reason;
    Preferences preferences;
    bool retain_stacks = false;  // DELETE only
    std::string administration_role_arn;
    std::string execution_role_name;
    Time created{};
    std::optional<Time> ended;
    std::vector<Target> targets;  // in the order given (the engine orders regions)
    std::int64_t failed_count = 0;
    std::string request_digest;   // what was asked, for OperationId idempotency

    Node to_node() const;
    static Result<Operation> from_node(const Node& doc);
    // DescribeStackSetOperation's StackSetOperation shape / ListStackSetOperations' summary.
    Node describe() const;
    Node summary() const;
};

bool terminal(std::string_view operation_status);

// Parameters: [{ParameterKey, ParameterValue | UsePreviousValue}] from input member
// `member`; ValidationError on a key given twice or a missing key.
Result<Node> read_parameters(const Node& input, std::string_view member);
// `base` with the values of `overrides` replacing those of the same key.
Node merge_parameters(const Node& base, const Node& overrides);

// Accounts and regions lists. The aws CLI v2 sends `--accounts A,B,C` as the one member
// "A,B,C": members are split at commas. Accounts must be 12 digits; duplicates dropped.
Result<std::vector<std::string>> read_accounts(const Node& input);
Result<std::vector<std::string>> read_regions(const Node& input, bool required);

// Operation ids: [a-zA-Z0-9][-a-zA-Z0-9]*, 1–128.
Result<void> check_operation_id(std::string_view member, std::string_view id);

}  // namespace jg::cloud::stacksets
