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

namespace jg::cloud::cloudformation {

// Queues the operation recorded in the stack's document on the cloud's background pool.
void start_operation(Cloud& cloud, const std::string& account, const std::string& region, const std::string& stack_id);

// Runs it to its end on the calling thread (the pool's task; recovery).
void run_operation(Cloud& cloud, const std::string& account, const std::string& region, const std::string& stack_id);

// Waiting for a stack's operation to end without polling the store: the number of
// operations of `stack_id` this Cloud has run to their end so far, and a wait until it
// differs from `seen` (or `timeout` passes — the operation may run in another process).
// Read the count, then the stack's status, then wait: no end is missed.
std::uint64_t operations_ended(const Cloud& cloud, const std::string& stack_id);
void wait_operation_end(const Cloud& cloud, const std::string& stack_id, std::uint64_t seen, std::chrono::milliseconds timeout);

}  // namespace jg::cloud::cloudformation
