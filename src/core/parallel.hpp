// Running independent pieces of work on a few threads: fn(i) for every i in [0, n), the
// calling thread included. The first failure stops the handing out of new pieces; the
// error returned is the lowest failing index's, so that the outcome does not depend on
// which thread got there first.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <optional>
#include <thread>
#include <vector>

#include "core/error.hpp"

namespace jg {

template <class F>
Result<void> parallel_for(std::size_t n, std::size_t workers, F&& fn) {
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::vector<std::optional<Error>> errors(n);
    auto work = [&] {
        for (std::size_t i; !failed && (i = next++) < n;)
            if (Result<void> ok = fn(i); !ok) {
                errors[i] = ok.error();
                failed = true;
            }
    };
    std::vector<std::thread> threads;
    for (std::size_t t = 1; t < std::min(workers, n); ++t) threads.emplace_back(work);
    work();
    for (auto& t : threads) t.join();
    for (auto& e : errors)
        if (e) return Unexpected(std::move(*e));
    return {};
}

}  // namespace jg
