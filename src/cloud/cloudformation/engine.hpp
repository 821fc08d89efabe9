// The stack engine: runs a stack's pending operation (CREATE, UPDATE, DELETE) after the API
// call that started it has returned, one resource at a time in dependency order, each step
// its own store transaction (resource status and event first, then the provider call, then
// its outcome), so that DescribeStacks/DescribeStackEvents show the progress and a process
// that dies leaves a record another one can finish (recovery.hpp).
#pragma once

#include <string>

#include "cloud/cloud.hpp"

namespace jg::cloud::cloudformation {

// Queues the operation recorded in the stack's document on the cloud's background pool.
void start_operation(Cloud& cloud, const std::string& account, const std::string& region, const std::string& stack_id);

// Runs it to its end on the calling thread (the pool's task; recovery).
void run_operation(Cloud& cloud, const std::string& account, const std::string& region, const std::string& stack_id);

}  // namespace jg::cloud::cloudformation
