// The stack engine: runs a stack's pending operation (CREATE, UPDATE, DELETE) after the API
// call that started it has returned, one resource at a time in dependency order, each step
// its own store transaction (resource status and event first, then the provider call, then
// its outcome), so that DescribeStacks/DescribeStackEvents show the progress and a process
// that dies leaves a record another one can finish (recovery.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "cloud/cloud.hpp"
#include "cloud/cloudformation/operation_ends.hpp"

namespace jg::cloud::cloudformation {

// Queues the operation recorded in the stack's document on the cloud's background pool.
void start_operation(Cloud& cloud, const std::string& account, const std::string& region, const std::string& stack_id);

// Runs it to its end on the calling thread (the pool's task; recovery).
void run_operation(Cloud& cloud, const std::string& account, const std::string& region, const std::string& stack_id);

// Waiting for a stack's operation to end without polling the store: watch the stack,
// read watch.ends(), then the stack's status, then watch.wait(seen, timeout) — no end is
// missed (the timeout covers an operation run by another process). The ends are kept only
// while watched (operation_ends.hpp), so a long-lived `serve` keeps nothing per operation.
OperationEnds::Watch watch_operation_ends(const Cloud& cloud, const std::string& stack_id);
// Stacks being watched right now, across Clouds (tests: bounded by the waiters).
std::size_t watched_stacks();

}  // namespace jg::cloud::cloudformation
