#include "cfn/graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "core/strings.hpp"

namespace jg::cfn {

Result<Order> order_resources(const std::vector<std::string>& ids,
                              const std::map<std::string, std::set<std::string>>& deps) {
    std::unordered_map<std::string, size_t> index;
    for (size_t i = 0; i < ids.size(); ++i) index.emplace(ids[i], i);
    std::vector<size_t> pending(ids.size(), 0);
    std::vector<std::vector<size_t>> dependents(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        auto it = deps.find(ids[i]);
        if (it == deps.end()) continue;
        for (const auto& d : it->second) {
            auto j = index.find(d);
            if (j == index.end()) continue;
            ++pending[i];
            dependents[j->second].push_back(i);
        }
    }
    Order order;
    std::vector<size_t> ready;
    for (size_t i = 0; i < ids.size(); ++i)
        if (pending[i] == 0) ready.push_back(i);
    size_t placed = 0;
    while (!ready.empty()) {
        std::vector<std::string> wave;
        std::vector<size_t> next;
        for (size_t i : ready) {
            wave.push_back(ids[i]);
            for (size_t d : dependents[i])
                if (--pending[d] == 0) next.push_back(d);
        }
        placed += wave.size();
        order.creation.insert(order.creation.end(), wave.begin(), wave.end());
        order.waves.push_back(std::move(wave));
        std::sort(next.begin(), next.end());  // template order within a wave
        ready = std::move(next);
    }
    if (placed != ids.size()) {
        // What is left is every cycle plus what merely depends on one; prune the latter
        // (left-over resources nothing left-over depends on) so only the cycles are named.
        std::vector<bool> left(ids.size());
        for (size_t i = 0; i < ids.size(); ++i) left[i] = pending[i] > 0;
        for (bool pruned = true; pruned;) {
            pruned = false;
            for (size_t i = 0; i < ids.size(); ++i) {
                if (!left[i]) continue;
                bool needed = false;
                for (size_t d : dependents[i]) needed = needed || left[d];
                if (!needed) left[i] = false, pruned = true;
            }
        }
        std::vector<std::string> cyclic;
        for (size_t i = 0; i < ids.size(); ++i)
            if (left[i]) cyclic.push_back(ids[i]);
        return fail("ValidationError",
                    fmt::format("Circular dependency between resources: [{}]", jg::join(cyclic, ", ")));
    }
    order.deletion.assign(order.creation.rbegin(), order.creation.rend());
    return order;
}

}  // namespace jg::cfn
