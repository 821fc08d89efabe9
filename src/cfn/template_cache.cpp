#include "cfn/template_cache.hpp"

#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace jg::cfn {

namespace {

// Few distinct bodies are in flight at once (one per StackSet or stack being worked on);
// the least recently used one goes past this bound.
constexpr std::size_t k_capacity = 16;

struct Cache {
    std::mutex mutex;
    std::list<std::string> order;  // most recent first
    std::unordered_map<std::string_view, std::pair<std::list<std::string>::iterator, std::shared_ptr<const Template>>> entries;
};

Cache& cache() {
    static Cache c;
    return c;
}

}  // namespace

tl::expected<std::shared_ptr<const Template>, Errors> load_template_shared(std::string_view text,
                                                                          std::string_view file_name) {
    Cache& c = cache();
    {
        std::lock_guard lock(c.mutex);
        if (auto it = c.entries.find(text); it != c.entries.end()) {
            c.order.splice(c.order.begin(), c.order, it->second.first);
            return it->second.second;
        }
    }
    // Parsed outside the lock: two threads may parse the same text once each, harmless.
    auto t = load_template(text, std::string(file_name));
    if (!t) return tl::unexpected(std::move(t.error()));
    auto shared = std::make_shared<const Template>(std::move(*t));
    std::lock_guard lock(c.mutex);
    if (auto it = c.entries.find(text); it != c.entries.end()) return it->second.second;
    c.order.emplace_front(text);
    c.entries.emplace(std::string_view(c.order.front()), std::make_pair(c.order.begin(), shared));
    if (c.entries.size() > k_capacity) {
        c.entries.erase(std::string_view(c.order.back()));
        c.order.pop_back();
    }
    return shared;
}

}  // namespace jg::cfn
