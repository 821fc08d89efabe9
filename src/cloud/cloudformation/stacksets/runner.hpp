// Running a stored operation: QUEUED → RUNNING → SUCCEEDED / FAILED / STOPPED, with the
// engine scheduling the targets, the role chain giving each target its session, and the
// instance deployer doing the work; every per-target transition is written to the store
// as it happens (results and instances), so DescribeStackSetOperation,
// ListStackSetOperationResults and DescribeStackInstance show progress from any process.
#pragma once

#include <string>

#include "cloud/cloud.hpp"
#include "cloud/cloudformation/stacksets/records.hpp"

namespace jg::cloud::stacksets {

// Runs the QUEUED operation `operation_id` of `set` in the cloud's background (the call
// that created it returns at once). The stack set's CurrentOperation is cleared when it
// ends.
void launch(Cloud& cloud, const SetRef& set, const std::string& operation_id);

// The same, synchronously (what the background job runs).
Result<void> run_operation(Cloud& cloud, const SetRef& set, const std::string& operation_id);

}  // namespace jg::cloud::stacksets
